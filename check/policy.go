package check

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/report"
)

// Policy says which finding kinds fail the check, which only warn, and which
// findings the allowlist accepts.
type Policy struct {
	Fail  []inventory.Kind
	Warn  []inventory.Kind
	Allow []config.AllowEntry
}

// knownKinds are the finding kinds a policy may name: those the words of
// report.Kinds describe.
func knownKinds() []inventory.Kind {
	ks := make([]inventory.Kind, len(report.Kinds))
	for i, k := range report.Kinds {
		ks[i] = k.Kind
	}
	return ks
}

// ParseKinds parses kind names (each item may hold a comma-separated
// list, as `--fail-on pat,leaked_token` does).
func ParseKinds(items []string) ([]inventory.Kind, error) {
	var out []inventory.Kind
	seen := map[inventory.Kind]bool{}
	for _, item := range items {
		for _, s := range strings.Split(item, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			k := inventory.Kind(s)
			if !slices.Contains(knownKinds(), k) {
				return nil, fmt.Errorf("unknown finding kind %q (want one of %s)", s, KindList())
			}
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out, nil
}

// KindList names the finding kinds, comma-separated.
func KindList() string {
	ks := knownKinds()
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// PolicyFromConfig builds the policy of a configuration. failOn, when not
// empty, replaces the configured failing kinds (the action's `fail-on`
// input); a kind that fails never also warns. Allowlist entries must select
// something.
func PolicyFromConfig(c *config.Config, failOn []string) (Policy, error) {
	if c == nil {
		c = config.Default()
	}
	fail, err := ParseKinds(c.Policy.Fail)
	if err != nil {
		return Policy{}, fmt.Errorf("policy fail: %w", err)
	}
	warn, err := ParseKinds(c.Policy.Warn)
	if err != nil {
		return Policy{}, fmt.Errorf("policy warn: %w", err)
	}
	if len(failOn) > 0 {
		if fail, err = ParseKinds(failOn); err != nil {
			return Policy{}, fmt.Errorf("fail-on: %w", err)
		}
		if len(fail) == 0 {
			return Policy{}, fmt.Errorf("fail-on: no kinds given")
		}
	}
	if len(fail) == 0 {
		fail = []inventory.Kind{inventory.KindPAT, inventory.KindLeakedToken}
	}
	failing := kindSet(fail)
	var w []inventory.Kind
	for _, k := range warn {
		if !failing[k] {
			w = append(w, k)
		}
	}
	for i, a := range c.Allowlist {
		if a.Fingerprint == "" && a.Repo == "" && a.File == "" && a.Job == "" && a.Credential == "" {
			return Policy{}, fmt.Errorf("allowlist entry %d: give a fingerprint, or at least one of repo, file, job, credential", i+1)
		}
		for _, p := range []string{a.Repo, a.File} {
			if _, err := path.Match(p, ""); err != nil {
				return Policy{}, fmt.Errorf("allowlist entry %d: pattern %q: %w", i+1, p, err)
			}
		}
		if _, err := a.Expired(time.Time{}); err != nil {
			return Policy{}, fmt.Errorf("allowlist entry %d: %w", i+1, err)
		}
	}
	return Policy{Fail: fail, Warn: w, Allow: c.Allowlist}, nil
}

// Recorded is the kinds a baseline records: the failing and the warning ones.
func (p Policy) Recorded() []inventory.Kind {
	return append(append([]inventory.Kind{}, p.Fail...), p.Warn...)
}

// allowMatches reports whether an allowlist entry selects a finding. Repo
// and File may be path.Match patterns ("acme/*", ".github/workflows/release-*.yml");
// empty fields match anything. Credentials compare case-insensitively, as
// expression names do in GitHub Actions.
func allowMatches(a config.AllowEntry, f inventory.Finding) bool {
	if a.Fingerprint != "" && a.Fingerprint != findingFingerprint(f) {
		return false
	}
	return globMatch(a.Repo, f.Repo) && globMatch(a.File, f.File) &&
		(a.Job == "" || a.Job == f.Job) && (a.Credential == "" || strings.EqualFold(a.Credential, f.Credential))
}

func globMatch(pattern, s string) bool {
	if pattern == "" || pattern == s {
		return true
	}
	ok, err := path.Match(pattern, s)
	return err == nil && ok
}
