package apptoken

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pat2app/pat2app/knowledge"
	ghsource "github.com/pat2app/pat2app/source/github"
)

// App is a GitHub App to mint tokens for: its client ID (the JWT issuer
// GitHub recommends) or App ID, and its keys, tried in order.
type App struct {
	ClientID string
	AppID    int64
	Keys     []*Key
}

// Issuer names the App in messages and metrics: its client ID, else its
// App ID.
func (a App) Issuer() string {
	return ghsource.AppAuth{ClientID: a.ClientID, AppID: a.AppID}.Issuer()
}

// Request says which installation to mint for and what the token may do.
type Request struct {
	// InstallationID, when 0, is found from Repo (owner/name) or Owner.
	InstallationID int64
	Owner          string
	Repo           string
	// Repositories are names without the owner; none means every
	// repository of the installation.
	Repositories []string
	// Permissions are App permission name -> read|write|admin; none means
	// every permission of the installation.
	Permissions map[string]string
}

// Token is a minted installation token and what GitHub said of it.
type Token struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	// Permissions and Repositories are as GitHub returned them.
	Permissions         map[string]string `json:"permissions"`
	Repositories        []string          `json:"repositories"`
	RepositorySelection string            `json:"repository_selection,omitempty"`
	InstallationID      int64             `json:"installation_id"`
	// Account is the organisation (or user) the installation is on, when
	// known.
	Account string `json:"account,omitempty"`
	// KeyFingerprint is the fingerprint of the key that minted the token.
	KeyFingerprint string `json:"key_fingerprint"`
	// GrantedLess says where GitHub granted less than was asked.
	GrantedLess []string `json:"granted_less,omitempty"`
	// Unscoped is true when neither repositories nor permissions were
	// asked for: the token can do all the installation can.
	Unscoped bool `json:"unscoped,omitempty"`
}

// Minter mints installation tokens through the App client stack of
// source/github.
type Minter struct {
	// APIURL is the REST API root; empty means api.github.com.
	APIURL        string
	HTTPTransport http.RoundTripper
	// Clock signs JWTs and times attempts; nil means the real clock.
	Clock ghsource.Clock
	// Notef receives one-line notes for the user (key fallbacks, rate-limit
	// waits); nil discards them.
	Notef func(format string, args ...any)
	// Metrics counts every attempt; nil counts nothing.
	Metrics *Metrics
}

// now reads the Minter's clock.
func (m *Minter) now() time.Time {
	if m.Clock == nil {
		return time.Now()
	}
	return m.Clock.Now()
}

func (m *Minter) notef(format string, args ...any) {
	if m.Notef != nil {
		m.Notef(format, args...)
	}
}

// Mint mints a token, trying app's keys in order. A key GitHub refuses is
// followed by the next; any other failure ends the attempts (another key
// would meet it too). Every attempt is counted in m.Metrics.
func (m *Minter) Mint(ctx context.Context, app App, req Request) (*Token, error) {
	if len(app.Keys) == 0 {
		return nil, errors.New("no private key: give --private-key FILE or --private-key env:NAME")
	}
	var failed []*Error
	for i, k := range app.Keys {
		start := m.now()
		tok, err := m.mintWith(ctx, app, k, req)
		end := m.now()
		if err == nil {
			m.Metrics.Observe(app.Issuer(), k.Fingerprint, ReasonOK, end.Sub(start), end)
			if len(failed) > 0 {
				m.notef("minted with key %d of %d, %s; the earlier key(s) were refused: once a key is deleted from the App, drop it here too", i+1, len(app.Keys), k)
			}
			return tok, nil
		}
		var e *Error
		if !errors.As(err, &e) {
			e = &Error{Reason: classify(err), Key: k.Fingerprint, Msg: err.Error(), Err: err}
		}
		m.Metrics.Observe(app.Issuer(), k.Fingerprint, e.Reason, end.Sub(start), end)
		failed = append(failed, e)
		if !e.keyRelated() || i == len(app.Keys)-1 {
			break
		}
		m.notef("key %d of %d, %s, was refused (%s); trying the next key", i+1, len(app.Keys), k, e.Reason)
	}
	last := failed[len(failed)-1]
	if len(failed) == 1 {
		return nil, last
	}
	msgs := make([]string, len(failed))
	for i, f := range failed {
		msgs[i] = fmt.Sprintf("key %d: %s", i+1, f.Msg)
	}
	return nil, &Error{Reason: last.Reason, Key: last.Key, Msg: strings.Join(msgs, "; "), Err: last.Err}
}

