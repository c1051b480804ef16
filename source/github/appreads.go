package github

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"

	gh "github.com/google/go-github/v88/github"
)

// The reads `verify` makes besides a scan's: what an installation token
// reaches, and where Actions secrets and variables are defined.

// OrgDefinition is an organisation Actions secret or variable and the
// repositories it reaches.
type OrgDefinition struct {
	Name string
	// Visibility is all, private (private and internal repositories) or
	// selected (Repos only).
	Visibility string
	// Repos are owner/name, for visibility selected.
	Repos []string
}

// VisibleTo reports whether the definition reaches repository full
// (owner/name) of the given visibility (public, private, internal).
func (d OrgDefinition) VisibleTo(full, repoVisibility string) bool {
	owner, name, _ := strings.Cut(full, "/")
	return visibleTo(orgSecret{name: d.Name, visibility: d.Visibility, repos: d.Repos},
		&repoMeta{Owner: owner, Name: name, Visibility: repoVisibility})
}

// InstallationRepositories lists the repositories (owner/name) the
// client's installation token reaches.
func (c *Client) InstallationRepositories(ctx context.Context) ([]string, error) {
	var out []string
	err := c.pages(&gh.ListOptions{}, func(opts *gh.ListOptions) (*gh.Response, error) {
		page, resp, err := c.gh.Apps.ListRepos(ctx, opts)
		if page != nil {
			for _, r := range page.Repositories {
				out = append(out, r.GetFullName())
			}
		}
		return resp, err
	})
	if err != nil {
		return nil, fmt.Errorf("list the installation's repositories: %w", err)
	}
	sort.Strings(out)
	return out, nil
}

// RepoVisibility returns a repository's visibility: public, private or
// internal.
func (c *Client) RepoVisibility(ctx context.Context, owner, repo string) (string, error) {
	r, _, err := c.gh.Repositories.Get(ctx, owner, repo)
	if err != nil {
		return "", fmt.Errorf("read repository %s/%s: %w", owner, repo, err)
	}
	return metaOf(r).Visibility, nil
}

// RepoSecretNames lists a repository's Actions secret names. The error
// says which permission would unlock a refused list.
func (c *Client) RepoSecretNames(ctx context.Context, owner, repo string) ([]string, error) {
	var out []string
	err := c.pages(&gh.ListOptions{}, func(opts *gh.ListOptions) (*gh.Response, error) {
		page, resp, err := c.gh.Actions.ListRepoSecrets(ctx, owner, repo, opts)
		out = append(out, secretNames(page)...)
		return resp, err
	})
	if err != nil {
		return nil, errors.New(permissionNote("repository secrets of "+owner+"/"+repo, err, "secrets: read"))
	}
	return out, nil
}

// RepoVariableNames lists a repository's Actions variable names.
func (c *Client) RepoVariableNames(ctx context.Context, owner, repo string) ([]string, error) {
	var out []string
	err := c.pages(&gh.ListOptions{}, func(opts *gh.ListOptions) (*gh.Response, error) {
		page, resp, err := c.gh.Actions.ListRepoVariables(ctx, owner, repo, opts)
		if page != nil {
			for _, v := range page.Variables {
				out = append(out, v.Name)
			}
		}
		return resp, err
	})
	if err != nil {
		return nil, errors.New(permissionNote("repository variables of "+owner+"/"+repo, err, "actions_variables: read"))
	}
	return out, nil
}

// OrgSecretDefinitions lists an organisation's Actions secrets with the
// repositories each reaches.
func (c *Client) OrgSecretDefinitions(ctx context.Context, org string) ([]OrgDefinition, error) {
	secs, note := c.readOrgSecrets(ctx, org)
	if note != "" {
		return nil, errors.New(note)
	}
	out := make([]OrgDefinition, 0, len(secs))
	for _, s := range secs {
		out = append(out, OrgDefinition{Name: s.name, Visibility: s.visibility, Repos: s.repos})
	}
	return out, nil
}

// OrgVariableDefinitions lists an organisation's Actions variables with
// the repositories each reaches.
func (c *Client) OrgVariableDefinitions(ctx context.Context, org string) ([]OrgDefinition, error) {
	var out []OrgDefinition
	err := c.pages(&gh.ListOptions{}, func(opts *gh.ListOptions) (*gh.Response, error) {
		page, resp, err := c.gh.Actions.ListOrgVariables(ctx, org, opts)
		if page != nil {
			for _, v := range page.Variables {
				out = append(out, OrgDefinition{Name: v.Name, Visibility: v.GetVisibility()})
			}
		}
		return resp, err
	})
	if err != nil {
		return nil, errors.New(permissionNote("organisation variables of "+org, err, "organization_actions_variables: read"))
	}
	for i := range out {
		if out[i].Visibility != "selected" {
			continue
		}
		err := c.pages(&gh.ListOptions{}, func(opts *gh.ListOptions) (*gh.Response, error) {
			page, resp, err := c.gh.Actions.ListSelectedReposForOrgVariable(ctx, org, out[i].Name, opts)
			if page != nil {
				for _, r := range page.Repositories {
					out[i].Repos = append(out[i].Repos, r.GetFullName())
				}
			}
			return resp, err
		})
		if err != nil {
			return nil, errors.New(permissionNote("repositories of organisation variable "+out[i].Name, err, "organization_actions_variables: read"))
		}
		sort.Strings(out[i].Repos)
	}
	return out, nil
}

// patRepos lists the repositories (owner/name) a fine-grained PAT with a
// selected subset of repositories reaches, or says why it could not.
func (c *Client) patRepos(ctx context.Context, org string, id int64) ([]string, string) {
	var out []string
	err := c.pages(&gh.ListOptions{}, func(opts *gh.ListOptions) (*gh.Response, error) {
		u := fmt.Sprintf("orgs/%s/personal-access-tokens/%d/repositories?per_page=%d&page=%d", url.PathEscape(org), id, opts.PerPage, max(opts.Page, 1))
		req, err := c.gh.NewRequest(ctx, "GET", u, nil)
		if err != nil {
			return nil, err
		}
		var page []*gh.Repository
		resp, err := c.gh.Do(req, &page)
		for _, r := range page {
			out = append(out, r.GetFullName())
		}
		return resp, err
	})
	if err != nil {
		return nil, permissionNote(fmt.Sprintf("repositories of fine-grained personal access token %d", id), err,
			"organization_personal_access_tokens: read (a GitHub App installed on the organisation)")
	}
	sort.Strings(out)
	return out, ""
}
