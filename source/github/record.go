package github

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner"
)

// repoHead is what a scan keeps in memory of one repository it read: enough
// to decide which secrets to list, build the secrets inventory and write
// the repository's findings in order. The findings themselves stay on disk
// (recordStore) until the output reads them. What few repositories have
// (errors, named environments, calls to other repositories' workflows) is
// behind one pointer, so that an organisation's heads stay small.
type repoHead struct {
	// shape is its workflow files and secret names, which many
	// repositories share (interned).
	shape *headShape
	// findings is how many findings its record holds.
	findings int32
	// risky is set when it has a PAT, unknown or leaked-token finding.
	risky bool
	rare  *headRare
}

// headShape is the part of a head repositories often share.
type headShape struct {
	// workflows are its workflow files (sorted), for its summary.
	workflows []string
	// refs are the secret names the workflows reference, upper case and
	// sorted; anySecret when a call passes every secret on.
	refs []string
	// keeps are the secret names (upper case) of its PAT, unknown and
	// leaked-token findings: secrets the plan accounts for.
	keeps []string
}

var noShape = &headShape{}

func (h *repoHead) shaped() *headShape {
	if h.shape == nil {
		return noShape
	}
	return h.shape
}

func (h *repoHead) workflows() []string { return h.shaped().workflows }
func (h *repoHead) refs() []string      { return h.shaped().refs }
func (h *repoHead) keeps() []string     { return h.shaped().keeps }

// headRare is the part of a head few repositories have.
type headRare struct {
	errors []inventory.InputError
	// named are the environments its jobs name (anySecret for one named
	// by an expression).
	named []string
	// callees are other repositories (lower case owner/name) whose
	// reusable workflows its findings pass secrets to.
	callees []string
	// actionsRun and actionsRead say which third-party actions its scan
	// may have read: the first actionsRead of those run logged
	// (actionlog.go); -1 when they cannot be told.
	actionsRun  string
	actionsRead int32
}

// actions are the run and the length of its action log that hold every
// third-party action the repository's scan read.
func (h *repoHead) actions() (string, int32) {
	if h.rare == nil {
		return "", 0
	}
	return h.rare.actionsRun, h.rare.actionsRead
}

func (h *repoHead) errors() []inventory.InputError {
	if h.rare == nil {
		return nil
	}
	return h.rare.errors
}

func (h *repoHead) named() []string {
	if h.rare == nil {
		return nil
	}
	return h.rare.named
}

func (h *repoHead) callees() []string {
	if h.rare == nil {
		return nil
	}
	return h.rare.callees
}

// setRare sets the rare part (none when all of it is empty).
func (h *repoHead) setRare(errs []inventory.InputError, named, callees []string, actionsRun string, actionsRead int32) {
	h.rare = nil
	if len(errs) > 0 || len(named) > 0 || len(callees) > 0 || actionsRead != 0 {
		h.rare = &headRare{errors: errs, named: named, callees: callees, actionsRun: actionsRun, actionsRead: actionsRead}
	}
}

// addError adds an input error to the head.
func (h *repoHead) addError(e inventory.InputError) {
	run, n := h.actions()
	h.setRare(append(h.errors(), e), h.named(), h.callees(), run, n)
}

// headJSON is a head as records and the journal keep it.
type headJSON struct {
	Workflows []string               `json:"workflows,omitempty"`
	Errors    []inventory.InputError `json:"errors,omitempty"`
	Findings  int32                  `json:"findings"`
	Refs      []string               `json:"refs,omitempty"`
	Named     []string               `json:"named_environments,omitempty"`
	Keeps     []string               `json:"keeps,omitempty"`
	Risky     bool                   `json:"risky,omitempty"`
	Callees   []string               `json:"callees,omitempty"`
	// ActionsRun and ActionsRead: see headRare.
	ActionsRun  string `json:"actions_run,omitempty"`
	ActionsRead int32  `json:"actions_read,omitempty"`
}

// MarshalJSON writes the head as headJSON.
func (h repoHead) MarshalJSON() ([]byte, error) {
	run, n := h.actions()
	return json.Marshal(headJSON{Workflows: h.workflows(), Errors: h.errors(), Findings: h.findings, Refs: h.refs(),
		Named: h.named(), Keeps: h.keeps(), Risky: h.risky, Callees: h.callees(), ActionsRun: run, ActionsRead: n})
}

// UnmarshalJSON reads a head written by MarshalJSON.
func (h *repoHead) UnmarshalJSON(b []byte) error {
	var d headJSON
	if err := json.Unmarshal(b, &d); err != nil {
		return err
	}
	*h = repoHead{shape: &headShape{workflows: d.Workflows, refs: d.Refs, keeps: d.Keeps}, findings: d.Findings, risky: d.Risky}
	h.setRare(d.Errors, d.Named, d.Callees, d.ActionsRun, d.ActionsRead)
	return nil
}

