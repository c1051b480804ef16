// Command pat2app finds personal access tokens in GitHub Actions workflows and
// plans their replacement by GitHub App installation tokens.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/pat2app/pat2app/cli"
)

func main() {
	// Ctrl-C, and the SIGTERM a CI job gets at its timeout: an organisation
	// scan stops cleanly and can be resumed.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.SystemIO())
	stop()
	os.Exit(code)
}