// Session is an App authenticated with one of its keys: the JWT client
// and the explanations of what GitHub refuses.
type Session struct {
	m      *Minter
	app    App
	key    *Key
	client *ghsource.AppClient
}

// Session authenticates as app with key k.
func (m *Minter) Session(app App, k *Key) (*Session, error) {
	c, err := ghsource.NewAppClient(ghsource.AppOptions{
		APIURL: m.APIURL, HTTPTransport: m.HTTPTransport, Clock: m.Clock,
		OnRetryAfter: func(r *http.Request, status int, wait time.Duration) {
			m.Metrics.ObserveWait(app.Issuer(), wait)
			m.notef("GitHub answered %d to %s %s and asks to wait %s (Retry-After): waiting", status, r.Method, r.URL.Path, wait)
		},
	}, ghsource.AppAuth{ClientID: app.ClientID, AppID: app.AppID, Key: k.private})
	if err != nil {
		return nil, &Error{Reason: ReasonOther, Key: k.Fingerprint, Msg: err.Error(), Err: err}
	}
	return &Session{m: m, app: app, key: k, client: c}, nil
}

// Client is the session's JWT client.
func (s *Session) Client() *ghsource.AppClient { return s.client }

// Key is the session's key.
func (s *Session) Key() *Key { return s.key }

func (m *Minter) mintWith(ctx context.Context, app App, k *Key, req Request) (*Token, error) {
	s, err := m.Session(app, k)
	if err != nil {
		return nil, err
	}
	return s.Mint(ctx, req)
}

// Mint mints one token with the session's key, without counting it.
func (s *Session) Mint(ctx context.Context, req Request) (*Token, error) {
	id, account, err := s.installation(ctx, req)
	if err != nil {
		return nil, err
	}
	tok, err := s.client.CreateToken(ctx, id, ghsource.TokenRequest{Repositories: req.Repositories, Permissions: req.Permissions})
	if err != nil {
		return nil, s.tokenError(ctx, id, account, req, err)
	}
	return result(tok, id, account, s.key, req), nil
}

// installation finds the installation to mint for, and its account.
func (s *Session) installation(ctx context.Context, req Request) (int64, string, error) {
	if req.InstallationID != 0 {
		return req.InstallationID, "", nil
	}
	owner, repo, hasRepo := strings.Cut(req.Repo, "/")
	if !hasRepo {
		owner = req.Owner
	}
	if owner == "" {
		return 0, "", &Error{Reason: ReasonOther, Key: s.key.Fingerprint,
			Msg: "which installation? give --installation-id, --owner ORG or --repo OWNER/NAME"}
	}
	if hasRepo {
		in, err := s.client.RepoInstallation(ctx, owner, repo)
		if err == nil {
			return in.ID, in.Account, nil
		}
		if classify(err) != ReasonUnknownInstallation {
			return 0, "", s.Explain(err, "find the installation on "+req.Repo)
		}
		// Not installed on the repository: on the organisation with
		// selected repositories, or not at all?
		org, oerr := s.client.OrgInstallation(ctx, owner)
		if oerr == nil && org.Selection == "selected" {
			return 0, "", &Error{Reason: ReasonNotInstalledOnRepo, Key: s.key.Fingerprint, Err: err,
				Msg: fmt.Sprintf("App %s is installed on %s (installation %d) for selected repositories, and %s is not one of them: add it under the installation's Repository access (%s)",
					s.app.Issuer(), owner, org.ID, req.Repo, s.InstallationURL(owner, org.ID))}
		}
		if oerr == nil {
			return 0, "", &Error{Reason: ReasonUnknownInstallation, Key: s.key.Fingerprint, Err: err,
				Msg: fmt.Sprintf("App %s is installed on all repositories of %s, yet GitHub finds no installation for %s: check the repository's name", s.app.Issuer(), owner, req.Repo)}
		}
		return 0, "", s.notInstalled(owner, oerr)
	}
	in, err := s.client.OrgInstallation(ctx, owner)
	if err != nil {
		return 0, "", s.notInstalled(owner, err)
	}
	return in.ID, in.Account, nil
}

func (s *Session) notInstalled(owner string, err error) error {
	if classify(err) != ReasonUnknownInstallation {
		return s.Explain(err, "find the installation on "+owner)
	}
	return &Error{Reason: ReasonUnknownInstallation, Key: s.key.Fingerprint, Err: err,
		Msg: fmt.Sprintf("App %s is not installed on %s: install it there (the App's settings → Install App), on the repositories its jobs use", s.app.Issuer(), owner)}
}

