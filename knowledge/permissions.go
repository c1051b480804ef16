package knowledge

import (
	"fmt"
	"maps"
	"sort"
	"strings"
)

// Permissions maps a GitHub App permission name, spelled as App manifests
// and the installation-token API spell it (contents, pull_requests, issues,
// workflows, organization_projects, ...), to its access: "read", "write" or
// "admin".
type Permissions map[string]string

// Add records access for name, keeping the higher access when name is
// already present (read < write < admin). Unknown access strings rank
// below read and never replace a known one.
func (p Permissions) Add(name, access string) {
	if cur, ok := p[name]; ok && AccessRank(cur) >= AccessRank(access) {
		return
	}
	p[name] = access
}

// Merge adds every entry of o to p, keeping the higher access of each name.
func (p Permissions) Merge(o Permissions) {
	for name, access := range o {
		p.Add(name, access)
	}
}

// Clone returns a copy of p; a nil p gives an empty, non-nil map.
func (p Permissions) Clone() Permissions {
	c := make(Permissions, len(p))
	maps.Copy(c, p)
	return c
}

// Names returns the permission names in p, sorted.
func (p Permissions) Names() []string {
	names := make([]string, 0, len(p))
	for n := range p {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// String renders p in the table-cell form ParsePermissions reads, sorted
// by name: "contents:write,pull_requests:write".
func (p Permissions) String() string {
	var b strings.Builder
	for i, n := range p.Names() {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(n)
		b.WriteByte(':')
		b.WriteString(p[n])
	}
	return b.String()
}

// AccessRank orders access levels: read=1, write=2, admin=3, anything
// else 0.
func AccessRank(access string) int {
	switch access {
	case "read":
		return 1
	case "write":
		return 2
	case "admin":
		return 3
	}
	return 0
}

// ParsePermissions reads the table-cell form "contents:write,pull_requests:write"
// (also accepting spaces, hyphens and upper case in names, and "=" instead
// of ":"). Names are canonicalised with CanonicalPermission; the access must
// be read, write or admin. Job-only permissions that GITHUB_TOKEN has but an
// App cannot (id_token, see IsJobOnlyPermission) are kept under their own
// name so callers can tell them apart; every other name must be an App
// permission. An empty string gives an empty map.
func ParsePermissions(s string) (Permissions, error) {
	p := Permissions{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, access, ok := strings.Cut(part, ":")
		if !ok {
			name, access, ok = strings.Cut(part, "=")
		}
		if !ok {
			return nil, fmt.Errorf("parse permission %q: want name:access", part)
		}
		name = strings.TrimSpace(name)
		access = strings.ToLower(strings.TrimSpace(access))
		if AccessRank(access) == 0 {
			return nil, fmt.Errorf("parse permission %q: access %q is not read, write or admin", part, access)
		}
		canon, ok := CanonicalPermission(name)
		if !ok {
			if j := normalizeKey(name); IsJobOnlyPermission(j) {
				canon = j
			} else {
				return nil, fmt.Errorf("parse permission %q: unknown permission name %q", part, name)
			}
		}
		p.Add(canon, access)
	}
	return p, nil
}

// Writes reports whether p grants any write or admin access.
func (p Permissions) Writes() bool {
	for _, a := range p {
		if AccessRank(a) > 1 {
			return true
		}
	}
	return false
}

// AppOnly returns the entries of p that are App permissions, dropping
// job-only ones such as id_token.
func (p Permissions) AppOnly() Permissions {
	c := make(Permissions, len(p))
	for n, a := range p {
		if IsAppPermission(n) {
			c[n] = a
		}
	}
	return c
}

func normalizeKey(key string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(key)), "-", "_")
}
