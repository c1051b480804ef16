package github

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/golang-jwt/jwt/v4"
	gh "github.com/google/go-github/v88/github"
)

// AppAuth identifies a GitHub App and one of its private keys. The JWT's
// issuer is the client ID when set (as GitHub recommends), else the App ID.
type AppAuth struct {
	ClientID string
	AppID    int64
	Key      *rsa.PrivateKey
}

// Issuer is the JWT issuer: the client ID, else the App ID.
func (a AppAuth) Issuer() string {
	if a.ClientID != "" {
		return a.ClientID
	}
	return strconv.FormatInt(a.AppID, 10)
}

// JWT timing: issued a minute in the past, as GitHub recommends against
// clock drift, and valid for nine minutes (GitHub refuses more than ten).
const (
	jwtBackdate = 60 * time.Second
	jwtLifetime = 9 * time.Minute
)

// appLimits are the App client's: a credential helper waits at most 30 s
// for a byte of an answer.
var appLimits = Limits{IdleTimeout: 30 * time.Second}.withDefaults()

// AppOptions configure an AppClient.
type AppOptions struct {
	// APIURL is the REST API root; empty means DefaultAPIURL.
	APIURL string
	// HTTPTransport is the underlying transport; nil means a clone of
	// http.DefaultTransport.
	HTTPTransport http.RoundTripper
	// Clock signs JWTs and times retries; nil means the real clock.
	Clock Clock
	// OnRetryAfter is told of every answer that asks the client to come
	// back later (a secondary rate limit, 429, or a 5xx with Retry-After),
	// before the wait.
	OnRetryAfter func(req *http.Request, status int, wait time.Duration)
}

// AppClient makes the requests a GitHub App makes as itself, with a JWT:
// the App's settings, its installations, and installation tokens. Requests
// go through the same stack as a scan's token requests: go-github, retries
// of 5xx and rate-limited answers honouring Retry-After, the request meter.
type AppClient struct {
	gh    *gh.Client
	clock Clock
	meter *meter
}

// NewAppClient builds an AppClient for auth.
func NewAppClient(opts AppOptions, auth AppAuth) (*AppClient, error) {
	if auth.Key == nil {
		return nil, errors.New("github app: no private key")
	}
	if auth.ClientID == "" && auth.AppID == 0 {
		return nil, errors.New("github app: give its client ID or App ID")
	}
	var u *url.URL
	var err error
	if opts.APIURL, u, err = apiRoot(opts.APIURL); err != nil {
		return nil, err
	}
	if opts.Clock == nil {
		opts.Clock = realClock{}
	}
	// A credential helper must not hang on a server that never answers.
	m := meteredNetwork(opts.HTTPTransport, appLimits, 2, u.Host)
	var below http.RoundTripper = m
	if opts.OnRetryAfter != nil {
		below = &retryAfterNotice{base: m, notify: opts.OnRetryAfter}
	}
	signer := &appJWTSigner{key: auth.Key, issuer: auth.Issuer(), clock: opts.Clock}
	atr, err := ghinstallation.NewAppsTransportWithOptions(below, auth.AppID, ghinstallation.WithSigner(signer))
	if err != nil {
		return nil, fmt.Errorf("github app %s: %w", auth.Issuer(), err)
	}
	atr.BaseURL = strings.TrimRight(opts.APIURL, "/")
	// Retries go back through the App transport, so each attempt carries a
	// freshly signed JWT however long the waits before it.
	c, err := newGitHubClient(&http.Client{Transport: &tokenRetry{base: atr, waits: newWaiter(opts.Clock, appLimits, nil)}}, opts.APIURL)
	if err != nil {
		return nil, err
	}
	return &AppClient{gh: c, clock: opts.Clock, meter: m}, nil
}

// Stats returns what the client asked of the server so far.
func (c *AppClient) Stats() Stats { return c.meter.stats() }

// appJWTSigner signs the App's JWTs with the injected clock and the client
// ID (or App ID) as issuer; ghinstallation's own claims are replaced.
type appJWTSigner struct {
	key    *rsa.PrivateKey
	issuer string
	clock  Clock
}

func (s *appJWTSigner) Sign(jwt.Claims) (string, error) {
	now := s.clock.Now().Truncate(time.Second)
	claims := jwt.RegisteredClaims{
		Issuer:    s.issuer,
		IssuedAt:  jwt.NewNumericDate(now.Add(-jwtBackdate)),
		ExpiresAt: jwt.NewNumericDate(now.Add(jwtLifetime)),
	}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodRS256, claims).SignedString(s.key)
	if err != nil {
		return "", errors.New("sign the App's JWT: the private key cannot sign")
	}
	return tok, nil
}

// retryAfterNotice tells its caller about answers that ask to wait.
type retryAfterNotice struct {
	base   http.RoundTripper
	notify func(req *http.Request, status int, wait time.Duration)
}

func (t *retryAfterNotice) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err == nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 ||
		resp.StatusCode == http.StatusForbidden) {
		if d := retryAfter(resp.Header); d > 0 {
			t.notify(req, resp.StatusCode, d)
		}
	}
	return resp, err
}

