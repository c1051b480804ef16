package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pat2app/pat2app/apptoken"
	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/planner"
	ghsource "github.com/pat2app/pat2app/source/github"
)

// appFlags name a GitHub App and its keys. token and verify share them.
type appFlags struct {
	clientID    string
	privateKeys []string
	// app is the plan's App name whose credentials the configuration's
	// apps: section holds.
	app string
	// httpTransport and clock replace the network and time in tests.
	httpTransport http.RoundTripper
	clock         ghsource.Clock
}

func (a *appFlags) add(cmd *cobra.Command) {
	f := cmd.PersistentFlags()
	f.StringVar(&a.clientID, "client-id", "", "the GitHub App's client ID (the JWT issuer GitHub recommends; or --app-id)")
	f.StringArrayVar(&a.privateKeys, "private-key", nil, "the App's private key: a PEM file, or env:NAME for an environment variable (repeat for a rotation: tried in order)")
	f.StringVar(&a.app, "app", "", "take the client ID and keys of this planned App from the configuration's apps: section")
}

// credentials returns the App to authenticate as: the flags, else the
// configuration's entry for name, and the installation the configuration
// names (0 when none).
func (a *appFlags) credentials(g *globalOptions, cfg *config.Config, name string) (apptoken.App, int64, error) {
	specs := append([]string{}, a.privateKeys...)
	if g.appPrivateKey != "" {
		specs = append([]string{g.appPrivateKey}, specs...)
	}
	creds := config.AppCredentials{ClientID: a.clientID, AppID: g.appID, PrivateKeys: specs}
	if creds.ClientID == "" && creds.AppID == 0 && len(specs) == 0 && name != "" {
		c, ok := cfg.App(name)
		if !ok {
			return apptoken.App{}, 0, usageErrorf("no credentials for App %s: give --client-id and --private-key, or add it to the apps: section of the configuration", name)
		}
		creds = c
	}
	if creds.ClientID == "" && creds.AppID == 0 {
		return apptoken.App{}, 0, usageErrorf("which App? give --client-id (or --app-id), or --app NAME with an apps: entry in the configuration")
	}
	if len(creds.PrivateKeys) == 0 {
		return apptoken.App{}, 0, usageErrorf("no private key: give --private-key FILE or --private-key env:NAME")
	}
	app := apptoken.App{ClientID: creds.ClientID, AppID: creds.AppID}
	for _, spec := range creds.PrivateKeys {
		k, err := apptoken.LoadKey(spec, g.io.Getenv)
		if err != nil {
			return apptoken.App{}, 0, usageErrorf("%w", err)
		}
		app.Keys = append(app.Keys, k)
	}
	return app, creds.InstallationID, nil
}

func (a *appFlags) minter(g *globalOptions, notef func(string, ...any), m *apptoken.Metrics) *apptoken.Minter {
	return &apptoken.Minter{APIURL: g.apiURL, HTTPTransport: a.httpTransport, Clock: a.clock, Notef: notef, Metrics: m}
}

type tokenOptions struct {
	appFlags
	owner, repo  string
	repositories []string
	permissions  []string
	planPath     string
	job          string
	format       string
	metricsFile  string
}