// tokenError explains a refused token request, naming the repositories or
// permissions the installation lacks.
func (s *Session) tokenError(ctx context.Context, id int64, account string, req Request, err error) error {
	switch classify(err) {
	case ReasonUnknownInstallation:
		return &Error{Reason: ReasonUnknownInstallation, Key: s.key.Fingerprint, Err: err,
			Msg: fmt.Sprintf("installation %d does not exist or belongs to another App than %s: give --owner ORG or --repo OWNER/NAME to find it, or copy the id from the installation's settings URL", id, s.app.Issuer())}
	case ReasonNotInstalledOnRepo:
		in, ierr := s.client.Installation(ctx, id)
		if ierr != nil {
			break
		}
		account = in.Account
		var missing []string
		for _, r := range req.Repositories {
			if _, rerr := s.client.RepoInstallation(ctx, account, r); classify(rerr) == ReasonUnknownInstallation {
				missing = append(missing, account+"/"+r)
			}
		}
		what := "some of " + strings.Join(req.Repositories, ", ")
		if len(missing) > 0 {
			what = strings.Join(missing, ", ")
		}
		return &Error{Reason: ReasonNotInstalledOnRepo, Key: s.key.Fingerprint, Err: err,
			Msg: fmt.Sprintf("App %s's installation %d on %s does not cover %s (it is installed on selected repositories): add them under the installation's Repository access (%s), or leave them out of --repositories",
				s.app.Issuer(), id, account, what, s.InstallationURL(account, id))}
	case ReasonPermissionNotGranted:
		return s.permissionError(ctx, id, req, err)
	case ReasonSuspended:
		if in, ierr := s.client.Installation(ctx, id); ierr == nil {
			account = in.Account
		}
		return &Error{Reason: ReasonSuspended, Key: s.key.Fingerprint, Err: err,
			Msg: fmt.Sprintf("installation %d of App %s on %s is suspended: an owner of %s must unsuspend it (%s)", id, s.app.Issuer(), orUnknown(account), orUnknown(account), s.InstallationURL(account, id))}
	}
	return s.Explain(err, fmt.Sprintf("mint a token for installation %d", id))
}

// permissionError names each permission the installation was not granted
// and says whether the App's settings or only the installation lag.
func (s *Session) permissionError(ctx context.Context, id int64, req Request, err error) error {
	in, ierr := s.client.Installation(ctx, id)
	if ierr != nil {
		return &Error{Reason: ReasonPermissionNotGranted, Key: s.key.Fingerprint, Err: err,
			Msg: fmt.Sprintf("installation %d of App %s was not granted some of %s: add them to the App's permissions (its settings → Permissions & events), then have an organisation owner accept the new permissions on the installation",
				id, s.app.Issuer(), knowledge.Permissions(req.Permissions))}
	}
	account := in.Account
	granted := in.Permissions
	var appPerms map[string]string
	if app, aerr := s.client.App(ctx); aerr == nil {
		appPerms = app.Permissions
	}
	var lacking, unaccepted []string
	for _, name := range knowledge.Permissions(req.Permissions).Names() {
		want := req.Permissions[name]
		if knowledge.AccessRank(granted[name]) >= knowledge.AccessRank(want) {
			continue
		}
		have := granted[name]
		if have == "" {
			have = "none"
		}
		item := fmt.Sprintf("%s: %s (the installation has %s)", name, want, have)
		if appPerms != nil && knowledge.AccessRank(appPerms[name]) >= knowledge.AccessRank(want) {
			unaccepted = append(unaccepted, item)
		} else {
			lacking = append(lacking, item)
		}
	}
	var parts []string
	if len(lacking) > 0 {
		parts = append(parts, fmt.Sprintf("App %s was not granted %s: add it to the App's permissions (its settings → Permissions & events), then have an owner of %s accept the new permissions on the installation (%s)",
			s.app.Issuer(), strings.Join(lacking, ", "), account, s.InstallationURL(account, id)))
	}
	if len(unaccepted) > 0 {
		parts = append(parts, fmt.Sprintf("the App asks for %s but installation %d on %s has not accepted it yet: an owner of %s must accept the new permissions on the installation (%s)",
			strings.Join(unaccepted, ", "), id, account, account, s.InstallationURL(account, id)))
	}
	if len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("GitHub refused the permissions %s for installation %d on %s although the installation lists them: check the names and access levels",
			knowledge.Permissions(req.Permissions), id, account))
	}
	return &Error{Reason: ReasonPermissionNotGranted, Key: s.key.Fingerprint, Err: err, Msg: strings.Join(parts, "; ")}
}

