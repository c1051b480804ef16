// Command pat2app finds personal access tokens in GitHub Actions workflows and
// plans their replacement by GitHub App installation tokens.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"

	"github.com/pat2app/pat2app/cli"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// A short-lived scan allocates many small parse trees; collecting
		// less often halves its run time. The soft memory limit keeps long
		// organisation scans bounded all the same.
		debug.SetGCPercent(400)
		debug.SetMemoryLimit(2 << 30)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Main(ctx, os.Args[1:], cli.SystemIO())
	stop()
	os.Exit(code)
}