func newTokenCmd(g *globalOptions) *cobra.Command {
	o := &tokenOptions{}
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Mint a GitHub App installation token for a job outside GitHub Actions",
		Long: "token signs a JWT with the App's private key and exchanges it for an installation token, narrowed to\n" +
			"--repositories and --permission (or to a planned job's set with --plan and --job). The token alone goes to\n" +
			"standard output, its expiry to standard error. Keys come from files or environment variables, never from\n" +
			"a flag's value; with two keys (a rotation) the second is tried when GitHub refuses the first. Every attempt is\n" +
			"counted in --metrics-file for node_exporter's textfile collector.",
		Example: "  GH_TOKEN=$(pat2app token --client-id Iv23liExample --private-key env:APP_KEY --owner acme --repositories api --permission contents=write)\n" +
			"  pat2app token --plan plan.json --job 9f1c2ab04d3e5f60 --format json\n" +
			"  pat2app token exec --client-id Iv23liExample --private-key app.pem --owner acme -- gh release list -R acme/api\n" +
			"  git config --global credential.https://github.com.helper '!pat2app token git-credential --client-id Iv23liExample --private-key /etc/app.pem --owner acme'",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			tok, err := o.mint(cmd.Context(), g, func(r *apptoken.Request) {})
			if err != nil {
				return err
			}
			return o.print(g, tok)
		},
	}
	o.appFlags.add(cmd)
	f := cmd.PersistentFlags()
	f.StringVar(&o.owner, "owner", "", "find the installation on this organisation")
	f.StringVar(&o.repo, "repo", "", "find the installation that covers this repository OWNER/NAME")
	f.StringSliceVar(&o.repositories, "repositories", nil, "narrow the token to these repositories (names or OWNER/NAME, comma-separated)")
	f.StringArrayVar(&o.permissions, "permission", nil, "narrow the token to this permission, NAME=ACCESS (repeatable), e.g. contents=write")
	f.StringVar(&o.planPath, "plan", "", "take the repositories and permissions of a planned job from this plan.json (with --job)")
	f.StringVar(&o.job, "job", "", "the planned job: its fingerprint or REPO:FILE:JOB")
	f.StringVar(&o.metricsFile, "metrics-file", "", "add every mint attempt to this Prometheus textfile (node_exporter textfile collector)")
	cmd.Flags().StringVar(&o.format, "format", "text", "text (the token alone on standard output) or json")
	cmd.AddCommand(newTokenGitCredentialCmd(g, o), newTokenExecCmd(g, o))
	return cmd
}

// request works out the App, the installation and the token's scope from
// the flags, the plan and the configuration.
func (o *tokenOptions) request(g *globalOptions) (apptoken.App, apptoken.Request, error) {
	cfg, err := g.loadConfig("")
	if err != nil {
		return apptoken.App{}, apptoken.Request{}, err
	}
	req := apptoken.Request{Owner: o.owner, Repo: o.repo}
	appName := o.app
	if o.planPath != "" || o.job != "" {
		if o.planPath == "" || o.job == "" {
			return apptoken.App{}, req, usageErrorf("--plan and --job go together")
		}
		if len(o.repositories) > 0 || len(o.permissions) > 0 {
			return apptoken.App{}, req, usageErrorf("--plan and --job take the planned repositories and permissions: leave out --repositories and --permission")
		}
		plan, err := readPlanFile(o.planPath)
		if err != nil {
			return apptoken.App{}, req, err
		}
		j, err := apptoken.FindJob(plan, o.job)
		if err != nil {
			return apptoken.App{}, req, usageErrorf("%s: %w", o.planPath, err)
		}
		if req, err = apptoken.PlannedRequest(j); err != nil {
			return apptoken.App{}, req, usageErrorf("%w", err)
		}
		if appName == "" {
			appName = j.App
		}
	}
	if o.repo != "" && !strings.Contains(o.repo, "/") {
		return apptoken.App{}, req, usageErrorf("--repo wants OWNER/NAME, not %q", o.repo)
	}
	for _, r := range o.repositories {
		r = strings.TrimSpace(r)
		owner, name, ok := strings.Cut(r, "/")
		if !ok {
			name, owner = owner, ""
		}
		if name == "" || strings.Contains(name, "/") {
			return apptoken.App{}, req, usageErrorf("--repositories: %q is not a repository name", r)
		}
		if owner != "" {
			if req.Owner == "" && req.Repo == "" {
				req.Owner = owner
			} else if !strings.EqualFold(owner, req.Owner) && !strings.HasPrefix(strings.ToLower(req.Repo), strings.ToLower(owner)+"/") {
				return apptoken.App{}, req, usageErrorf("--repositories: %s is not of the installation's owner: a token covers one account", r)
			}
		}
		req.Repositories = append(req.Repositories, name)
	}
	if len(o.permissions) > 0 {
		perms, err := knowledge.ParsePermissions(strings.Join(o.permissions, ","))
		if err != nil {
			return apptoken.App{}, req, usageErrorf("--permission: %w", err)
		}
		for name, access := range perms {
			if !knowledge.IsAppPermission(name) {
				return apptoken.App{}, req, usageErrorf("--permission: %s is a GITHUB_TOKEN permission that no GitHub App has", name)
			}
			if !knowledge.ValidAccess(name, access) {
				return apptoken.App{}, req, usageErrorf("--permission: %s takes %s, not %s", name, strings.Join(knowledge.AccessLevels(name), " or "), access)
			}
		}
		req.Permissions = perms
	}
	app, inst, err := o.credentials(g, cfg, appName)
	if err != nil {
		return apptoken.App{}, req, err
	}
	req.InstallationID = inst
	if g.installationID != 0 {
		req.InstallationID = g.installationID
	}
	return app, req, nil
}