// Explain turns an error of any step (what) into an Error that says
// what to fix.
func (s *Session) Explain(err error, what string) *Error {
	r := classify(err)
	e := &Error{Reason: r, Key: s.key.Fingerprint, Err: err}
	switch r {
	case ReasonClockSkew:
		e.Msg = fmt.Sprintf("%s: GitHub refused the App's JWT because of its times (iat/exp): %s", what, clockAdvice(err, s.m.now()))
	case ReasonKeyRejected:
		e.Msg = fmt.Sprintf("%s: GitHub refused the JWT signed with %s for App %s: the key was deleted from the App or belongs to another App, or the client ID or App ID is wrong; compare %s with the fingerprints under the App's settings → Private keys",
			what, s.key, s.app.Issuer(), s.key.Fingerprint)
	case ReasonSecondaryRateLimit:
		wait := "as Retry-After asked"
		if d := retryAfterOf(err); d > 0 {
			wait = fmt.Sprintf("(GitHub last asked for %s)", d)
		}
		e.Msg = fmt.Sprintf("%s: GitHub's secondary rate limit still refuses after waiting %s: mint less often (a token lasts an hour: reuse it within a job) and spread out jobs that mint at the same moment", what, wait)
	case ReasonRateLimit:
		reset, _ := rateResetOf(err)
		e.Msg = fmt.Sprintf("%s: the App's rate limit is spent until %s", what, reset.UTC().Format(time.RFC3339))
	case ReasonServerError:
		e.Msg = fmt.Sprintf("%s: GitHub failed after retries (%v): try again later", what, err)
	case ReasonNetwork:
		e.Msg = fmt.Sprintf("%s: could not reach GitHub: %v", what, err)
	case ReasonCanceled:
		e.Msg = fmt.Sprintf("%s: %v", what, err)
	default:
		e.Msg = fmt.Sprintf("%s: %v", what, err)
	}
	return e
}

// InstallationURL is where an organisation owner manages an installation.
func (s *Session) InstallationURL(account string, id int64) string {
	return webURL(s.m.APIURL) + "/organizations/" + orUnknown(account) + "/settings/installations/" + strconv.FormatInt(id, 10)
}

// webURL is the web address beside an API root: api.github.com ->
// https://github.com, https://HOST/api/v3 -> https://HOST.
func webURL(apiURL string) string {
	u := strings.TrimRight(strings.TrimSpace(apiURL), "/")
	if u == "" || strings.Contains(u, "://api.github.com") {
		return "https://github.com"
	}
	return strings.TrimSuffix(u, "/api/v3")
}

func orUnknown(s string) string {
	if s == "" {
		return "ORG"
	}
	return s
}

// result builds the Token and says where GitHub granted less than asked.
func result(t *ghsource.InstallationToken, id int64, account string, k *Key, req Request) *Token {
	out := &Token{Token: t.Token, ExpiresAt: t.ExpiresAt, Permissions: t.Permissions, RepositorySelection: t.RepositorySelection,
		InstallationID: id, Account: account, KeyFingerprint: k.Fingerprint, Repositories: []string{},
		Unscoped: len(req.Repositories) == 0 && len(req.Permissions) == 0}
	if out.Permissions == nil {
		out.Permissions = map[string]string{}
	}
	got := map[string]bool{}
	for _, r := range t.Repositories {
		out.Repositories = append(out.Repositories, r.FullName)
		got[strings.ToLower(r.Name)] = true
	}
	sort.Strings(out.Repositories)
	for _, name := range knowledge.Permissions(req.Permissions).Names() {
		want, have := req.Permissions[name], t.Permissions[name]
		if knowledge.AccessRank(have) < knowledge.AccessRank(want) {
			if have == "" {
				have = "none"
			}
			out.GrantedLess = append(out.GrantedLess, fmt.Sprintf("asked %s: %s, granted %s", name, want, have))
		}
	}
	for _, r := range req.Repositories {
		if !got[strings.ToLower(r)] {
			out.GrantedLess = append(out.GrantedLess, fmt.Sprintf("asked repository %s, not in the token", r))
		}
	}
	return out
}
