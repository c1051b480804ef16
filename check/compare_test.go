package check

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner"
)

var (
	checkDay = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	defaults = Policy{Fail: []inventory.Kind{"pat", "leaked_token"}, Warn: []inventory.Kind{"unknown"}}
)

const (
	wf  = ".github/workflows/release.yml"
	wf2 = ".github/workflows/sync.yml"
)

// summary renders verdicts as "status job credential" lines and the
// removed entries as "removed job credential".
func summary(r *Result) string {
	var s []string
	for _, v := range r.Verdicts {
		line := string(v.Status) + " " + v.Finding.Job + " " + v.Finding.Credential
		if v.PreviousKind != "" {
			line += " was " + string(v.PreviousKind)
		}
		if v.Moved {
			line += " moved"
		}
		for _, n := range knowledge.Permissions(v.Grown.Permissions).Names() {
			line += " +" + n + ":" + v.Grown.Permissions[n]
		}
		for _, r := range v.Grown.Repos {
			line += " +" + r
		}
		s = append(s, line)
	}
	for _, e := range r.Removed {
		s = append(s, "removed "+e.Job+" "+e.Credential)
	}
	for _, a := range r.ExpiredUnused {
		s = append(s, "stale-allow "+a.Credential)
	}
	if r.Unscoped > 0 {
		s = append(s, fmt.Sprintf("unscoped %d", r.Unscoped))
	}
	return strings.Join(s, "; ")
}

