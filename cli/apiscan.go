package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/scanner"
	ghsource "github.com/pat2app/pat2app/source/github"
)

// apiOptions are the flags of API scans.
type apiOptions struct {
	concurrency     int
	cacheDir        string
	transport       string
	includeArchived bool
	includeForks    bool
	quiet           bool
	noSecrets       bool
	allSecrets      bool
	maxRequests     int
	resume          bool
	// ghToken runs `gh auth token` (tests replace it).
	ghToken func(ctx context.Context, host string) (string, error)
}

func (a *apiOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.IntVar(&a.concurrency, "concurrency", ghsource.DefaultConcurrency, "API requests in flight at once (--org/--repo)")
	f.StringVar(&a.cacheDir, "cache-dir", "", "HTTP cache for API scans (default: pat2app under the user cache directory; \"off\" for none)")
	f.StringVar(&a.transport, "transport", ghsource.TransportAuto, "how files are read through the API: auto, graphql or rest")
	f.BoolVar(&a.includeArchived, "include-archived", false, "also scan archived repositories of --org")
	f.BoolVar(&a.includeForks, "include-forks", false, "also scan forks of --org")
	f.BoolVar(&a.quiet, "quiet", false, "no progress or notes on stderr")
	f.BoolVar(&a.noSecrets, "no-secrets", false, "skip the secrets and token inventory of API scans")
	f.IntVar(&a.maxRequests, "max-requests", 0, "send at most N metered API requests (REST and GraphQL; 304 answers are free), then stop with a partial inventory (exit 3); 0 for no cap")
	f.BoolVar(&a.resume, "resume", false, "continue the last scan of the same --org/--repo that stopped before the end (rate limit, --max-requests, Ctrl-C): what it read is not read again")
	f.BoolVar(&a.allSecrets, "all-secrets", false, "list the Actions secrets of every repository with workflows, not only where the plan needs them (finds unused secrets everywhere; one or more REST requests per repository)")
}

// scanAPI scans organisations and repositories through the GitHub API. The
// result's findings stay on disk until read (Result.Findings); the caller
// closes it.
func scanAPI(ctx context.Context, g *globalOptions, s *sourceOptions, cfg *config.Config) (*ghsource.Result, error) {
	a := &s.api
	switch a.transport {
	case ghsource.TransportAuto, ghsource.TransportGraphQL, ghsource.TransportREST:
	case "git":
		return nil, usageErrorf("--transport git was removed: GraphQL reads the same files with fewer round trips, and REST what GraphQL cannot (use auto, graphql or rest)")
	default:
		return nil, usageErrorf("unknown --transport %q (want auto, graphql or rest)", a.transport)
	}
	if a.concurrency < 1 || a.concurrency > 64 {
		return nil, usageErrorf("--concurrency must be between 1 and 64, not %d", a.concurrency)
	}
	if a.maxRequests < 0 {
		return nil, usageErrorf("--max-requests must be 0 (no cap) or more, not %d", a.maxRequests)
	}
	if a.resume && a.cacheDir == "off" {
		return nil, usageErrorf("--resume needs the cache, where a scan keeps what it read: not --cache-dir off")
	}
	if a.noSecrets && a.allSecrets {
		return nil, usageErrorf("--no-secrets and --all-secrets contradict each other")
	}
	if err := checkAPIURL(g.apiURL); err != nil {
		return nil, err
	}
	opts := ghsource.Options{
		APIURL: g.apiURL, Concurrency: a.concurrency, Transport: a.transport,
		IncludeArchived: a.includeArchived, IncludeForks: a.includeForks, SkipSecrets: a.noSecrets, AllSecrets: a.allSecrets,
		ScannerKey: scannerKey(cfg), MaxRequests: a.maxRequests, Resume: a.resume,
	}
	if !a.quiet {
		opts.Log, opts.Progress = g.io.Err, g.io.Err
		if g.io.IsTerminal == nil || !g.io.IsTerminal(g.io.Err) {
			opts.ProgressEvery = time.Minute // a log (CI): a line a minute
		}
	}
	var err error
	if opts.CacheDir, err = a.cacheRoot(); err != nil {
		return nil, err
	}
	if len(s.orgs) > 0 {
		opts.Owner = s.orgs[0]
	} else if len(s.repos) > 0 {
		opts.Owner, opts.Repo, _ = strings.Cut(s.repos[0], "/")
	}
	if err := a.credentials(ctx, g, &opts); err != nil {
		return nil, err
	}
	client, err := ghsource.New(ctx, opts)
	if err != nil {
		return nil, usageErrorf("%w", err)
	}
	sc := scanner.New(scanner.Options{Config: cfg, Actions: client.Actions()})
	res, err := client.Run(ctx, ghsource.Targets{Orgs: s.orgs, Repos: s.repos}, sc)
	if err != nil {
		if ctx.Err() != nil {
			// What was read is kept: the scan goes on from there.
			return nil, &ExitError{Code: ExitPartial, Err: fmt.Errorf("scan interrupted (%v): run it again with --resume to go on from where it stopped", ctx.Err())}
		}
		return nil, fmt.Errorf("scan through the API: %w", err)
	}
	return res, nil
}

