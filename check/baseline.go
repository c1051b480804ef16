// Package check is the CI mode of pat2app: it compares the findings of a
// scan with an accepted state (a baseline file, or the workflows at a git
// ref), applies the policy and allowlist of `.pat2app.yaml`, and renders the
// verdicts as GitHub workflow commands, a Markdown job summary or plain text.
package check

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner"
)

// BaselineSchemaVersion is the version of the baseline file format.
const BaselineSchemaVersion = 1

// DefaultBaselinePath is where `baseline` writes and `check` looks for the
// baseline, relative to the scanned repository.
const DefaultBaselinePath = ".github/pat2app-baseline.json"

// dateLayout is the layout of Entry.Added.
const dateLayout = "2006-01-02"

// Baseline is the set of accepted credential usages (the file `pat2app
// baseline` writes). Entries are keyed by fingerprint, which has no line
// numbers, so moving or reformatting a usage keeps it accepted.
type Baseline struct {
	SchemaVersion int     `json:"schema_version"`
	Entries       []Entry `json:"entries"`
}

// Entry is one accepted usage. Repo, File, Job and Credential are for
// humans (and for matching when the repository name differs); Fingerprint
// is what matches.
type Entry struct {
	Fingerprint string         `json:"fingerprint"`
	Repo        string         `json:"repo"`
	File        string         `json:"file"`
	Job         string         `json:"job"`
	Credential  string         `json:"credential"`
	Kind        inventory.Kind `json:"kind"`
	// Added is the day the usage was first accepted (YYYY-MM-DD).
	Added string `json:"added"`
	// Reason says why it was accepted.
	Reason string `json:"reason,omitempty"`
	// Scope is what the usage was accepted to need (the planned
	// permissions and the other repositories it reaches); a usage that
	// needs more fails the check. Nil in a baseline written before scopes
	// were recorded: such an entry accepts the usage whatever it needs,
	// and check says to run `pat2app baseline` again.
	Scope *Scope `json:"scope,omitempty"`
	// Content is the UsageDigest of the usage: what the job does with the
	// credential, so that a renamed workflow file or job is still matched.
	Content string `json:"content,omitempty"`
}

// localKey identifies a usage inside one repository. The credential is
// compared case-insensitively (secret names are).
func localKey(file, job, credential string) string {
	return file + "\x00" + job + "\x00" + strings.ToLower(credential)
}

func (e Entry) localKey() string { return localKey(e.File, e.Job, e.Credential) }

// NewBaseline records the findings whose kind is in kinds, each with its
// scope from scopes (by fingerprint) and its UsageDigest. Entries already
// in prev (same fingerprint) keep their date and reason; new entries get
// now's date and reason. prev and scopes may be nil.
func NewBaseline(findings []inventory.Finding, kinds []inventory.Kind, now time.Time, reason string, prev *Baseline, scopes Scopes) *Baseline {
	want := kindSet(kinds)
	old := map[string]Entry{}
	if prev != nil {
		for _, e := range prev.Entries {
			old[e.Fingerprint] = e
		}
	}
	seen := map[string]bool{}
	b := &Baseline{SchemaVersion: BaselineSchemaVersion, Entries: []Entry{}}
	for _, f := range findings {
		if !want[f.Kind] {
			continue
		}
		fp := findingFingerprint(f)
		if seen[fp] {
			continue
		}
		seen[fp] = true
		e := Entry{
			Fingerprint: fp, Repo: f.Repo, File: f.File, Job: f.Job, Credential: f.Credential,
			Kind: f.Kind, Added: now.UTC().Format(dateLayout), Reason: reason,
			Scope: scopes[fp], Content: UsageDigest(f),
		}
		if o, ok := old[fp]; ok {
			if o.Added != "" {
				e.Added = o.Added
			}
			if o.Reason != "" {
				e.Reason = o.Reason
			}
		}
		b.Entries = append(b.Entries, e)
	}
	b.sort()
	return b
}

func (b *Baseline) sort() {
	sort.SliceStable(b.Entries, func(i, j int) bool {
		x, y := b.Entries[i], b.Entries[j]
		if x.Repo != y.Repo {
			return x.Repo < y.Repo
		}
		if x.File != y.File {
			return x.File < y.File
		}
		if x.Job != y.Job {
			return x.Job < y.Job
		}
		if x.Credential != y.Credential {
			return x.Credential < y.Credential
		}
		return x.Fingerprint < y.Fingerprint
	})
}

// findingFingerprint is the finding's fingerprint, computed when the scanner
// left it empty.
func findingFingerprint(f inventory.Finding) string {
	if f.Fingerprint != "" {
		return f.Fingerprint
	}
	return scanner.Fingerprint(f.Repo, f.File, f.Job, f.Credential)
}

func kindSet(kinds []inventory.Kind) map[inventory.Kind]bool {
	m := make(map[inventory.Kind]bool, len(kinds))
	for _, k := range kinds {
		m[k] = true
	}
	return m
}

// WriteBaseline writes b as indented JSON with sorted entries, so that the
// file only changes when the accepted usages do.
func WriteBaseline(w io.Writer, b *Baseline) error {
	out := Baseline{SchemaVersion: BaselineSchemaVersion, Entries: append([]Entry{}, b.Entries...)}
	out.sort()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		return fmt.Errorf("encode baseline: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write baseline: %w", err)
	}
	return nil
}

// maxBaselineSize bounds the baseline file read (it comes from the
// repository under review).
const maxBaselineSize = 32 << 20

// ReadBaseline parses a baseline file. Entries without a fingerprint get one
// computed from repo, file, job and credential; entries must name a file and
// a credential, Added, when set, must be a YYYY-MM-DD date, and a scope's
// access read, write or admin.
func ReadBaseline(r io.Reader) (*Baseline, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBaselineSize+1))
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	if len(data) > maxBaselineSize {
		return nil, fmt.Errorf("read baseline: larger than %d bytes", maxBaselineSize)
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("decode baseline: %w", err)
	}
	if b.SchemaVersion != BaselineSchemaVersion {
		return nil, fmt.Errorf("decode baseline: schema_version %d, want %d", b.SchemaVersion, BaselineSchemaVersion)
	}
	if b.Entries == nil {
		b.Entries = []Entry{}
	}
	for i := range b.Entries {
		e := &b.Entries[i]
		if e.Fingerprint == "" {
			if e.File == "" || e.Credential == "" {
				return nil, fmt.Errorf("decode baseline: entry %d: needs a fingerprint, or a file and a credential", i+1)
			}
			e.Fingerprint = scanner.Fingerprint(e.Repo, e.File, e.Job, e.Credential)
		}
		if e.Scope != nil {
			for name, access := range e.Scope.Permissions {
				if knowledge.AccessRank(access) == 0 {
					return nil, fmt.Errorf("decode baseline: entry %d: permission %s: access %q: want read, write or admin", i+1, name, access)
				}
			}
			if e.Scope.Permissions == nil {
				e.Scope.Permissions = map[string]string{}
			}
			if len(e.Scope.Repos) == 0 {
				e.Scope.Repos = nil
			}
		}
		if e.Added != "" {
			if _, err := time.Parse(dateLayout, e.Added); err != nil {
				return nil, fmt.Errorf("decode baseline: entry %d: added %q: want YYYY-MM-DD", i+1, e.Added)
			}
		}
	}
	b.sort()
	return &b, nil
}
