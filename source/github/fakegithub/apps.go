package fakegithub

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pat2app/pat2app/knowledge"
)

// App is a GitHub App of the fake: its identity, the public halves of its
// private keys, its settings and its installations.
type App struct {
	ID       int64
	ClientID string
	Slug     string
	Name     string
	// Keys are the public keys of the App's private keys; a JWT signed by
	// any of them is accepted (GitHub allows several during a rotation).
	Keys []*rsa.PublicKey
	// Permissions are the App's settings (what it asks of installations).
	Permissions map[string]string
	Events      []string
	// Installations are the accounts the App is installed on.
	Installations []*Installation
	// RateLimited is the number of token requests, from now on, answered
	// with a secondary rate limit (403 with Retry-After: RetryAfter seconds,
	// default 1).
	RateLimited, RetryAfter int
}

// Installation is one installation of an App on an organisation.
type Installation struct {
	ID      int64
	Account string
	// Selection is "all" (the default) or "selected" (Repositories only).
	Selection    string
	Repositories []string // repository names, without the owner
	// Permissions are those accepted on the installation; nil means the
	// App's own. An App whose settings gained a permission the installation
	// has not accepted yet has more than its installation.
	Permissions map[string]string
	Suspended   bool
}

// OrgVariable is an organisation Actions variable.
type OrgVariable struct {
	Name, Value string
	Visibility  string // all, private, selected
	Repos       []string
}

// testKeys are the keys TestKeys made so far in this process.
var testKeys struct {
	sync.Mutex
	priv []*rsa.PrivateKey
	pem  [][]byte
}

// TestKeys returns n RSA private keys for test Apps with their PKCS#1 PEM
// encodings. Keys are made at test time, never committed; a process makes
// each only once (2048-bit keys take a while), so tests that ask for the
// same count get the same keys.
func TestKeys(n int) ([]*rsa.PrivateKey, [][]byte, error) {
	testKeys.Lock()
	defer testKeys.Unlock()
	for len(testKeys.priv) < n {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, nil, fmt.Errorf("generate test key: %w", err)
		}
		testKeys.priv = append(testKeys.priv, k)
		testKeys.pem = append(testKeys.pem, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))
	}
	return testKeys.priv[:n:n], testKeys.pem[:n:n], nil
}

// The JWT failures GitHub answers with 401, in its words.
const (
	msgJWTUndecodable = "A JSON web token could not be decoded"
	msgJWTIat         = "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"
	msgJWTExpired     = "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"
	msgJWTTooLong     = "'Expiration time' claim ('exp') is too far in the future"
	msgReposRefused   = "There is at least one repository that does not exist or is not accessible to the parent installation."
	msgPermsRefused   = "The permissions requested are not granted to this installation."
	msgSuspended      = "This installation has been suspended"
)

// issuedToken is what an installation token may reach.
type issuedToken struct {
	inst  *Installation
	repos []string // nil: every repository of the installation
}

// appState is the fake's App registry and the installation tokens it
// issued, built on first use from Config.Apps (and the single App of
// Config.AppID/AppKey, installed on every organisation with Installed set).
type appState struct {
	once   sync.Once
	mu     sync.Mutex
	apps   []*App
	issued map[string]issuedToken
}

func (s *Server) appList() []*App {
	s.apps.once.Do(func() {
		s.apps.issued = map[string]issuedToken{}
		s.apps.apps = append(s.apps.apps, s.cfg.Apps...)
		if s.cfg.AppID != 0 && s.cfg.AppKey != nil {
			a := &App{ID: s.cfg.AppID, Slug: "pat2app-scanner", Name: "pat2app scanner", Keys: []*rsa.PublicKey{s.cfg.AppKey}}
			for _, o := range s.cfg.Orgs {
				if o.Installed != 0 {
					a.Installations = append(a.Installations, &Installation{ID: o.Installed, Account: o.Login})
				}
			}
			s.apps.apps = append(s.apps.apps, a)
		}
	})
	return s.apps.apps
}

