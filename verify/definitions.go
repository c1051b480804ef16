package verify

import (
	"context"
	"fmt"
	"strings"

	ghsource "github.com/pat2app/pat2app/source/github"
)

// named is a repository's variable or secret names, or why they could not
// be read.
type named struct {
	names map[string]bool
	err   error
}

// orgNamed is an organisation's variables or secrets.
type orgNamed struct {
	defs []ghsource.OrgDefinition
	err  error
}

// definitions reads where variables and secrets are defined, each list
// once.
type definitions struct {
	reader *ghsource.Client
	note   string
	repo   map[string]*named    // kind + " " + owner/name
	org    map[string]*orgNamed // kind + " " + org
	vis    map[string]string    // owner/name -> visibility
}

// find says whether variable or secret name is defined for repo, at
// repository or organisation level, and visible to it.
func (d *definitions) find(ctx context.Context, kind, name, repo string) (Status, string) {
	what := "variable"
	if kind == CheckSecret {
		what = "secret"
	}
	if d.reader == nil {
		return StatusUnknown, "not checked: " + d.note
	}
	owner, rname, ok := strings.Cut(repo, "/")
	if !ok {
		return StatusUnknown, fmt.Sprintf("not checked: %q is not owner/name", repo)
	}
	rn := d.repoNames(ctx, kind, owner, rname)
	if rn.err == nil && rn.names[strings.ToUpper(name)] {
		return StatusOK, "a repository " + what + " of " + repo
	}
	on := d.orgDefs(ctx, kind, owner)
	if on.err == nil {
		for _, def := range on.defs {
			if !strings.EqualFold(def.Name, name) {
				continue
			}
			vis, err := d.visibility(ctx, owner, rname)
			if err != nil {
				return StatusUnknown, fmt.Sprintf("an organisation %s of %s; whether %s sees it is unknown: %v", what, owner, repo, err)
			}
			if def.VisibleTo(repo, vis) {
				return StatusOK, fmt.Sprintf("an organisation %s of %s, visible to %s (%s)", what, owner, repo, def.Visibility)
			}
			return StatusFail, fmt.Sprintf("an organisation %s of %s that %s (a %s repository) cannot see (visibility %s): give it access in the %s's repository access settings",
				what, owner, repo, vis, def.Visibility, what)
		}
	}
	switch {
	case rn.err != nil && on.err != nil:
		return StatusUnknown, fmt.Sprintf("not checked: %v; %v", rn.err, on.err)
	case rn.err != nil:
		return StatusUnknown, fmt.Sprintf("not an organisation %s; the repository's could not be read: %v", what, rn.err)
	case on.err != nil:
		return StatusUnknown, fmt.Sprintf("not a repository %s; the organisation's could not be read: %v", what, on.err)
	}
	return StatusFail, fmt.Sprintf("defined neither on %s nor on %s (environment %ss are not checked): create it before the token step runs (day 2)", repo, owner, what)
}

func (d *definitions) repoNames(ctx context.Context, kind, owner, name string) *named {
	key := kind + " " + strings.ToLower(owner+"/"+name)
	if n := d.repo[key]; n != nil {
		return n
	}
	var list []string
	var err error
	if kind == CheckSecret {
		list, err = d.reader.RepoSecretNames(ctx, owner, name)
	} else {
		list, err = d.reader.RepoVariableNames(ctx, owner, name)
	}
	n := &named{names: map[string]bool{}, err: err}
	for _, s := range list {
		n.names[strings.ToUpper(s)] = true
	}
	d.repo[key] = n
	return n
}

func (d *definitions) orgDefs(ctx context.Context, kind, org string) *orgNamed {
	key := kind + " " + strings.ToLower(org)
	if n := d.org[key]; n != nil {
		return n
	}
	n := &orgNamed{}
	if kind == CheckSecret {
		n.defs, n.err = d.reader.OrgSecretDefinitions(ctx, org)
	} else {
		n.defs, n.err = d.reader.OrgVariableDefinitions(ctx, org)
	}
	d.org[key] = n
	return n
}

func (d *definitions) visibility(ctx context.Context, owner, name string) (string, error) {
	key := strings.ToLower(owner + "/" + name)
	if v, ok := d.vis[key]; ok {
		return v, nil
	}
	v, err := d.reader.RepoVisibility(ctx, owner, name)
	if err != nil {
		return "", err
	}
	d.vis[key] = v
	return v, nil
}