// scannerKey identifies what an API scan's findings depend on besides the
// files: this build of pat2app (its release or commit version, else the
// executable's hash) and the configuration. A repository unchanged since a
// scan with the same key takes that scan's findings from the cache; ""
// (the build cannot be told apart) reuses none.
func scannerKey(cfg *config.Config) string {
	build := buildKey()
	if build == "" {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", build)
	if err := json.NewEncoder(h).Encode(cfg); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// buildKey names this build: its release or commit version, else its
// executable's hash (read once per process); "" when neither is known.
var buildKey = sync.OnceValue(func() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" && !strings.Contains(bi.Main.Version, "dirty") {
		return "version " + bi.Main.Version
	}
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return "executable " + hex.EncodeToString(h.Sum(nil))
})

// appKeyEnv holds the App's private key itself (PEM), for runners where
// the key is a secret rather than a file.
const appKeyEnv = "PAT2APP_APP_PRIVATE_KEY"

// checkAPIURL refuses an --api-url that is not an http(s) URL or that
// carries credentials, without repeating it: it may hold a token.
func checkAPIURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return usageErrorf("--api-url is not a URL (want https://HOST/api/v3 for GitHub Enterprise Server)")
	case u.User != nil:
		return usageErrorf("--api-url must not carry credentials (USER:PASSWORD@): give the token in GH_TOKEN or GITHUB_TOKEN")
	case u.Scheme != "https" && u.Scheme != "http" || u.Host == "":
		return usageErrorf("--api-url must be an https:// URL (want https://HOST/api/v3 for GitHub Enterprise Server)")
	}
	return nil
}

// flagError restates an invalid flag value without repeating it: a value
// given to the wrong flag may be a secret.
func flagError(_ *cobra.Command, err error) error {
	var ive *pflag.InvalidValueError
	if !errors.As(err, &ive) {
		return err
	}
	why := "invalid value"
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		why = "not a number"
	}
	return fmt.Errorf("--%s: %s", ive.GetFlag().Name, why)
}

// looksLikeKey reports whether a --app-private-key value is a key itself
// rather than a path: a PEM block, several lines, or a long base64 body.
func looksLikeKey(v string) bool {
	return strings.Contains(v, "-----BEGIN") || strings.Contains(v, "PRIVATE KEY") || strings.ContainsAny(v, "\r\n") ||
		(strings.HasPrefix(v, "MII") && len(v) > 64)
}

// appPrivateKey reads the App's key: the --app-private-key file, else
// PAT2APP_APP_PRIVATE_KEY. Neither the flag's value nor the key is ever
// repeated in an error.
func appPrivateKey(g *globalOptions) ([]byte, error) {
	if g.appPrivateKey == "" {
		key := strings.TrimSpace(g.io.Getenv(appKeyEnv))
		if !strings.Contains(key, "\n") {
			key = strings.ReplaceAll(key, `\n`, "\n") // a key stored with escaped line breaks
		}
		return []byte(key + "\n"), nil
	}
	if looksLikeKey(g.appPrivateKey) {
		return nil, usageErrorf("--app-private-key looks like a key, not a path: give the path of the key file, or put the key in %s", appKeyEnv)
	}
	key, err := os.ReadFile(g.appPrivateKey)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // without the path: it may be a mistyped secret
		}
		return nil, usageErrorf("read the --app-private-key file: %v", err)
	}
	return key, nil
}

// credentials picks the App (--app-id with --app-private-key or
// PAT2APP_APP_PRIVATE_KEY) or a token: GH_TOKEN, GITHUB_TOKEN, else `gh auth
// token` when gh is installed.
func (a *apiOptions) credentials(ctx context.Context, g *globalOptions, opts *ghsource.Options) error {
	keyEnv := strings.TrimSpace(g.io.Getenv(appKeyEnv)) != ""
	if g.appID != 0 || g.appPrivateKey != "" {
		if g.appID == 0 || (g.appPrivateKey == "" && !keyEnv) {
			return usageErrorf("--app-id and --app-private-key (or %s) go together", appKeyEnv)
		}
		key, err := appPrivateKey(g)
		if err != nil {
			return err
		}
		opts.App = &ghsource.App{AppID: g.appID, InstallationID: g.installationID, PrivateKey: key}
		return nil
	}
	for _, v := range []string{"GH_TOKEN", "GITHUB_TOKEN"} {
		if t := strings.TrimSpace(g.io.Getenv(v)); t != "" {
			opts.Token = t
			return nil
		}
	}
	run := a.ghToken
	if run == nil {
		run = ghAuthToken
	}
	host := ""
	if u, err := url.Parse(g.apiURL); err == nil && g.apiURL != "" && u.Host != "api.github.com" {
		host = u.Host
	}
	t, err := run(ctx, host)
	if err != nil || t == "" {
		return usageErrorf("no credentials for the API: set GH_TOKEN or GITHUB_TOKEN, run `gh auth login`, or give --app-id and --app-private-key")
	}
	opts.Token = t
	return nil
}

// ghAuthToken asks the gh CLI for its token, when gh is installed.
func ghAuthToken(ctx context.Context, host string) (string, error) {
	path, err := exec.LookPath("gh")
	if err != nil {
		return "", errors.New("gh is not installed")
	}
	args := []string{"auth", "token"}
	if host != "" {
		args = append(args, "--hostname", host)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stderr = io.Discard
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("gh auth token: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}