// serveApps answers the App endpoints (JWT), the installation's own
// endpoints (installation token), Actions variables and the repositories
// of a fine-grained PAT. It reports false for any other path.
func (s *Server) serveApps(w http.ResponseWriter, r *http.Request, seg []string) bool {
	switch {
	case seg[0] == "app" || (len(seg) >= 3 && seg[len(seg)-1] == "installation" && (seg[0] == "orgs" || seg[0] == "repos")):
		s.serveAppJWT(w, r, seg)
	case len(seg) == 2 && seg[0] == "installation" && seg[1] == "repositories":
		s.serveInstallationRepos(w, r)
	case len(seg) >= 4 && (seg[0] == "orgs" || seg[0] == "repos") && seg[len(seg)-2] == "actions" && seg[len(seg)-1] == "variables",
		len(seg) == 6 && seg[0] == "orgs" && seg[2] == "actions" && seg[3] == "variables" && seg[5] == "repositories",
		len(seg) == 5 && seg[0] == "orgs" && seg[2] == "personal-access-tokens" && seg[4] == "repositories":
		if r.Method != http.MethodGet || !s.authorized(w, r) || !s.spend(w, "core") {
			if r.Method != http.MethodGet {
				message(w, http.StatusNotFound, "Not Found")
			}
			return true
		}
		s.rest.Add(1)
		status, body, _, link := s.routeVariables(r, seg)
		if link != "" {
			w.Header().Set("Link", link)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	default:
		return false
	}
	return true
}

// serveAppJWT answers the endpoints an App calls as itself.
func (s *Server) serveAppJWT(w http.ResponseWriter, r *http.Request, seg []string) {
	app, msg := s.appOfJWT(r.Header.Get("Authorization"))
	if app == nil {
		s.u401.Add(1)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": msg, "documentation_url": "https://docs.github.com/rest"})
		return
	}
	s.apps.mu.Lock()
	defer s.apps.mu.Unlock()
	switch {
	case r.Method == http.MethodGet && len(seg) == 1:
		writeJSON(w, http.StatusOK, map[string]any{"id": app.ID, "slug": app.Slug, "client_id": app.ClientID, "name": app.Name,
			"owner": map[string]any{"login": ownerOf(app)}, "permissions": withMetadata(app.Permissions), "events": nonNil(app.Events),
			"installations_count": len(app.Installations)})
	case r.Method == http.MethodGet && len(seg) == 2 && seg[1] == "installations":
		items := make([]map[string]any, 0, len(app.Installations))
		for _, in := range app.Installations {
			items = append(items, installationJSON(app, in))
		}
		pg, link := page(r, items)
		if link != "" {
			w.Header().Set("Link", link)
		}
		writeJSON(w, http.StatusOK, pg)
	case r.Method == http.MethodGet && len(seg) == 3 && seg[1] == "installations":
		if in := installationByID(app, seg[2]); in != nil {
			writeJSON(w, http.StatusOK, installationJSON(app, in))
			return
		}
		message(w, http.StatusNotFound, "Not Found")
	case r.Method == http.MethodPost && len(seg) == 4 && seg[1] == "installations" && seg[3] == "access_tokens":
		s.issueToken(w, r, app, installationByID(app, seg[2]))
	case r.Method == http.MethodGet && len(seg) == 3 && seg[0] == "orgs":
		for _, in := range app.Installations {
			if strings.EqualFold(in.Account, seg[1]) {
				writeJSON(w, http.StatusOK, installationJSON(app, in))
				return
			}
		}
		message(w, http.StatusNotFound, "Not Found")
	case r.Method == http.MethodGet && len(seg) == 4 && seg[0] == "repos":
		for _, in := range app.Installations {
			if strings.EqualFold(in.Account, seg[1]) && s.reaches(in, seg[2]) {
				writeJSON(w, http.StatusOK, installationJSON(app, in))
				return
			}
		}
		message(w, http.StatusNotFound, "Not Found")
	default:
		message(w, http.StatusNotFound, "Not Found")
	}
}

// issueToken answers POST /app/installations/{id}/access_tokens.
func (s *Server) issueToken(w http.ResponseWriter, r *http.Request, app *App, in *Installation) {
	if in == nil {
		message(w, http.StatusNotFound, "Not Found")
		return
	}
	if app.RateLimited > 0 {
		app.RateLimited--
		s.secondary.Add(1)
		ra := app.RetryAfter
		if ra <= 0 {
			ra = 1
		}
		w.Header().Set("Retry-After", strconv.Itoa(ra))
		writeJSON(w, http.StatusForbidden, map[string]string{
			"message":           "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
			"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"})
		return
	}
	if in.Suspended {
		message(w, http.StatusForbidden, msgSuspended)
		return
	}
	var req struct {
		Repositories  []string          `json:"repositories"`
		RepositoryIDs []int64           `json:"repository_ids"`
		Permissions   map[string]string `json:"permissions"`
	}
	if b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20)); len(strings.TrimSpace(string(b))) > 0 {
		if err := json.Unmarshal(b, &req); err != nil {
			message(w, http.StatusBadRequest, "Problems parsing JSON")
			return
		}
	}
	s.mu.Lock()
	for _, id := range req.RepositoryIDs {
		for _, rp := range s.repos {
			if rp.ID == id {
				req.Repositories = append(req.Repositories, rp.Name)
			}
		}
	}
	s.mu.Unlock()
	for _, name := range req.Repositories {
		if !s.reaches(in, name) {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": msgReposRefused, "documentation_url": "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app"})
			return
		}
	}
	granted := in.Permissions
	if granted == nil {
		granted = app.Permissions
	}
	granted = withMetadata(granted)
	perms := granted
	if len(req.Permissions) > 0 {
		perms = map[string]string{}
		for name, access := range req.Permissions {
			if knowledge.AccessRank(granted[name]) < knowledge.AccessRank(access) {
				writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": msgPermsRefused, "documentation_url": "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app"})
				return
			}
			perms[name] = access
		}
	}
	n := s.iss.Add(1)
	var nonce [8]byte
	_, _ = rand.Read(nonce[:])
	tok := fmt.Sprintf("ghs_fake%06d%s", n, hex.EncodeToString(nonce[:]))
	now := s.cfg.Now()
	s.mu.Lock()
	s.tokens[tok] = now
	s.mu.Unlock()
	s.apps.issued[tok] = issuedToken{inst: in, repos: req.Repositories}
	selection := in.Selection
	if selection == "" {
		selection = "all"
	}
	out := map[string]any{"token": tok, "expires_at": now.Add(s.cfg.TokenTTL).UTC().Format(time.RFC3339),
		"permissions": perms, "repository_selection": selection}
	if len(req.Repositories) > 0 {
		out["repository_selection"] = "selected"
		out["repositories"] = s.repoObjects(in.Account, req.Repositories)
	}
	writeJSON(w, http.StatusCreated, out)
}

