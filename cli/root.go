// Package cli holds the pat2app commands. Each command has an options
// struct, a constructor that only parses flags, and a run function that does
// the work, so both can be tested without a process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/redact"
)

// Exit codes (SPEC "Commands").
const (
	ExitOK        = 0
	ExitViolation = 1
	ExitUsage     = 2
	ExitPartial   = 3
)

// ExitError carries an exit code out of a command. A nil Err means the
// command already printed what the user needs.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// usageErrorf is a bad invocation or config (exit 2).
func usageErrorf(format string, args ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, args...)}
}

// IO is the process environment a command sees: streams, environment
// variables and the clock. Tests replace every part.
type IO struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	Getenv func(string) string
	Now    func() time.Time
	// IsTerminal reports whether Out (or Err) is a terminal.
	IsTerminal func(w io.Writer) bool
	// tokenOut is standard output before redaction (see TokenOut).
	tokenOut io.Writer
}

// TokenOut is standard output without redaction: only for what is a token
// by design (the token command's output, a git credential). Everything
// else goes to Out, where tokens are redacted.
func (s *IO) TokenOut() io.Writer {
	if s.tokenOut != nil {
		return s.tokenOut
	}
	return s.Out
}

// SystemIO returns the IO of the running process.
func SystemIO() *IO {
	return &IO{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		Getenv: os.Getenv, Now: time.Now,
		IsTerminal: isTerminal,
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil {
		return false
	}
	return st.Mode()&os.ModeCharDevice != 0
}

// globalOptions are the flags every command shares.
type globalOptions struct {
	io         *IO
	configPath string
	apiURL     string
	// GitHub App auth for API modes.
	appID          int64
	appPrivateKey  string
	installationID int64
}

// loadConfig reads --config, or .pat2app.yaml in dir when it exists.
func (g *globalOptions) loadConfig(dir string) (*config.Config, error) {
	if g.configPath != "" {
		c, err := config.Load(g.configPath, false)
		if err != nil {
			return nil, &ExitError{Code: ExitUsage, Err: err}
		}
		return c, nil
	}
	if dir == "" {
		dir = "."
	}
	c, err := config.Load(dir+string(os.PathSeparator)+config.FileName, true)
	if err != nil {
		return nil, &ExitError{Code: ExitUsage, Err: err}
	}
	return c, nil
}

// NewRootCmd builds the pat2app command tree.
func NewRootCmd(stdio *IO) *cobra.Command {
	g := &globalOptions{io: stdio}
	root := &cobra.Command{
		Use:           "pat2app",
		Short:         "Move GitHub Actions automation off personal access tokens onto GitHub Apps",
		Long:          "pat2app finds every credential GitHub Actions workflows use, works out what each job does with it,\nand plans the smallest GitHub App permissions (or GITHUB_TOKEN) to replace personal access tokens.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionText(debug.ReadBuildInfo()),
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetIn(stdio.In)
	root.SetOut(stdio.Out)
	root.SetErr(stdio.Err)
	root.SetFlagErrorFunc(flagError)
	pf := root.PersistentFlags()
	pf.StringVar(&g.configPath, "config", "", "configuration file (default: .pat2app.yaml in the scanned folder when present)")
	pf.StringVar(&g.apiURL, "api-url", "", "GitHub API URL (GitHub Enterprise Server: https://HOST/api/v3)")
	pf.Int64Var(&g.appID, "app-id", 0, "GitHub App ID for API modes (with --app-private-key)")
	pf.StringVar(&g.appPrivateKey, "app-private-key", "", "GitHub App private key file (PEM; or the key itself in "+appKeyEnv+")")
	pf.Int64Var(&g.installationID, "installation-id", 0, "GitHub App installation ID (default: found from the organisation)")
	root.AddCommand(newScanCmd(g), newPlanCmd(g), newCheckCmd(g), newBaselineCmd(g), newFixCmd(g))
	root.AddCommand(newTokenCmd(g), newVerifyCmd(g), newStatusCmd(g), newOffboardCmd(g))
	return root
}

// Main runs pat2app with args and returns the exit code. Everything the
// command prints passes through redact, so no token or private key reaches
// standard output or standard error, whatever text carried it (a finding,
// a path, an error message, a flag's value).
func Main(ctx context.Context, args []string, stdio *IO) int {
	redacted, flush := redactIO(stdio)
	code := run(ctx, args, redacted)
	flush()
	return code
}

func run(ctx context.Context, args []string, stdio *IO) int {
	root := NewRootCmd(stdio)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			fmt.Fprintf(stdio.Err, "pat2app: %v\n", ee.Err)
		}
		return ee.Code
	}
	// cobra's own errors (unknown flag, bad args) are usage errors.
	fmt.Fprintf(stdio.Err, "pat2app: %v\n", err)
	return ExitUsage
}

// redactIO returns stdio with its output streams redacted, and the function
// that writes what they hold back at the end.
func redactIO(stdio *IO) (*IO, func()) {
	out, errw := redact.NewWriter(stdio.Out), redact.NewWriter(stdio.Err)
	r := *stdio
	r.Out, r.Err, r.tokenOut = out, errw, stdio.TokenOut()
	if stdio.IsTerminal != nil {
		r.IsTerminal = func(w io.Writer) bool {
			if rw, ok := w.(*redact.Writer); ok {
				w = rw.Underlying()
			}
			return stdio.IsTerminal(w)
		}
	}
	return &r, func() {
		out.Flush()
		errw.Flush()
	}
}