// AppSettings are an App's own settings, as GET /app shows them.
type AppSettings struct {
	ID       int64
	Slug     string
	ClientID string
	Name     string
	// Permissions are what the App asks installations for, metadata
	// included.
	Permissions map[string]string
	Events      []string
}

// Installation is one installation of the App.
type Installation struct {
	ID      int64
	Account string
	// Selection is all or selected.
	Selection string
	// Permissions are those the installation accepted.
	Permissions map[string]string
	Suspended   bool
}

// App returns the authenticated App's settings.
func (c *AppClient) App(ctx context.Context) (*AppSettings, error) {
	a, _, err := c.gh.Apps.Get(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("get the App: %w", err)
	}
	return &AppSettings{ID: a.GetID(), Slug: a.GetSlug(), ClientID: a.GetClientID(), Name: a.GetName(),
		Permissions: permissionMap(a.GetPermissions()), Events: a.Events}, nil
}

// Installations lists the App's installations.
func (c *AppClient) Installations(ctx context.Context) ([]*Installation, error) {
	var out []*Installation
	err := listPages(defaultMaxPages, &gh.ListOptions{}, func(opts *gh.ListOptions) (*gh.Response, error) {
		page, resp, err := c.gh.Apps.ListInstallations(ctx, opts)
		for _, in := range page {
			out = append(out, installationOf(in))
		}
		return resp, err
	})
	if err != nil {
		return nil, fmt.Errorf("list the App's installations: %w", err)
	}
	return out, nil
}

// Installation returns one installation of the App.
func (c *AppClient) Installation(ctx context.Context, id int64) (*Installation, error) {
	in, _, err := c.gh.Apps.GetInstallation(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("get installation %d: %w", id, err)
	}
	return installationOf(in), nil
}

// OrgInstallation returns the App's installation on an organisation.
func (c *AppClient) OrgInstallation(ctx context.Context, org string) (*Installation, error) {
	in, _, err := c.gh.Apps.GetOrganizationInstallation(ctx, org)
	if err != nil {
		return nil, fmt.Errorf("find the App's installation on %s: %w", org, err)
	}
	return installationOf(in), nil
}

// RepoInstallation returns the App's installation that covers a
// repository.
func (c *AppClient) RepoInstallation(ctx context.Context, owner, repo string) (*Installation, error) {
	in, _, err := c.gh.Apps.GetRepositoryInstallation(ctx, owner, repo)
	if err != nil {
		return nil, fmt.Errorf("find the App's installation on %s/%s: %w", owner, repo, err)
	}
	return installationOf(in), nil
}

func installationOf(in *gh.Installation) *Installation {
	return &Installation{ID: in.GetID(), Account: in.GetAccount().GetLogin(), Selection: in.GetRepositorySelection(),
		Permissions: permissionMap(in.GetPermissions()), Suspended: in.SuspendedAt != nil}
}

// permissionMap turns go-github's typed permissions into name -> access.
func permissionMap(p *gh.InstallationPermissions) map[string]string {
	out := map[string]string{}
	if p == nil {
		return out
	}
	if b, err := json.Marshal(p); err == nil {
		_ = json.Unmarshal(b, &out)
	}
	return out
}

// TokenRequest narrows an installation token.
type TokenRequest struct {
	// Repositories are repository names (without the owner); none means
	// every repository of the installation.
	Repositories []string `json:"repositories,omitempty"`
	// Permissions are App permission name -> read|write|admin; none means
	// every permission of the installation.
	Permissions map[string]string `json:"permissions,omitempty"`
}

// InstallationToken is an installation token as GitHub returned it.
type InstallationToken struct {
	Token               string            `json:"token"`
	ExpiresAt           time.Time         `json:"expires_at"`
	Permissions         map[string]string `json:"permissions"`
	RepositorySelection string            `json:"repository_selection"`
	Repositories        []TokenRepository `json:"repositories"`
}

// TokenRepository is a repository an installation token was narrowed to.
type TokenRepository struct {
	FullName string `json:"full_name"`
	Name     string `json:"name"`
}

// CreateToken asks for an installation token. The permissions travel as
// given, never through a typed struct that would drop a name it does not
// know (and so widen the token).
func (c *AppClient) CreateToken(ctx context.Context, installationID int64, tr TokenRequest) (*InstallationToken, error) {
	req, err := c.gh.NewRequest(ctx, http.MethodPost, fmt.Sprintf("app/installations/%d/access_tokens", installationID), &tr)
	if err != nil {
		return nil, fmt.Errorf("installation token for installation %d: %w", installationID, err)
	}
	var tok InstallationToken
	if _, err := c.gh.Do(req, &tok); err != nil {
		return nil, fmt.Errorf("installation token for installation %d: %w", installationID, err)
	}
	if tok.Token == "" {
		return nil, fmt.Errorf("installation token for installation %d: the answer has no token", installationID)
	}
	return &tok, nil
}

// ServerDate is the Date header of the answer behind err, when there is
// one: GitHub's clock, to tell clock skew.
func ServerDate(err error) (time.Time, bool) {
	var er *gh.ErrorResponse
	if !errors.As(err, &er) || er.Response == nil {
		return time.Time{}, false
	}
	t, perr := http.ParseTime(er.Response.Header.Get("Date"))
	return t, perr == nil
}
