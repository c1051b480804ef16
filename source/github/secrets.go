package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"

	gh "github.com/google/go-github/v88/github"

	"github.com/pat2app/pat2app/inventory"
)

// repoSecrets are the secret names defined on one repository.
type repoSecrets struct {
	repo []string
	envs map[string][]string
	// note is set when some could not be read.
	note string
	// stopped is set when the scan's stop cut the listing short.
	stopped bool
}

// listSecrets lists the Actions secrets of the repositories whose secrets
// the plan needs (needsSecrets; every repository with workflows under
// Options.AllSecrets), and the secrets of the environments their jobs name,
// Options.Concurrency repositories at a time. It returns the repositories
// with workflows whose secrets it left unlisted for that reason, and an
// input error when the scan was stopped before it listed them all.
func (c *Client) listSecrets(ctx context.Context, states []*repoState, j *journal, prog *progress) (notListed []string, stopped *inventory.InputError) {
	keeps := map[string]bool{}
	for _, st := range states {
		for _, n := range st.head.keeps() {
			keeps[n] = true
		}
	}
	var todo []*repoState
	for _, st := range states {
		if st.secrets != nil || st.failed || len(st.head.workflows()) == 0 {
			continue
		}
		if !c.opts.AllSecrets && !needsSecrets(&st.head, keeps) {
			notListed = append(notListed, st.meta.full())
			continue
		}
		todo = append(todo, st)
	}
	prog.secretsToList(len(todo))
	places := make(chan struct{}, c.opts.Concurrency)
	var wg sync.WaitGroup
	unread := 0
	var stop error
	for _, st := range todo {
		if stop = c.waits.err("core"); stop != nil {
			unread++
			continue
		}
		select {
		case places <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return notListed, nil
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-places }()
			st.secrets = c.readRepoSecrets(ctx, st)
			j.secrets(st)
			prog.secretsListed()
		}()
	}
	wg.Wait()
	// A repository whose listing the stop cut short counts as unread.
	for _, st := range states {
		if st.secrets != nil && st.secrets.stopped {
			st.secrets = nil
			unread++
		}
	}
	sort.Strings(notListed)
	if unread > 0 {
		if stop == nil {
			stop = c.waits.err("core")
		}
		return notListed, &inventory.InputError{Message: fmt.Sprintf("the secrets of %d repositories were not listed: %v", unread, stop)}
	}
	return notListed, nil
}

// needsSecrets reports whether the plan needs a repository's secrets: it
// has a PAT, unknown or leaked-token finding, or its workflows reference
// (by name, or all of them with `secrets: inherit`) a secret that such a
// finding of the scan keeps its credential in. Only then can a secret of
// the repository hold a token to migrate, or be where one that becomes
// deletable is defined.
func needsSecrets(h *repoHead, keeps map[string]bool) bool {
	if h.risky {
		return true
	}
	for _, n := range h.refs() {
		if keeps[n] || (n == anySecret && len(keeps) > 0) {
			return true
		}
	}
	return false
}

// readRepoSecrets lists a repository's Actions secrets and the secrets of
// the environments its jobs name (names only). Its environments come from
// the listing of its files when that read them, else from REST.
func (c *Client) readRepoSecrets(ctx context.Context, st *repoState) *repoSecrets {
	r := st.meta
	out := &repoSecrets{}
	what := fmt.Sprintf("repository secrets of %s", r.full())
	err := c.pages(&gh.ListOptions{}, func(opts *gh.ListOptions) (*gh.Response, error) {
		page, resp, err := c.gh.Actions.ListRepoSecrets(ctx, r.Owner, r.Name, opts)
		out.repo = append(out.repo, secretNames(page)...)
		return resp, err
	})
	if err != nil {
		out.note, out.stopped = permissionNote(what, err, "secrets: read"), isStop(err)
		return out
	}
	if len(st.head.named()) == 0 {
		return out
	}
	envs, guessed, err := c.environmentsNamed(ctx, st)
	if err != nil {
		out.note, out.stopped = permissionNote(fmt.Sprintf("environments of %s", r.full()), err, "actions: read"), isStop(err)
		return out
	}
	for _, name := range envs {
		names := []string{}
		what := fmt.Sprintf("secrets of environment %s of %s", name, r.full())
		err := c.pages(&gh.ListOptions{}, func(opts *gh.ListOptions) (*gh.Response, error) {
			page, resp, err := c.gh.Actions.ListEnvSecrets(ctx, int(r.ID), url.PathEscape(name), opts)
			names = append(names, secretNames(page)...)
			return resp, err
		})
		if err != nil && guessed && statusOf(asRepoError(err)) == http.StatusNotFound {
			continue // a job names an environment the repository does not have
		}
		if err != nil {
			out.note, out.stopped = permissionNote(what, err, "environments: read"), isStop(err)
			return out
		}
		if out.envs == nil {
			out.envs = map[string][]string{}
		}
		out.envs[name] = names
	}
	return out
}

