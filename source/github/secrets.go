package github

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	gh "github.com/google/go-github/v88/github"

	"github.com/pat2app/pat2app/inventory"
)

// repoSecrets are the secret names defined on one repository.
type repoSecrets struct {
	repo []string
	envs map[string][]string
	// note is set when some could not be read.
	note string
}

// readRepoSecrets lists a repository's Actions secrets and its
// environments' secrets (names only).
func (c *Client) readRepoSecrets(ctx context.Context, r *repoMeta) *repoSecrets {
	out := &repoSecrets{envs: map[string][]string{}}
	what := fmt.Sprintf("repository secrets of %s", r.full())
	err := c.pages(&gh.ListOptions{}, func(opts *gh.ListOptions) (*gh.Response, error) {
		page, resp, err := c.gh.Actions.ListRepoSecrets(ctx, r.Owner, r.Name, opts)
		out.repo = append(out.repo, secretNames(page)...)
		return resp, err
	})
	if err != nil {
		out.note = permissionNote(what, err, "secrets: read")
		return out
	}
	var envs []string
	what = fmt.Sprintf("environments of %s", r.full())
	eopts := &gh.EnvironmentListOptions{}
	err = c.pages(&eopts.ListOptions, func(*gh.ListOptions) (*gh.Response, error) {
		page, resp, err := c.gh.Repositories.ListEnvironments(ctx, r.Owner, r.Name, eopts)
		for _, e := range page.GetEnvironments() {
			envs = append(envs, e.GetName())
		}
		return resp, err
	})
	if err != nil {
		out.note = permissionNote(what, err, "actions: read")
		return out
	}
	for _, name := range envs {
		names := []string{}
		what := fmt.Sprintf("secrets of environment %s of %s", name, r.full())
		err := c.pages(&gh.ListOptions{}, func(opts *gh.ListOptions) (*gh.Response, error) {
			page, resp, err := c.gh.Actions.ListEnvSecrets(ctx, int(r.ID), name, opts)
			names = append(names, secretNames(page)...)
			return resp, err
		})
		if err != nil {
			out.note = permissionNote(what, err, "environments: read")
			return out
		}
		out.envs[name] = names
	}
	return out
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

// secretInventory reads the organisations' secrets and tokens and links
// every secret to the references found in the scanned repositories.
func (c *Client) secretInventory(ctx context.Context, orgs []string, results []*repoResult) *inventory.SecretInventory {
	si := &inventory.SecretInventory{Secrets: []inventory.Secret{}}
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
	if len(orgs) == 0 && len(results) > 0 {
		si.Notes = append(si.Notes, "organisation secrets and tokens were not read: scan with --org to see them and to find broken references")
	}
	for _, r := range results {
		rs := r.secrets
		if rs == nil {
			continue
		}
		if rs.note != "" {
			si.Notes = append(si.Notes, rs.note)
		}
		for _, n := range rs.repo {
			si.Secrets = append(si.Secrets, inventory.Secret{Name: n, Scope: "repo", Repo: r.meta.full(), Status: usedStatus(r.uses(n))})
		}
		envs := make([]string, 0, len(rs.envs))
		for e := range rs.envs {
			envs = append(envs, e)
		}
		sort.Strings(envs)
		for _, e := range envs {
			for _, n := range rs.envs[e] {
				si.Secrets = append(si.Secrets, inventory.Secret{Name: n, Scope: "environment", Repo: r.meta.full(), Environment: e, Status: usedStatus(r.uses(n))})
			}
		}
	}
	// Organisation secrets: visible to which scanned repositories, used by which.
	for _, org := range orgs {
		for _, s := range orgOf[strings.ToLower(org)] {
			sec := inventory.Secret{Name: s.name, Scope: "org", Visibility: s.visibility, Repos: s.repos}
			var used, unused []string
			for _, r := range results {
				if !strings.EqualFold(r.meta.Owner, org) || !visibleTo(s, r.meta) {
					continue
				}
				if r.uses(s.name) {
					used = append(used, r.meta.full())
				} else {
					unused = append(unused, r.meta.full())
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
	for _, r := range results {
		if r.secrets == nil || r.secrets.note != "" || !orgRead[strings.ToLower(r.meta.Owner)] {
			continue
		}
		defined := map[string]bool{"GITHUB_TOKEN": true}
		for _, n := range r.secrets.repo {
			defined[strings.ToUpper(n)] = true
		}
		for _, names := range r.secrets.envs {
			for _, n := range names {
				defined[strings.ToUpper(n)] = true
			}
		}
		for _, s := range orgOf[strings.ToLower(r.meta.Owner)] {
			if visibleTo(s, r.meta) {
				defined[strings.ToUpper(s.name)] = true
			}
		}
		var broken []string
		for n := range r.refs {
			if n != anySecret && !defined[n] {
				broken = append(broken, n)
			}
		}
		sort.Strings(broken)
		for _, n := range broken {
			si.Secrets = append(si.Secrets, inventory.Secret{Name: n, Scope: "repo", Repo: r.meta.full(), Status: "broken"})
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
	return si
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

// uses reports whether the repository references secret name (or passes
// all its secrets to reusable workflows).
func (r *repoResult) uses(name string) bool {
	return r.refs[strings.ToUpper(name)] || r.refs[anySecret]
}
