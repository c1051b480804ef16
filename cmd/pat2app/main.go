// Command pat2app finds personal access tokens in GitHub Actions workflows and
// plans their replacement by GitHub App installation tokens.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/pat2app/pat2app/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Main(ctx, os.Args[1:], cli.SystemIO())
	stop()
	os.Exit(code)
}