// mint mints one token (adjust narrows the request first, e.g. to the
// repository git asks about) and adds the attempts to --metrics-file.
func (o *tokenOptions) mint(ctx context.Context, g *globalOptions, adjust func(*apptoken.Request)) (*apptoken.Token, error) {
	app, req, err := o.request(g)
	if err != nil {
		return nil, err
	}
	adjust(&req)
	if req.InstallationID == 0 && req.Owner == "" && req.Repo == "" {
		return nil, usageErrorf("which installation? give --installation-id, --owner ORG, --repo OWNER/NAME or --plan with --job")
	}
	var metrics *apptoken.Metrics
	if o.metricsFile != "" {
		metrics = apptoken.NewMetrics()
	}
	notef := func(format string, args ...any) { fmt.Fprintf(g.io.Err, "pat2app: "+format+"\n", args...) }
	tok, err := o.minter(g, notef, metrics).Mint(ctx, app, req)
	if metrics != nil {
		if werr := metrics.WriteFile(o.metricsFile); werr != nil {
			notef("%v", werr)
		}
	}
	if err != nil {
		return nil, &ExitError{Code: ExitViolation, Err: err}
	}
	return tok, nil
}

// print writes the token alone (or the JSON) to standard output and what
// it is to standard error.
func (o *tokenOptions) print(g *globalOptions, tok *apptoken.Token) error {
	switch o.format {
	case "json":
		enc := json.NewEncoder(g.io.TokenOut())
		enc.SetIndent("", "  ")
		if err := enc.Encode(tok); err != nil {
			return fmt.Errorf("write the token: %w", err)
		}
	case "text", "":
		if _, err := fmt.Fprintln(g.io.TokenOut(), tok.Token); err != nil {
			return fmt.Errorf("write the token: %w", err)
		}
	default:
		return usageErrorf("unknown --format %q (want text or json)", o.format)
	}
	now := g.io.Now()
	repos := "all of the installation's"
	if len(tok.Repositories) > 0 {
		repos = strings.Join(tok.Repositories, ", ")
	}
	fmt.Fprintf(g.io.Err, "pat2app: token of installation %d expires %s (in %s); permissions %s; repositories %s; minted with key %s\n",
		tok.InstallationID, tok.ExpiresAt.UTC().Format(time.RFC3339), tok.ExpiresAt.Sub(now).Round(time.Minute),
		knowledge.Permissions(tok.Permissions), repos, tok.KeyFingerprint)
	for _, l := range tok.GrantedLess {
		fmt.Fprintf(g.io.Err, "pat2app: GitHub granted less than asked: %s\n", l)
	}
	if tok.Unscoped {
		fmt.Fprintf(g.io.Err, "pat2app: the token can do everything the installation can: narrow it with --repositories and --permission, or --plan and --job\n")
	}
	return nil
}