// environmentsNamed are the environments of a repository whose secrets to
// list: those its jobs name. A job's environment given by an expression
// may be any: then the repository's environments are listed (unless its
// file listing read them). Names taken from the workflows alone (guessed)
// may not exist.
func (c *Client) environmentsNamed(ctx context.Context, st *repoState) (envs []string, guessed bool, err error) {
	named := st.head.named()
	any := slices.Contains(named, anySecret)
	if !st.envsKnown && !any {
		return named, true, nil
	}
	all := st.envs()
	if !st.envsKnown {
		r := st.meta
		eopts := &gh.EnvironmentListOptions{}
		err = c.pages(&eopts.ListOptions, func(*gh.ListOptions) (*gh.Response, error) {
			page, resp, err := c.gh.Repositories.ListEnvironments(ctx, r.Owner, r.Name, eopts)
			for _, e := range page.GetEnvironments() {
				all = append(all, e.GetName())
			}
			return resp, err
		})
		if err != nil {
			return nil, false, err
		}
	}
	for _, e := range all {
		if namedIn(named, e) {
			envs = append(envs, e)
		}
	}
	return envs, false, nil
}

// namedIn reports whether environment env is among those jobs name
// (environment names are not case-sensitive).
func namedIn(named []string, env string) bool {
	for _, n := range named {
		if n == anySecret || strings.EqualFold(n, env) {
			return true
		}
	}
	return false
}

// secretNames are the names of a page of secrets (none for nil).
func secretNames(s *gh.Secrets) []string {
	if s == nil {
		return nil
	}
	out := make([]string, 0, len(s.Secrets))
	for _, sc := range s.Secrets {
		out = append(out, sc.Name)
	}
	return out
}

// isStop reports whether err is the scan's stop.
func isStop(err error) bool {
	var stop *stoppedError
	return errors.As(err, &stop)
}

// permissionNote says what could not be read and which permission would
// unlock it.
func permissionNote(what string, err error, perm string) string {
	err = asRepoError(err)
	switch statusOf(err) {
	case http.StatusForbidden, http.StatusNotFound, http.StatusUnauthorized:
		return fmt.Sprintf("%s: not readable (%v); needs permission %s", what, err, perm)
	}
	return fmt.Sprintf("%s: could not be read: %v", what, err)
}

// orgSecret is one organisation Actions secret and the repositories it is
// visible to.
type orgSecret struct {
	name, visibility string
	repos            []string // for visibility selected
}

func (c *Client) readOrgSecrets(ctx context.Context, org string) ([]orgSecret, string) {
	var out []orgSecret
	what := "organisation secrets of " + org
	err := c.pages(&gh.ListOptions{}, func(opts *gh.ListOptions) (*gh.Response, error) {
		page, resp, err := c.gh.Actions.ListOrgSecrets(ctx, org, opts)
		if page != nil {
			for _, s := range page.Secrets {
				out = append(out, orgSecret{name: s.Name, visibility: s.Visibility})
			}
		}
		return resp, err
	})
	if err != nil {
		return nil, permissionNote(what, err, "organization_secrets: read")
	}
	for i := range out {
		if out[i].visibility != "selected" {
			continue
		}
		what := fmt.Sprintf("repositories of organisation secret %s", out[i].name)
		err := c.pages(&gh.ListOptions{}, func(opts *gh.ListOptions) (*gh.Response, error) {
			page, resp, err := c.gh.Actions.ListSelectedReposForOrgSecret(ctx, org, out[i].name, opts)
			if page != nil {
				for _, r := range page.Repositories {
					out[i].repos = append(out[i].repos, r.GetFullName())
				}
			}
			return resp, err
		})
		if err != nil {
			return out, permissionNote(what, err, "organization_secrets: read")
		}
		sort.Strings(out[i].repos)
	}
	return out, ""
}