// serveInstallationRepos answers GET /installation/repositories for an
// installation token: the repositories it reaches.
func (s *Server) serveInstallationRepos(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	tok := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), "token "))
	s.appList()
	s.apps.mu.Lock()
	it, ok := s.apps.issued[tok]
	s.apps.mu.Unlock()
	if !ok {
		message(w, http.StatusForbidden, "This endpoint is only for installation access tokens")
		return
	}
	if !s.spend(w, "core") {
		return
	}
	s.rest.Add(1)
	names := it.repos
	if names == nil {
		names = s.installationRepos(it.inst)
	}
	objs := s.repoObjects(it.inst.Account, names)
	pg, link := page(r, objs)
	if link != "" {
		w.Header().Set("Link", link)
	}
	selection := it.inst.Selection
	if selection == "" {
		selection = "all"
	}
	writeJSON(w, http.StatusOK, map[string]any{"total_count": len(objs), "repositories": pg, "repository_selection": selection})
}

// routeVariables answers the Actions variables lists and a fine-grained
// PAT's repositories.
func (s *Server) routeVariables(r *http.Request, seg []string) (int, []byte, bool, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if seg[0] == "repos" {
		rp := s.repos[strings.ToLower(seg[1]+"/"+seg[2])]
		if rp == nil || len(seg) != 5 {
			return notFound()
		}
		if rp.Refuse != 0 {
			return refusedAnswer(rp.Refuse)
		}
		items := []map[string]any{}
		for _, v := range rp.Variables {
			items = append(items, map[string]any{"name": v, "value": "v", "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"})
		}
		pg, link := page(r, items)
		return http.StatusOK, mustJSON(map[string]any{"total_count": len(items), "variables": pg}), false, link
	}
	o := s.orgs[strings.ToLower(seg[1])]
	if o == nil {
		return notFound()
	}
	switch {
	case seg[2] == "personal-access-tokens":
		if o.RefusePATs {
			return refusedAnswer(http.StatusForbidden)
		}
		for _, p := range o.PATs {
			if strconv.FormatInt(p.ID, 10) == seg[3] {
				objs := make([]map[string]any, 0, len(p.Repos))
				for _, full := range p.Repos {
					if rp := s.repos[strings.ToLower(full)]; rp != nil {
						objs = append(objs, s.repoJSON(rp))
					}
				}
				pg, link := page(r, objs)
				return http.StatusOK, mustJSON(pg), false, link
			}
		}
		return notFound()
	case o.RefuseOrgSc:
		return refusedAnswer(http.StatusForbidden)
	case len(seg) == 4:
		items := []map[string]any{}
		for _, v := range o.Variables {
			items = append(items, map[string]any{"name": v.Name, "value": v.Value, "visibility": v.Visibility,
				"created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"})
		}
		pg, link := page(r, items)
		return http.StatusOK, mustJSON(map[string]any{"total_count": len(items), "variables": pg}), false, link
	}
	for _, v := range o.Variables {
		if v.Name == seg[4] {
			objs := []map[string]any{}
			for _, full := range v.Repos {
				if rp := s.repos[strings.ToLower(full)]; rp != nil {
					objs = append(objs, s.repoJSON(rp))
				}
			}
			pg, link := page(r, objs)
			return http.StatusOK, mustJSON(map[string]any{"total_count": len(objs), "repositories": pg}), false, link
		}
	}
	return notFound()
}