func newTokenGitCredentialCmd(g *globalOptions, o *tokenOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "git-credential get|store|erase",
		Short: "Act as a git credential helper: a fresh installation token for every git operation",
		Long: "git-credential answers git's `get` with a fresh installation token (username x-access-token), so a job\n" +
			"that runs for hours never meets a token that died after one. It answers only for the GitHub host of\n" +
			"--api-url (github.com by default); when git sends the repository path (credential.useHttpPath), the\n" +
			"token is narrowed to that repository and its installation found from it. store and erase do nothing.",
		Example: "  git config --global credential.https://github.com.helper '!pat2app token git-credential --client-id Iv23liExample --private-key /etc/app.pem --owner acme'\n" +
			"  git config --global credential.https://github.com.useHttpPath true",
		Args:      cobra.ExactArgs(1),
		ValidArgs: []string{"get", "store", "erase"},
		RunE: func(cmd *cobra.Command, args []string) error {
			creq, err := apptoken.ReadCredentialRequest(g.io.In)
			switch {
			case args[0] == "store" || args[0] == "erase":
				return nil
			case args[0] != "get":
				return usageErrorf("git-credential: unknown operation %q (git calls it with get, store or erase)", args[0])
			case err != nil:
				return usageErrorf("%w", err)
			case !creq.ForHost(g.apiURL):
				return nil // another host: let git ask its other helpers
			}
			tok, err := o.mint(cmd.Context(), g, func(r *apptoken.Request) {
				owner, name, ok := creq.Repo()
				if !ok || o.planPath != "" {
					return
				}
				if r.InstallationID == 0 && r.Owner == "" && r.Repo == "" {
					r.Repo = owner + "/" + name
				}
				if len(r.Repositories) == 0 && (r.Owner == "" || strings.EqualFold(r.Owner, owner)) {
					r.Repositories = []string{name}
				}
			})
			if err != nil {
				return err
			}
			return apptoken.WriteCredential(g.io.TokenOut(), tok.Token, tok.ExpiresAt)
		},
	}
}

func newTokenExecCmd(g *globalOptions, o *tokenOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "exec [flags] -- COMMAND [ARG...]",
		Short: "Run a command with a fresh installation token in GH_TOKEN and GITHUB_TOKEN",
		Long: "exec mints one token and runs COMMAND with it in GH_TOKEN and GITHUB_TOKEN (replacing any there), and\n" +
			"exits with COMMAND's exit code. The token lives an hour: for longer git work use git-credential.",
		Example: "  pat2app token exec --client-id Iv23liExample --private-key env:APP_KEY --owner acme --permission contents=read -- ./nightly-report.sh",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			tok, err := o.mint(cmd.Context(), g, func(*apptoken.Request) {})
			if err != nil {
				return err
			}
			c := exec.CommandContext(cmd.Context(), args[0], args[1:]...)
			c.Stdin, c.Stdout, c.Stderr = g.io.In, g.io.Out, g.io.Err
			c.Env = tokenEnv(os.Environ(), tok.Token, g.apiURL)
			err = c.Run()
			var ee *exec.ExitError
			switch {
			case errors.As(err, &ee):
				return &ExitError{Code: ee.ExitCode()}
			case err != nil:
				return &ExitError{Code: ExitViolation, Err: fmt.Errorf("run %s: %w", args[0], err)}
			}
			return nil
		},
	}
}

// tokenEnv is env with GH_TOKEN and GITHUB_TOKEN set to token (and GH_HOST
// for GitHub Enterprise Server, so gh talks to it).
func tokenEnv(env []string, token, apiURL string) []string {
	out := make([]string, 0, len(env)+3)
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if k == "GH_TOKEN" || k == "GITHUB_TOKEN" || k == "GH_HOST" {
			continue
		}
		out = append(out, kv)
	}
	out = append(out, "GH_TOKEN="+token, "GITHUB_TOKEN="+token)
	if host := webBaseURL(apiURL); host != "" {
		out = append(out, "GH_HOST="+strings.TrimPrefix(strings.TrimPrefix(host, "https://"), "http://"))
	}
	return out
}

// readPlanFile reads a plan.json written by `plan`.
func readPlanFile(path string) (*planner.Plan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageErrorf("read plan: %w", err)
	}
	defer f.Close()
	p, err := planner.ReadJSON(f)
	if err != nil {
		return nil, usageErrorf("read plan %s: %w", path, err)
	}
	return p, nil
}
