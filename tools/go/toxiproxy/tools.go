//go:build tools

// Pins toxiproxy-server and toxiproxy-cli for taskstorm's tool bootstrap (sim/infra/tools.ts); never compiled itself.
package tools

import (
	_ "github.com/Shopify/toxiproxy/v2/cmd/cli"
	_ "github.com/Shopify/toxiproxy/v2/cmd/server"
)