// uses reports whether the repository references secret name (or passes
// all its secrets to reusable workflows).
func (h *repoHead) uses(name string) bool {
	refs := h.refs()
	return hasSorted(refs, strings.ToUpper(name)) || hasSorted(refs, anySecret)
}

func hasSorted(list []string, s string) bool {
	i := sort.SearchStrings(list, s)
	return i < len(list) && list[i] == s
}

// headOf is the head of a repository read with files and scanned into
// findings (sorted) and errs; its strings are interned by in.
func headOf(r *repoMeta, files []scanner.File, findings []inventory.Finding, errs []inventory.InputError, in *interner) repoHead {
	h := repoHead{findings: int32(len(findings))}
	var workflows []string
	for _, f := range files {
		if strings.HasPrefix(f.Path, ".github/workflows/") {
			workflows = append(workflows, f.Path)
		}
	}
	sort.Strings(workflows)
	refs := map[string]bool{}
	named := map[string]bool{}
	for _, f := range files {
		if inheritSecrets.Match(f.Data) {
			// A reusable workflow elsewhere may use any secret this
			// repository sees: none of them can be called unused here.
			refs[anySecret] = true
		}
		for _, m := range secretRef.FindAllSubmatch(f.Data, -1) {
			name := string(m[1])
			if name == "" {
				name = string(m[2])
			}
			refs[strings.ToUpper(name)] = true
		}
		namedEnvironments(f, named)
	}
	keeps := map[string]bool{}
	callees := map[string]bool{}
	self := strings.ToLower(r.full())
	for i := range findings {
		f := &findings[i]
		name, isSecret := strings.CutPrefix(f.Credential, "secrets.")
		if isSecret {
			refs[strings.ToUpper(name)] = true
		}
		switch f.Kind {
		case inventory.KindPAT, inventory.KindUnknown, inventory.KindLeakedToken:
			h.risky = true
			if isSecret {
				keeps[strings.ToUpper(name)] = true
			}
		}
		for _, u := range f.Uses {
			if u.Via != inventory.ViaReusableWorkflow || u.Secret == "" || strings.HasPrefix(u.Workflow, "./") {
				continue
			}
			// owner/repo/.github/workflows/x.yml@ref
			if parts := strings.SplitN(u.Workflow, "/", 3); len(parts) == 3 {
				if callee := strings.ToLower(parts[0] + "/" + parts[1]); callee != self {
					callees[callee] = true
				}
			}
		}
	}
	h.shape = in.shape(workflows, in.sortedSet(refs), in.sortedSet(keeps))
	h.setRare(errs, in.sortedSet(named), in.sortedSet(callees), "", 0)
	return h
}

// interner keeps one copy of the strings many repositories share (paths,
// secret and environment names): an organisation's heads hold pointers,
// not copies.
type interner struct {
	mu     sync.Mutex
	m      map[string]string
	shapes map[string]*headShape
}

func (in *interner) intern(s string) string {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.internLocked(s)
}

func (in *interner) internLocked(s string) string {
	if v, ok := in.m[s]; ok {
		return v
	}
	if in.m == nil {
		in.m = map[string]string{}
	}
	in.m[s] = s
	return s
}

// internHead interns the strings of a head read back from disk.
func (in *interner) internHead(h *repoHead) {
	for _, l := range [][]string{h.named(), h.callees()} {
		for i := range l {
			l[i] = in.intern(l[i])
		}
	}
	h.shape = in.shape(h.workflows(), h.refs(), h.keeps())
}

// shape is the one shared headShape of these lists (their strings
// interned too); nil for all empty.
func (in *interner) shape(workflows, refs, keeps []string) *headShape {
	if len(workflows) == 0 && len(refs) == 0 && len(keeps) == 0 {
		return nil
	}
	key := strings.Join(workflows, "\x00") + "\x01" + strings.Join(refs, "\x00") + "\x01" + strings.Join(keeps, "\x00")
	in.mu.Lock()
	defer in.mu.Unlock()
	if sh, ok := in.shapes[key]; ok {
		return sh
	}
	if in.shapes == nil {
		in.shapes = map[string]*headShape{}
	}
	sh := &headShape{workflows: in.internAll(workflows), refs: in.internAll(refs), keeps: in.internAll(keeps)}
	in.shapes[key] = sh
	return sh
}

// internAll interns each of l; in.mu is held.
func (in *interner) internAll(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = in.internLocked(s)
	}
	return out
}

// sortedSet is the sorted, interned keys of m (nil when empty).
func (in *interner) sortedSet(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, in.intern(k))
	}
	sort.Strings(out)
	return out
}

