package check

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/planner"
)

// Scope is what an accepted usage needs: the GitHub App permissions the
// planner gives its job and the other repositories it reaches. A usage whose
// scope grows is no longer the usage that was accepted.
type Scope struct {
	// Permissions is permission name -> read|write|admin, as the plan has
	// them ({} when the job needs none).
	Permissions map[string]string `json:"permissions"`
	// Repos are the other repositories (owner/name) the job reaches.
	Repos []string `json:"repos,omitempty"`
}

// Scopes are the planned scopes of findings, by fingerprint.
type Scopes map[string]*Scope

// PlanScopes takes each planned job's scope from a plan: the planner is the
// one place permissions are decided.
func PlanScopes(p *planner.Plan) Scopes {
	s := Scopes{}
	if p == nil {
		return s
	}
	for _, j := range p.Jobs {
		perms := make(map[string]string, len(j.Permissions))
		for k, v := range j.Permissions {
			perms[k] = v
		}
		repos := append([]string(nil), j.TargetRepos...)
		sort.Strings(repos)
		s[j.Fingerprint] = &Scope{Permissions: perms, Repos: repos}
	}
	return s
}

// Growth is what a usage needs beyond the scope it was accepted with.
type Growth struct {
	// Permissions are the permissions it needs that the accepted scope did
	// not have, or had at a lower access, at the access needed now.
	Permissions map[string]string
	// Raised names, of Permissions, those the accepted scope had at a
	// lower access, with that access.
	Raised map[string]string
	// Repos are the other repositories it reaches that the accepted scope
	// did not.
	Repos []string
}

// Empty reports whether nothing grew.
func (g Growth) Empty() bool { return len(g.Permissions) == 0 && len(g.Repos) == 0 }

// grownFrom returns what cur needs beyond the accepted scope.
func grownFrom(accepted, cur *Scope) Growth {
	var g Growth
	for name, access := range cur.Permissions {
		was, ok := accepted.Permissions[name]
		if ok && knowledge.AccessRank(access) <= knowledge.AccessRank(was) {
			continue
		}
		if g.Permissions == nil {
			g.Permissions = map[string]string{}
		}
		g.Permissions[name] = access
		if ok {
			if g.Raised == nil {
				g.Raised = map[string]string{}
			}
			g.Raised[name] = was
		}
	}
	known := map[string]bool{}
	for _, r := range accepted.Repos {
		known[strings.ToLower(r)] = true
	}
	for _, r := range cur.Repos {
		if !known[strings.ToLower(r)] {
			g.Repos = append(g.Repos, r)
		}
	}
	return g
}

// UsageDigest identifies what a job does with a credential, wherever the
// job is: the credential and the uses, operations (with their literal
// inputs and target repositories) and unresolved uses with their text,
// without the file, the job's or a step's name or any line number. A usage
// whose workflow file was renamed, or whose job was, keeps its digest;
// reformatting the job keeps it too, as long as the lines that use the
// credential read the same.
func UsageDigest(f inventory.Finding) string {
	var items []string
	add := func(parts ...string) { items = append(items, strings.Join(parts, "\x1f")) }
	for _, u := range f.Uses {
		add("use", string(u.Via), u.Target, subject(u.Subject))
	}
	for _, o := range f.Operations {
		inputs := make([]string, 0, len(o.Inputs))
		for k, v := range o.Inputs {
			inputs = append(inputs, k+"="+v)
		}
		sort.Strings(inputs)
		add("op", string(o.Kind), o.Method, o.Path, o.Name, subject(o.Subject), strings.Join(o.Args, " "),
			strings.Join(inputs, "\x1e"), strings.Join(o.Repos, " "), o.Evidence.Repo, o.Evidence.File, o.Evidence.Text)
	}
	for _, u := range f.Unresolved {
		add("unresolved", u.Reason, subject(u.Subject), u.Evidence.Repo, u.Evidence.File, u.Evidence.Text)
	}
	for _, e := range f.Expressions {
		add("expr", e)
	}
	sort.Strings(items)
	h := sha256.New()
	h.Write([]byte(strings.ToLower(f.Credential)))
	for _, it := range items {
		h.Write([]byte{0})
		h.Write([]byte(it))
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

func subject(s inventory.Subject) string {
	return strings.Join([]string{s.Action, s.Input, s.Command, s.Script, s.Workflow, s.Secret}, "\x1e")
}
