// Package verify checks, before any workflow changes, that the planned
// GitHub Apps will work: each App exists and its keys are accepted, its
// permissions and its installation's cover the plan, the installation
// reaches every repository of the App's jobs, the variables and secrets
// the token step reads are defined where those jobs can see them, and the
// App's settings have not drifted from the manifest `plan` wrote.
package verify

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/pat2app/pat2app/apptoken"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/report"
	ghsource "github.com/pat2app/pat2app/source/github"
)

// Status is the outcome of one check.
type Status string

// Outcomes, from best to worst; unknown means it could not be checked.
const (
	StatusOK      Status = "ok"
	StatusWarn    Status = "warn"
	StatusUnknown Status = "unknown"
	StatusFail    Status = "fail"
)

var statusRank = map[Status]int{StatusOK: 0, StatusWarn: 1, StatusUnknown: 2, StatusFail: 3}

// Checks, as the reports name them.
const (
	CheckKey          = "key"
	CheckPermissions  = "permissions"
	CheckInstallation = "installation"
	CheckRepository   = "repository"
	CheckVariable     = "variable"
	CheckSecret       = "secret"
	CheckDrift        = "drift"
)

// Check is one verified fact.
type Check struct {
	Check   string `json:"check"`
	Subject string `json:"subject"`
	Status  Status `json:"status"`
	Detail  string `json:"detail"`
}

// AppReport is what was found for one planned App.
type AppReport struct {
	Name   string  `json:"name"`
	Issuer string  `json:"issuer"`
	Status Status  `json:"status"`
	Checks []Check `json:"checks"`
}

func (a *AppReport) add(check, subject string, st Status, format string, args ...any) {
	a.Checks = append(a.Checks, Check{Check: check, Subject: subject, Status: st, Detail: fmt.Sprintf(format, args...)})
	if statusRank[st] > statusRank[a.Status] {
		a.Status = st
	}
}

// Report is the outcome of verify.
type Report struct {
	Status Status      `json:"status"`
	Apps   []AppReport `json:"apps"`
	// NotChecked are planned Apps without credentials.
	NotChecked []string `json:"not_checked,omitempty"`
}

// Options say what verify may use.
type Options struct {
	// Minter carries the API URL, transport and clock of the App clients.
	Minter *apptoken.Minter
	// Apps are the credentials of the planned Apps to check, by plan App
	// name; planned Apps without an entry are listed as not checked.
	Apps map[string]apptoken.App
	// Installations are installation IDs by plan App name (from the
	// configuration); missing ones are found from the organisation.
	Installations map[string]int64
	// Reader reads Actions variables and secrets; nil leaves those checks
	// unknown, ReaderNote saying why.
	Reader     *ghsource.Client
	ReaderNote string
	// TokenClient builds a client on an installation token, to list the
	// repositories a selected installation reaches.
	TokenClient func(ctx context.Context, token string) (*ghsource.Client, error)
}

// Run checks every planned App that has credentials.
func Run(ctx context.Context, p *planner.Plan, opts Options) *Report {
	r := &Report{Status: StatusOK, Apps: []AppReport{}}
	defs := &definitions{reader: opts.Reader, note: opts.ReaderNote, repo: map[string]*named{}, org: map[string]*orgNamed{}, vis: map[string]string{}}
	for i := range p.Apps {
		a := &p.Apps[i]
		creds, ok := opts.Apps[a.Name]
		if !ok {
			r.NotChecked = append(r.NotChecked, a.Name)
			continue
		}
		c := &appCheck{opts: opts, plan: p, app: a, creds: creds, defs: defs,
			rep: AppReport{Name: a.Name, Issuer: creds.Issuer(), Status: StatusOK}}
		c.run(ctx)
		r.Apps = append(r.Apps, c.rep)
		if statusRank[c.rep.Status] > statusRank[r.Status] {
			r.Status = c.rep.Status
		}
	}
	if len(r.NotChecked) > 0 && statusRank[r.Status] < statusRank[StatusUnknown] {
		r.Status = StatusUnknown
	}
	return r
}

// appCheck checks one App.
type appCheck struct {
	opts     Options
	plan     *planner.Plan
	app      *planner.App
	creds    apptoken.App
	defs     *definitions
	rep      AppReport
	session  *apptoken.Session
	settings *ghsource.AppSettings
}

func (c *appCheck) run(ctx context.Context) {
	c.keys(ctx)
	if c.session == nil {
		c.rep.add(CheckInstallation, "", StatusUnknown, "not checked: GitHub accepted none of the App's keys")
		c.refs(ctx)
		return
	}
	c.permissions()
	for _, owner := range owners(c.app.Repositories) {
		c.installation(ctx, owner)
	}
	if len(c.app.Repositories) == 0 {
		c.rep.add(CheckInstallation, "", StatusUnknown, "the plan names no repository for this App: its installation cannot be checked")
	}
	c.refs(ctx)
	c.drift()
}