// readTokens lists fine-grained PATs with access to org and SSO credential
// authorizations (metadata only), with a note for each list refused.
func (c *Client) readTokens(ctx context.Context, org string) ([]inventory.Token, []string) {
	var toks []inventory.Token
	var notes []string
	what := "fine-grained personal access tokens of " + org
	popts := &gh.ListFineGrainedPATOptions{}
	err := c.pages(&popts.ListOptions, func(*gh.ListOptions) (*gh.Response, error) {
		page, resp, err := c.gh.Organizations.ListFineGrainedPersonalAccessTokens(ctx, org, popts)
		for _, p := range page {
			t := patToken(p)
			if p.GetRepositorySelection() == "subset" {
				if repos, note := c.patRepos(ctx, org, p.GetID()); note != "" {
					notes = append(notes, note)
				} else {
					t.Repos = repos
				}
			}
			toks = append(toks, t)
		}
		return resp, err
	})
	if err != nil {
		notes = append(notes, permissionNote(what, err,
			"organization_personal_access_tokens: read (a GitHub App installed on the organisation)"))
	}
	what = "SSO credential authorizations of " + org
	aopts := &gh.CredentialAuthorizationsListOptions{}
	err = c.pages(&aopts.ListOptions, func(*gh.ListOptions) (*gh.Response, error) {
		page, resp, err := c.gh.Organizations.ListCredentialAuthorizations(ctx, org, aopts)
		for _, a := range page {
			t := inventory.Token{Source: "credential_authorization", Owner: a.GetLogin(), Name: a.GetAuthorizedCredentialNote(), Scopes: a.Scopes}
			if a.AuthorizedCredentialExpiresAt != nil {
				t.Expires = a.AuthorizedCredentialExpiresAt.UTC().Format("2006-01-02T15:04:05Z")
			}
			if a.CredentialAccessedAt != nil {
				t.LastUsed = a.CredentialAccessedAt.UTC().Format("2006-01-02T15:04:05Z")
			}
			toks = append(toks, t)
		}
		return resp, err
	})
	if err != nil {
		notes = append(notes, permissionNote(what, err,
			"an organisation owner's token (read:org) on an organisation that enforces SAML SSO"))
	}
	return toks, notes
}

