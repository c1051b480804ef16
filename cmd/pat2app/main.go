// Command pat2app finds personal access tokens in GitHub Actions workflows and
// plans their replacement by GitHub App installation tokens.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/pat2app/pat2app/cli"
)

// The garbage collector's settings, unless GOGC or GOMEMLIMIT say
// otherwise. A scan keeps its findings for the output, so at Go's default
// (GOGC=100) it collects often for little: collecting half as often makes
// a local scan about a sixth faster, and the soft limit keeps that from
// costing memory on large trees (the README's performance section has the
// figures and scripts/bench-vs-actionlint.sh measures them).
const (
	gcPercent   = 200
	memoryLimit = 512 << 20
)

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	// Ctrl-C, and the SIGTERM a CI job gets at its timeout: an organisation
	// scan stops cleanly and can be resumed.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.SystemIO())
	stop()
	os.Exit(code)
}