// keys checks that GitHub accepts a JWT signed with each key; the first
// accepted key carries the other checks.
func (c *appCheck) keys(ctx context.Context) {
	for _, k := range c.creds.Keys {
		s, err := c.opts.Minter.Session(c.creds, k)
		if err != nil {
			c.rep.add(CheckKey, k.String(), StatusFail, "%v", err)
			continue
		}
		st, err := s.Client().App(ctx)
		if err != nil {
			c.rep.add(CheckKey, k.String(), StatusFail, "%s", s.Explain(err, "read the App").Msg)
			continue
		}
		c.rep.add(CheckKey, k.String(), StatusOK, "GitHub accepts a JWT signed with it: App %s (id %d)", st.Slug, st.ID)
		if c.session == nil {
			c.session, c.settings = s, st
		}
	}
}

// permissions checks the App's settings grant every planned permission.
func (c *appCheck) permissions() {
	missing := missingPermissions(c.app.Permissions, c.settings.Permissions)
	if len(missing) > 0 {
		c.rep.add(CheckPermissions, c.settings.Slug, StatusFail,
			"the App lacks %s: add it in the App's settings (Permissions & events), then have an organisation owner accept the new permissions on the installation", strings.Join(missing, ", "))
		return
	}
	c.rep.add(CheckPermissions, c.settings.Slug, StatusOK, "the App's settings grant %s", report.PermissionsText(c.app.Permissions))
}

// installation checks the App's installation on owner: present, not
// suspended, the planned permissions accepted, and every planned
// repository of owner in reach.
func (c *appCheck) installation(ctx context.Context, owner string) {
	var in *ghsource.Installation
	var err error
	if id := c.opts.Installations[c.app.Name]; id != 0 {
		in, err = c.session.Client().Installation(ctx, id)
	} else {
		in, err = c.session.Client().OrgInstallation(ctx, owner)
	}
	if err != nil {
		e := c.session.Explain(err, "find the installation on "+owner)
		if e.Reason == apptoken.ReasonUnknownInstallation {
			c.rep.add(CheckInstallation, owner, StatusFail, "the App is not installed on %s: install it there on the repositories %s", owner, strings.Join(reposOf(c.app.Repositories, owner), ", "))
			return
		}
		c.rep.add(CheckInstallation, owner, StatusFail, "%s", e.Msg)
		return
	}
	url := c.session.InstallationURL(in.Account, in.ID)
	switch {
	case in.Suspended:
		c.rep.add(CheckInstallation, owner, StatusFail, "installation %d is suspended: an owner of %s must unsuspend it (%s)", in.ID, owner, url)
		return
	case !strings.EqualFold(in.Account, owner):
		c.rep.add(CheckInstallation, owner, StatusFail, "installation %d is on %s, not %s", in.ID, in.Account, owner)
		return
	}
	if missing := missingPermissions(c.app.Permissions, in.Permissions); len(missing) > 0 {
		c.rep.add(CheckInstallation, owner, StatusFail, "installation %d has not accepted %s: an owner of %s must accept the App's new permissions on the installation (%s)",
			in.ID, strings.Join(missing, ", "), owner, url)
	} else {
		c.rep.add(CheckInstallation, owner, StatusOK, "installation %d on %s (%s repositories) accepted the planned permissions", in.ID, owner, in.Selection)
	}
	repos := reposOf(c.app.Repositories, owner)
	if in.Selection != "selected" {
		for _, r := range repos {
			c.rep.add(CheckRepository, r, StatusOK, "installed on all repositories of %s", owner)
		}
		return
	}
	covered, err := c.selectedRepos(ctx, in.ID)
	if err != nil {
		for _, r := range repos {
			c.rep.add(CheckRepository, r, StatusUnknown, "could not list the installation's repositories: %v", err)
		}
		return
	}
	for _, r := range repos {
		if covered[strings.ToLower(r)] {
			c.rep.add(CheckRepository, r, StatusOK, "in installation %d's selected repositories", in.ID)
		} else {
			c.rep.add(CheckRepository, r, StatusFail, "not in installation %d's selected repositories: a token works in the others and fails here; add it under Repository access (%s)", in.ID, url)
		}
	}
}