// namedEnvironments adds the environments the jobs of a workflow file name
// to named: their names, or anySecret for one given by an expression (it
// may be any of the repository's environments).
func namedEnvironments(f scanner.File, named map[string]bool) {
	if !strings.HasPrefix(f.Path, ".github/workflows/") || !bytes.Contains(f.Data, []byte("environment")) {
		return
	}
	wf, _ := actionlint.Parse(f.Data)
	if wf == nil {
		return
	}
	for _, j := range wf.Jobs {
		if j == nil || j.Environment == nil {
			continue
		}
		n := j.Environment.Name
		switch {
		case n == nil:
			named[anySecret] = true
		case strings.Contains(n.Value, "${{"):
			named[anySecret] = true
		default:
			named[n.Value] = true
		}
	}
}

// recordLoc says where a repository's record is: a file of the result
// cache (cached; under key, or the key Client.resultKey gives when key is
// empty, which spares a string per repository) or a stretch of the spill
// file.
type recordLoc struct {
	cached   bool
	key      string
	off, len int64
}

// inCache is the place of a record in the result cache.
var inCache = recordLoc{cached: true}

// recordStore keeps each repository's record (head and findings) on disk
// while the scan runs, so memory does not grow with the findings: in the
// result cache when there is a cache (where a re-scan finds it again), else
// in a temporary spill file removed by close.
type recordStore struct {
	cache diskCache

	mu    sync.Mutex
	spill *os.File
	end   int64
}

// record is how a record is written: the key it is valid for and the head
// on the first line, the findings on the second.
type recordFirst struct {
	Key  string    `json:"key"`
	Head *repoHead `json:"head"`
}

func encodeRecord(key string, h *repoHead, findings []inventory.Finding) ([]byte, error) {
	first, err := json.Marshal(recordFirst{Key: key, Head: h})
	if err != nil {
		return nil, fmt.Errorf("encode a repository's record: %w", err)
	}
	rest, err := json.Marshal(findings)
	if err != nil {
		return nil, fmt.Errorf("encode a repository's findings: %w", err)
	}
	out := make([]byte, 0, len(first)+len(rest)+2)
	out = append(append(append(out, first...), '\n'), rest...)
	return append(out, '\n'), nil
}

// put stores the record of h under key.
func (s *recordStore) put(key string, h *repoHead, findings []inventory.Finding) (recordLoc, error) {
	b, err := encodeRecord(key, h, findings)
	if err != nil {
		return recordLoc{}, err
	}
	if s.cache.dir != "" {
		if err := s.cache.write("results", key, b); err != nil {
			return recordLoc{}, err
		}
		return inCache, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.spill == nil {
		f, err := os.CreateTemp("", "pat2app-findings-*")
		if err != nil {
			return recordLoc{}, fmt.Errorf("spill file: %w", err)
		}
		s.spill = f
	}
	if _, err := s.spill.WriteAt(b, s.end); err != nil {
		return recordLoc{}, fmt.Errorf("spill file: %w", err)
	}
	loc := recordLoc{off: s.end, len: int64(len(b))}
	s.end += int64(len(b))
	return loc, nil
}

// head reads the head of the cached record key, when it is there and was
// written for key.
func (s *recordStore) head(key string) (*repoHead, bool) {
	if s.cache.dir == "" {
		return nil, false
	}
	f, err := os.Open(s.cache.path("results", key))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	line, err := bufio.NewReaderSize(f, 512).ReadBytes('\n') // a head is small
	if err != nil {
		return nil, false
	}
	var first recordFirst
	if json.Unmarshal(line, &first) != nil || first.Key != key || first.Head == nil {
		return nil, false
	}
	return first.Head, true
}

// findings reads the findings of the record at loc (key: its key in the
// result cache).
func (s *recordStore) findings(loc recordLoc, key string) ([]inventory.Finding, error) {
	var b []byte
	var err error
	if loc.cached {
		b, err = os.ReadFile(s.cache.path("results", key))
	} else {
		s.mu.Lock()
		f := s.spill
		s.mu.Unlock()
		if f == nil {
			return nil, errors.New("spill file: no such record")
		}
		b = make([]byte, loc.len)
		_, err = f.ReadAt(b, loc.off)
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
	}
	if err != nil {
		return nil, fmt.Errorf("read back findings: %w", err)
	}
	_, rest, ok := bytes.Cut(b, []byte{'\n'})
	var out []inventory.Finding
	if !ok || json.Unmarshal(rest, &out) != nil {
		return nil, errors.New("read back findings: a record is damaged")
	}
	return out, nil
}

// has reports whether the result cache still holds the record key.
func (s *recordStore) has(key string) bool {
	return s.cache.has("results", key)
}

// close removes the spill file.
func (s *recordStore) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.spill == nil {
		return nil
	}
	name := s.spill.Name()
	err := s.spill.Close()
	if rerr := os.Remove(filepath.Clean(name)); err == nil {
		err = rerr
	}
	s.spill = nil
	return err
}