// reaches reports whether an installation covers repository name of its
// account.
func (s *Server) reaches(in *Installation, name string) bool {
	s.mu.Lock()
	_, exists := s.repos[strings.ToLower(in.Account+"/"+name)]
	s.mu.Unlock()
	if !exists {
		return false
	}
	if in.Selection != "selected" {
		return true
	}
	for _, n := range in.Repositories {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// installationRepos lists the names of the repositories an installation
// covers.
func (s *Server) installationRepos(in *Installation) []string {
	if in.Selection == "selected" {
		return append([]string(nil), in.Repositories...)
	}
	var out []string
	s.mu.Lock()
	for _, rp := range s.repos {
		if strings.EqualFold(rp.Owner, in.Account) {
			out = append(out, rp.Name)
		}
	}
	s.mu.Unlock()
	sort.Strings(out)
	return out
}

func (s *Server) repoObjects(owner string, names []string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]map[string]any, 0, len(names))
	for _, n := range names {
		if rp := s.repos[strings.ToLower(owner+"/"+n)]; rp != nil {
			out = append(out, s.repoJSON(rp))
		}
	}
	return out
}

func installationByID(app *App, id string) *Installation {
	for _, in := range app.Installations {
		if strconv.FormatInt(in.ID, 10) == id {
			return in
		}
	}
	return nil
}

func installationJSON(app *App, in *Installation) map[string]any {
	perms := in.Permissions
	if perms == nil {
		perms = app.Permissions
	}
	selection := in.Selection
	if selection == "" {
		selection = "all"
	}
	m := map[string]any{"id": in.ID, "app_id": app.ID, "client_id": app.ClientID, "app_slug": app.Slug,
		"account": map[string]any{"login": in.Account, "type": "Organization"}, "target_type": "Organization",
		"repository_selection": selection, "permissions": withMetadata(perms), "events": nonNil(app.Events)}
	if in.Suspended {
		m["suspended_at"] = "2026-01-01T00:00:00Z"
	}
	return m
}

func ownerOf(app *App) string {
	if len(app.Installations) > 0 {
		return app.Installations[0].Account
	}
	return "fake"
}

func withMetadata(p map[string]string) map[string]string {
	out := map[string]string{"metadata": "read"}
	for k, v := range p {
		out[k] = v
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// appOfJWT checks an RS256 JWT: a known issuer (App ID or client ID), a
// signature by one of that App's keys, iat not in the future and exp in the
// next ten minutes, by the real clock (GitHub's; a test skews the client's).
// It returns the App, or nil and GitHub's message.
func (s *Server) appOfJWT(auth string) (*App, string) {
	apps := s.appList()
	parts := strings.Split(strings.TrimPrefix(auth, "Bearer "), ".")
	if len(parts) != 3 {
		return nil, msgJWTUndecodable
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, msgJWTUndecodable
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, msgJWTUndecodable
	}
	var claims struct {
		Iss json.RawMessage `json:"iss"`
		Iat int64           `json:"iat"`
		Exp int64           `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil {
		return nil, msgJWTUndecodable
	}
	iss := strings.Trim(string(claims.Iss), `"`)
	var app *App
	for _, a := range apps {
		if iss == strconv.FormatInt(a.ID, 10) || (a.ClientID != "" && iss == a.ClientID) {
			app = a
		}
	}
	if app == nil {
		return nil, msgJWTUndecodable
	}
	h := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	signed := false
	for _, k := range app.Keys {
		if rsa.VerifyPKCS1v15(k, crypto.SHA256, h[:], sig) == nil {
			signed = true
		}
	}
	if !signed {
		return nil, msgJWTUndecodable
	}
	now := time.Now().Unix()
	switch {
	case claims.Iat > now:
		return nil, msgJWTIat
	case claims.Exp <= now:
		return nil, msgJWTExpired
	case claims.Exp > now+600:
		return nil, msgJWTTooLong
	}
	return app, ""
}

// TokenReach returns the repositories (owner/name) an installation token
// issued by the fake reaches, and false for a token it never issued or
// that expired: tests check a minted token is real and narrowed.
func (s *Server) TokenReach(token string) ([]string, bool) {
	s.appList()
	s.mu.Lock()
	issued, ok := s.tokens[token]
	s.mu.Unlock()
	if !ok || s.cfg.Now().Sub(issued) >= s.cfg.TokenTTL {
		return nil, false
	}
	s.apps.mu.Lock()
	it, ok := s.apps.issued[token]
	s.apps.mu.Unlock()
	if !ok {
		return nil, false
	}
	names := it.repos
	if names == nil {
		names = s.installationRepos(it.inst)
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = it.inst.Account + "/" + n
	}
	sort.Strings(out)
	return out, true
}

// IssuedTokens returns every installation token the fake issued, so tests
// can check none leaks into an output.
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.tokens))
	for t := range s.tokens {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}