func TestCompare(t *testing.T) {
	pat := finding("acme/web", wf, "release", "secrets.GH_PAT", inventory.KindPAT, 14, 41)
	patMoved := finding("acme/web", wf, "release", "secrets.GH_PAT", inventory.KindPAT, 90, 120)
	sync := finding("acme/web", wf2, "sync", "secrets.SYNC_PAT", inventory.KindPAT, 8)
	unknownSync := finding("acme/web", wf2, "sync", "secrets.SYNC_PAT", inventory.KindUnknown, 8)
	token := finding("acme/web", wf, "test", "secrets.GITHUB_TOKEN", inventory.KindGitHubToken, 3)
	leak := finding("acme/web", wf2, "sync", "ghp_****", inventory.KindLeakedToken, 20)
	renamed := finding("web", wf, "release", "secrets.GH_PAT", inventory.KindPAT, 14) // no origin remote
	other := finding("acme/api", wf, "release", "secrets.GH_PAT", inventory.KindPAT, 14)

	// The scopes the plan gave them when the baseline was written, and
	// those it gives them now.
	scoped := Scopes{
		pat.Fingerprint:  {Permissions: map[string]string{"contents": "write", "pull_requests": "write"}},
		sync.Fingerprint: {Permissions: map[string]string{"contents": "read"}, Repos: []string{"acme/vendor"}},
	}
	same := Scopes{
		pat.Fingerprint:  {Permissions: map[string]string{"contents": "write", "pull_requests": "write"}},
		sync.Fingerprint: {Permissions: map[string]string{"contents": "read"}, Repos: []string{"ACME/vendor"}},
	}
	less := Scopes{pat.Fingerprint: {Permissions: map[string]string{"contents": "read"}}}
	grown := Scopes{
		pat.Fingerprint:         {Permissions: map[string]string{"contents": "write", "pull_requests": "write", "administration": "write"}, Repos: []string{"other-org/other-repo"}},
		sync.Fingerprint:        {Permissions: map[string]string{"contents": "write"}, Repos: []string{"acme/vendor"}},
		unknownSync.Fingerprint: {Permissions: map[string]string{"contents": "write"}, Repos: []string{"acme/vendor"}},
	}
	var unscoped *Baseline
	base := func(fs ...inventory.Finding) *Baseline {
		return NewBaseline(fs, defaults.Recorded(), day1, "", nil, scoped)
	}
	unscoped = base(pat)
	unscoped.Entries[0].Scope = nil
	// Renamed workflow files and jobs: the same uses of the credential.
	pat.Uses = []inventory.Use{{Line: 41, Via: inventory.ViaInput, Target: "peter-evans/create-pull-request token"}}
	inRenamedFile, inRenamedJob, changed := pat, pat, pat
	inRenamedFile.File = ".github/workflows/publish.yml"
	inRenamedFile.Fingerprint = scanner.Fingerprint(pat.Repo, inRenamedFile.File, pat.Job, pat.Credential)
	inRenamedJob.Job = "publish"
	inRenamedJob.Fingerprint = scanner.Fingerprint(pat.Repo, pat.File, inRenamedJob.Job, pat.Credential)
	changed.File, changed.Fingerprint = inRenamedFile.File, inRenamedFile.Fingerprint
	changed.Uses = []inventory.Use{{Line: 41, Via: inventory.ViaEnv, Target: "gh release create"}}
	otherCred := inRenamedFile
	otherCred.Credential = "secrets.OTHER_PAT"
	otherCred.Fingerprint = scanner.Fingerprint(pat.Repo, otherCred.File, pat.Job, otherCred.Credential)
	live := config.AllowEntry{Credential: "secrets.SYNC_PAT", Until: "2026-12-31", Reason: "vendor sync until Q4"}
	expired := config.AllowEntry{Credential: "secrets.SYNC_PAT", Until: "2026-06-01", Reason: "migrate by June"}
	expiredToday := config.AllowEntry{Credential: "secrets.SYNC_PAT", Until: "2026-06-15"}
	expiredNothing := config.AllowEntry{Credential: "secrets.OLD", Until: "2026-01-01"}
	withAllow := func(a ...config.AllowEntry) Policy { p := defaults; p.Allow = a; return p }

	tests := []struct {
		name     string
		findings []inventory.Finding
		base     *Baseline
		policy   Policy
		scopes   Scopes
		want     string
		fails    bool
	}{
		{name: "no baseline: a PAT fails", findings: []inventory.Finding{pat, token}, policy: defaults,
			want: "new release secrets.GH_PAT", fails: true},
		{name: "added PAT usage fails, accepted one passes", findings: []inventory.Finding{pat, sync}, base: base(pat), policy: defaults,
			want: "accepted release secrets.GH_PAT; new sync secrets.SYNC_PAT", fails: true},
		{name: "moved usage stays accepted", findings: []inventory.Finding{patMoved}, base: base(pat), policy: defaults,
			want: "accepted release secrets.GH_PAT"},
		{name: "removed usage is reported and passes", findings: []inventory.Finding{pat}, base: base(pat, sync), policy: defaults,
			want: "accepted release secrets.GH_PAT; removed sync secrets.SYNC_PAT"},
		{name: "migrated to GITHUB_TOKEN counts as removed", findings: []inventory.Finding{token}, base: base(pat), policy: defaults,
			want: "removed release secrets.GH_PAT"},
		{name: "leaked token fails", findings: []inventory.Finding{leak}, base: base(pat), policy: defaults,
			want: "new sync ghp_****; removed release secrets.GH_PAT", fails: true},
		{name: "unknown only warns", findings: []inventory.Finding{unknownSync}, policy: defaults,
			want: "warn sync secrets.SYNC_PAT"},
		{name: "unknown in baseline is quiet", findings: []inventory.Finding{unknownSync}, base: base(unknownSync), policy: defaults,
			want: "accepted sync secrets.SYNC_PAT"},
		{name: "accepted as unknown, now a PAT, fails", findings: []inventory.Finding{sync}, base: base(unknownSync), policy: defaults,
			want: "new sync secrets.SYNC_PAT was unknown", fails: true},
		{name: "accepted as PAT, now unknown, passes", findings: []inventory.Finding{unknownSync}, base: base(sync), policy: defaults,
			want: "accepted sync secrets.SYNC_PAT"},
		{name: "allowlist accepts", findings: []inventory.Finding{sync}, policy: withAllow(live),
			want: "allowed sync secrets.SYNC_PAT"},
		{name: "expired allowlist entry fails", findings: []inventory.Finding{sync}, policy: withAllow(expired),
			want: "expired sync secrets.SYNC_PAT", fails: true},
		{name: "expired allowlist entry fails even when in the baseline", findings: []inventory.Finding{sync}, base: base(sync), policy: withAllow(expired),
			want: "expired sync secrets.SYNC_PAT", fails: true},
		{name: "until is inclusive", findings: []inventory.Finding{sync}, policy: withAllow(expiredToday),
			want: "allowed sync secrets.SYNC_PAT"},
		{name: "a live entry wins over an expired one", findings: []inventory.Finding{sync}, policy: withAllow(expired, live),
			want: "allowed sync secrets.SYNC_PAT"},
		{name: "expired entry on a warning kind warns", findings: []inventory.Finding{unknownSync}, base: base(unknownSync), policy: withAllow(expired),
			want: "warn sync secrets.SYNC_PAT"},
		{name: "expired entry matching nothing is listed, passes", findings: []inventory.Finding{pat}, base: base(pat), policy: withAllow(expiredNothing),
			want: "accepted release secrets.GH_PAT; stale-allow secrets.OLD"},
		{name: "repo named differently, one repo each side: matches on file+job+credential", findings: []inventory.Finding{renamed}, base: base(pat), policy: defaults,
			want: "accepted release secrets.GH_PAT"},
		{name: "several repos: fingerprint only", findings: []inventory.Finding{other, pat}, base: base(pat), policy: defaults,
			want: "new release secrets.GH_PAT; accepted release secrets.GH_PAT", fails: true},
		{name: "same scope passes", findings: []inventory.Finding{pat, sync}, base: base(pat, sync), policy: defaults, scopes: same,
			want: "accepted release secrets.GH_PAT; accepted sync secrets.SYNC_PAT"},
		{name: "smaller scope passes", findings: []inventory.Finding{pat}, base: base(pat), policy: defaults, scopes: less,
			want: "accepted release secrets.GH_PAT"},
		{name: "a new permission and another repository fail", findings: []inventory.Finding{pat}, base: base(pat), policy: defaults, scopes: grown,
			want: "grown release secrets.GH_PAT +administration:write +other-org/other-repo", fails: true},
		{name: "a higher access fails", findings: []inventory.Finding{sync}, base: base(sync), policy: defaults, scopes: grown,
			want: "grown sync secrets.SYNC_PAT +contents:write", fails: true},
		{name: "a warning kind that grew warns", findings: []inventory.Finding{unknownSync}, base: base(unknownSync), policy: defaults, scopes: grown,
			want: "warn sync secrets.SYNC_PAT +contents:write"},
		{name: "a live allowlist entry accepts what grew", findings: []inventory.Finding{sync}, base: base(sync), policy: withAllow(live), scopes: grown,
			want: "allowed sync secrets.SYNC_PAT +contents:write"},
		{name: "an entry without a scope accepts, and is counted", findings: []inventory.Finding{pat}, base: unscoped, policy: defaults, scopes: grown,
			want: "accepted release secrets.GH_PAT; unscoped 1"},
		{name: "renamed workflow file: matched by content", findings: []inventory.Finding{inRenamedFile}, base: base(pat), policy: defaults,
			want: "accepted release secrets.GH_PAT moved"},
		{name: "renamed job: matched by content", findings: []inventory.Finding{inRenamedJob}, base: base(pat), policy: defaults,
			want: "accepted publish secrets.GH_PAT moved"},
		{name: "renamed file whose job changed: new", findings: []inventory.Finding{changed}, base: base(pat), policy: defaults,
			want: "new release secrets.GH_PAT; removed release secrets.GH_PAT", fails: true},
		{name: "renamed file with another credential: new", findings: []inventory.Finding{otherCred}, base: base(pat), policy: defaults,
			want: "new release secrets.OTHER_PAT; removed release secrets.GH_PAT", fails: true},
		{name: "one entry matches one moved usage", findings: []inventory.Finding{inRenamedFile, inRenamedJob}, base: base(pat), policy: defaults,
			want: "accepted release secrets.GH_PAT moved; new publish secrets.GH_PAT", fails: true},
		{name: "fail-on unknown", findings: []inventory.Finding{unknownSync}, policy: Policy{Fail: []inventory.Kind{"pat", "unknown"}},
			want: "new sync secrets.SYNC_PAT", fails: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compare(tt.findings, tt.base, tt.policy, checkDay, tt.scopes)
			if got := summary(r); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if r.Failed() != tt.fails {
				t.Errorf("Failed() = %v, want %v", r.Failed(), tt.fails)
			}
		})
	}
}

func TestFirstLine(t *testing.T) {
	f := inventory.Finding{Lines: []int{41, 14}}
	if got := firstLine(f); got != 14 {
		t.Errorf("lines: got %d", got)
	}
	f = inventory.Finding{Uses: []inventory.Use{{Line: 9}}, Operations: []inventory.Operation{{Evidence: inventory.Evidence{Line: 7}}}}
	if got := firstLine(f); got != 7 {
		t.Errorf("uses/operations: got %d", got)
	}
	f = inventory.Finding{JobInfo: &inventory.JobInfo{Line: 5}}
	if got := firstLine(f); got != 5 {
		t.Errorf("job line: got %d", got)
	}
	if got := firstLine(inventory.Finding{}); got != 0 {
		t.Errorf("nothing: got %d", got)
	}
}