// selectedRepos lists what an installation reaches, through a token of it.
func (c *appCheck) selectedRepos(ctx context.Context, id int64) (map[string]bool, error) {
	tok, err := c.session.Mint(ctx, apptoken.Request{InstallationID: id})
	if err != nil {
		return nil, err
	}
	client, err := c.opts.TokenClient(ctx, tok.Token)
	if err != nil {
		return nil, err
	}
	names, err := client.InstallationRepositories(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, n := range names {
		out[strings.ToLower(n)] = true
	}
	return out, nil
}

// refs checks the variables and secrets each of the App's jobs' token step
// reads are defined where the job's repository sees them.
func (c *appCheck) refs(ctx context.Context) {
	type need struct{ kind, name, repo string }
	needs := map[need]bool{}
	for i := range c.plan.Jobs {
		j := &c.plan.Jobs[i]
		if j.App != c.app.Name || j.Snippet == "" {
			continue
		}
		refs, err := snippetRefs(j.Snippet)
		if err != nil {
			c.rep.add(CheckVariable, j.Fingerprint, StatusUnknown, "the token step of %s:%s:%s: %v", j.Repo, j.File, j.Job, err)
			continue
		}
		for _, v := range refs.Vars {
			needs[need{CheckVariable, v, j.Repo}] = true
		}
		for _, s := range refs.Secrets {
			needs[need{CheckSecret, s, j.Repo}] = true
		}
	}
	list := make([]need, 0, len(needs))
	for n := range needs {
		list = append(list, n)
	}
	sort.Slice(list, func(a, b int) bool {
		if list[a].kind != list[b].kind {
			return list[a].kind > list[b].kind
		}
		if list[a].name != list[b].name {
			return list[a].name < list[b].name
		}
		return list[a].repo < list[b].repo
	})
	for _, n := range list {
		st, detail := c.defs.find(ctx, n.kind, n.name, n.repo)
		prefix := "vars."
		if n.kind == CheckSecret {
			prefix = "secrets."
		}
		c.rep.add(n.kind, prefix+n.name+" @ "+n.repo, st, "%s", detail)
	}
}

// drift compares the App's settings with the manifest plan wrote.
func (c *appCheck) drift() {
	manifest := c.app.Manifest
	want := map[string]string{}
	if dp, ok := manifest["default_permissions"].(map[string]any); ok {
		for k, v := range dp {
			want[k] = fmt.Sprint(v)
		}
	}
	var diffs []string
	for _, name := range knowledge.Permissions(c.settings.Permissions).Names() {
		have := c.settings.Permissions[name]
		if knowledge.AccessRank(have) > knowledge.AccessRank(want[name]) {
			w := want[name]
			if w == "" {
				w = "none"
			}
			diffs = append(diffs, fmt.Sprintf("the App has %s: %s where the manifest asks %s (more than its jobs need)", name, have, w))
		}
	}
	wantEvents := map[string]bool{}
	if ev, ok := manifest["default_events"].([]any); ok {
		for _, e := range ev {
			wantEvents[fmt.Sprint(e)] = true
		}
	}
	for _, e := range c.settings.Events {
		if !wantEvents[e] {
			diffs = append(diffs, fmt.Sprintf("the App subscribes to %s events, which the manifest does not", e))
		}
	}
	if name, _ := manifest["name"].(string); name != "" && c.settings.Name != "" && !strings.EqualFold(name, c.settings.Name) {
		diffs = append(diffs, fmt.Sprintf("the App is named %q on GitHub and %q in the manifest", c.settings.Name, name))
	}
	if len(diffs) == 0 {
		c.rep.add(CheckDrift, c.settings.Slug, StatusOK, "the App's settings match the manifest (permissions and events)")
		return
	}
	for _, d := range diffs {
		c.rep.add(CheckDrift, c.settings.Slug, StatusWarn, "%s", d)
	}
}

// missingPermissions lists each planned permission granted lower or not
// at all: "contents: write (has read)".
func missingPermissions(want, have map[string]string) []string {
	var out []string
	for _, name := range knowledge.Permissions(want).Names() {
		if name == "metadata" || knowledge.AccessRank(have[name]) >= knowledge.AccessRank(want[name]) {
			continue
		}
		h := have[name]
		if h == "" {
			h = "none"
		}
		out = append(out, fmt.Sprintf("%s: %s (has %s)", name, want[name], h))
	}
	return out
}

// owners are the accounts of repositories, in order.
func owners(repos []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range repos {
		o, _, ok := strings.Cut(r, "/")
		if ok && !seen[strings.ToLower(o)] {
			seen[strings.ToLower(o)] = true
			out = append(out, o)
		}
	}
	return out
}

// reposOf are the repositories of owner.
func reposOf(repos []string, owner string) []string {
	var out []string
	for _, r := range repos {
		if o, _, ok := strings.Cut(r, "/"); ok && strings.EqualFold(o, owner) {
			out = append(out, r)
		}
	}
	return out
}
