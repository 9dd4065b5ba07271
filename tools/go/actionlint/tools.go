//go:build tools

// Pins actionlint for taskstorm's tool bootstrap (sim/infra/tools.ts); never compiled itself.
package tools

import _ "github.com/rhysd/actionlint/cmd/actionlint"
