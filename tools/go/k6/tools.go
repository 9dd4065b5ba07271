//go:build tools

// Pins k6 for taskstorm's tool bootstrap (sim/infra/tools.ts); never compiled itself.
package tools

import _ "go.k6.io/k6/v2"