// patToken is the inventory row of a fine-grained PAT.
func patToken(p *gh.PersonalAccessToken) inventory.Token {
	t := inventory.Token{Source: "fine_grained_pat", Owner: p.GetOwner().GetLogin(), Name: p.GetTokenName(), Permissions: map[string]string{}}
	if p.TokenExpiresAt != nil {
		t.Expires = p.TokenExpiresAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	if p.TokenLastUsedAt != nil {
		t.LastUsed = p.TokenLastUsedAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	if perms := p.GetPermissions(); perms != nil {
		for _, m := range []map[string]string{perms.Org, perms.Repo, perms.Other} {
			for k, v := range m {
				t.Permissions[k] = v
			}
		}
	}
	if sel := p.GetRepositorySelection(); sel != "subset" {
		t.Repos = []string{sel}
	}
	return t
}

// secretInventory lists the secrets the plan needs (listSecrets), reads the
// organisations' secrets and tokens, and links every secret to the
// references found in the scanned repositories.
func (c *Client) secretInventory(ctx context.Context, orgs []string, states []*repoState, j *journal, prog *progress) (si *inventory.SecretInventory, stopped *inventory.InputError) {
	si = &inventory.SecretInventory{Secrets: []inventory.Secret{}}
	si.NotListed, stopped = c.listSecrets(ctx, states, j, prog)
	if n := len(si.NotListed); n > 0 {
		si.Notes = append(si.Notes, fmt.Sprintf("the Actions secrets of %d repositories (not_listed) were not listed: their workflows use no PAT, unknown or leaked token and reference no secret one is kept in, so the plan needs none of their secrets; secrets they define but never use are not reported (scan with --all-secrets to list them)", n))
	}
	orgOf := map[string][]orgSecret{}
	orgRead := map[string]bool{}
	for _, org := range orgs {
		secs, note := c.readOrgSecrets(ctx, org)
		if note != "" {
			si.Notes = append(si.Notes, note)
		} else {
			orgRead[strings.ToLower(org)] = true
		}
		orgOf[strings.ToLower(org)] = secs
		toks, notes := c.readTokens(ctx, org)
		si.Tokens = append(si.Tokens, toks...)
		si.Notes = append(si.Notes, notes...)
	}
	if len(orgs) == 0 && len(states) > 0 {
		si.Notes = append(si.Notes, "organisation secrets and tokens were not read: scan with --org to see them and to find broken references")
	}
	for _, st := range states {
		rs := st.secrets
		if rs == nil {
			continue
		}
		if rs.note != "" {
			si.Notes = append(si.Notes, rs.note)
		}
		for _, n := range rs.repo {
			si.Secrets = append(si.Secrets, inventory.Secret{Name: n, Scope: "repo", Repo: st.meta.full(), Status: usedStatus(st.head.uses(n))})
		}
		envs := make([]string, 0, len(rs.envs))
		for e := range rs.envs {
			envs = append(envs, e)
		}
		sort.Strings(envs)
		for _, e := range envs {
			for _, n := range rs.envs[e] {
				si.Secrets = append(si.Secrets, inventory.Secret{Name: n, Scope: "environment", Repo: st.meta.full(), Environment: e, Status: usedStatus(st.head.uses(n))})
			}
		}
	}
	// Organisation secrets: visible to which scanned repositories, used by which.
	for _, org := range orgs {
		for _, s := range orgOf[strings.ToLower(org)] {
			sec := inventory.Secret{Name: s.name, Scope: "org", Visibility: s.visibility, Repos: s.repos}
			var used, unused []string
			for _, st := range states {
				if !strings.EqualFold(st.meta.Owner, org) || !visibleTo(s, st.meta) {
					continue
				}
				if st.head.uses(s.name) {
					used = append(used, st.meta.full())
				} else {
					unused = append(unused, st.meta.full())
				}
			}
			sort.Strings(unused)
			switch {
			case len(used) == 0:
				sec.Status = "unused"
			case len(unused) > 0:
				sec.Status, sec.UnusedIn = "over_shared", unused
			default:
				sec.Status = "used"
			}
			si.Secrets = append(si.Secrets, sec)
		}
	}
	// Broken: referenced where no scope defines it (only where every scope
	// could be read).
	for _, st := range states {
		if st.secrets == nil || st.secrets.note != "" || !orgRead[strings.ToLower(st.meta.Owner)] {
			continue
		}
		defined := map[string]bool{"GITHUB_TOKEN": true}
		for _, n := range st.secrets.repo {
			defined[strings.ToUpper(n)] = true
		}
		for _, names := range st.secrets.envs {
			for _, n := range names {
				defined[strings.ToUpper(n)] = true
			}
		}
		for _, s := range orgOf[strings.ToLower(st.meta.Owner)] {
			if visibleTo(s, st.meta) {
				defined[strings.ToUpper(s.name)] = true
			}
		}
		for _, n := range st.head.refs() {
			if n != anySecret && !defined[n] {
				si.Secrets = append(si.Secrets, inventory.Secret{Name: n, Scope: "repo", Repo: st.meta.full(), Status: "broken"})
			}
		}
	}

	sort.SliceStable(si.Secrets, func(i, j int) bool {
		a, b := si.Secrets[i], si.Secrets[j]
		if a.Scope != b.Scope {
			return a.Scope < b.Scope
		}
		if a.Repo != b.Repo {
			return a.Repo < b.Repo
		}
		if a.Environment != b.Environment {
			return a.Environment < b.Environment
		}
		return a.Name < b.Name
	})
	return si, stopped
}

func usedStatus(used bool) string {
	if used {
		return "used"
	}
	return "unused"
}

// visibleTo reports whether an organisation secret reaches repository r.
func visibleTo(s orgSecret, r *repoMeta) bool {
	switch s.visibility {
	case "all":
		return true
	case "private":
		return r.Visibility != "public"
	case "selected":
		for _, n := range s.repos {
			if strings.EqualFold(n, r.full()) {
				return true
			}
		}
	}
	return false
}
