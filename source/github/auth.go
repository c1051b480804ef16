package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	gh "github.com/google/go-github/v88/github"
)

// TokenSource gives the token requests are sent with.
type TokenSource interface {
	// Token returns the current token, fetching one when needed.
	Token(ctx context.Context) (string, error)
	// CanRefresh reports whether Refresh can give a different token.
	CanRefresh() bool
	// Refresh drops the current token and fetches a new one.
	Refresh(ctx context.Context) (string, error)
}

// StaticToken is a token that never changes (a PAT, GH_TOKEN, gh auth
// token).
type StaticToken string

// Token returns the token.
func (s StaticToken) Token(context.Context) (string, error) { return string(s), nil }

// CanRefresh is false: a static token cannot be refreshed.
func (StaticToken) CanRefresh() bool { return false }

// Refresh returns the same token.
func (s StaticToken) Refresh(context.Context) (string, error) { return string(s), nil }

// App is GitHub App authentication: a JWT signed with the App's private key
// is exchanged for an installation token, refreshed before its one-hour
// expiry (by ghinstallation) and on demand after a 401.
type App struct {
	AppID int64
	// InstallationID is found from the organisation (or repository) when 0.
	InstallationID int64
	PrivateKey     []byte
}

// refreshDedup is how long a token refresh answers every 401.
const refreshDedup = 5 * time.Second

// appTokens is the TokenSource of a GitHub App installation.
type appTokens struct {
	atr  *ghinstallation.AppsTransport
	id   int64
	base string

	mu        sync.Mutex
	itr       *ghinstallation.Transport
	refreshed time.Time
}

// newAppTokens builds the installation token source. base is the API root
// without trailing slash; rt carries the token requests.
func newAppTokens(ctx context.Context, app App, apiURL string, rt http.RoundTripper, owner, repo string) (*appTokens, error) {
	atr, err := ghinstallation.NewAppsTransport(rt, app.AppID, app.PrivateKey)
	if err != nil {
		return nil, fmt.Errorf("github app %d: read private key: %w", app.AppID, err)
	}
	base := strings.TrimRight(apiURL, "/")
	atr.BaseURL = base
	id := app.InstallationID
	if id == 0 {
		id, err = findInstallation(ctx, atr, apiURL, owner, repo)
		if err != nil {
			return nil, err
		}
	}
	a := &appTokens{atr: atr, id: id, base: base}
	a.itr = a.newInstallation()
	return a, nil
}

func (a *appTokens) newInstallation() *ghinstallation.Transport {
	itr := ghinstallation.NewFromAppsTransport(a.atr, a.id)
	itr.BaseURL = a.base
	return itr
}

// findInstallation asks the API which installation of the App covers owner
// (an organisation) or owner/repo.
func findInstallation(ctx context.Context, atr *ghinstallation.AppsTransport, apiURL, owner, repo string) (int64, error) {
	c, err := newGitHubClient(&http.Client{Transport: atr}, apiURL)
	if err != nil {
		return 0, err
	}
	var inst *gh.Installation
	switch {
	case owner == "":
		return 0, errors.New("github app: give --installation-id, or --org/--repo to find it from")
	case repo == "":
		inst, _, err = c.Apps.GetOrganizationInstallation(ctx, owner)
	default:
		inst, _, err = c.Apps.GetRepositoryInstallation(ctx, owner, repo)
	}
	if err != nil {
		return 0, fmt.Errorf("find the installation of app %d on %s: %w", atr.AppID(), strings.TrimSuffix(owner+"/"+repo, "/"), err)
	}
	return inst.GetID(), nil
}

func (a *appTokens) Token(ctx context.Context) (string, error) {
	a.mu.Lock()
	itr := a.itr
	a.mu.Unlock()
	tok, err := itr.Token(ctx)
	if err != nil {
		return "", fmt.Errorf("installation token for installation %d: %w", a.id, err)
	}
	return tok, nil
}

func (a *appTokens) CanRefresh() bool { return true }

// Refresh replaces the installation token. Many requests can see the same
// 401 at once: a refresh in the last few seconds is not repeated.
func (a *appTokens) Refresh(ctx context.Context) (string, error) {
	a.mu.Lock()
	if time.Since(a.refreshed) > refreshDedup {
		a.itr = a.newInstallation()
		a.refreshed = time.Now()
	}
	a.mu.Unlock()
	return a.Token(ctx)
}
