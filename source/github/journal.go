package github

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// The journal of a run: in the cache, one line per step a run completed
// (its repository listing, each repository read with where its record is,
// each repository's secrets), so that a run stopped by a rate-limit wall,
// Options.MaxRequests, a deadline or Ctrl-C can be resumed
// (Options.Resume): what it read is taken as it was, without a request, and
// the run goes on with the rest. A run that ends complete says so, and is
// not resumed.

// journalLine is one line of a journal; one field is set.
type journalLine struct {
	Head *journalHead `json:"head,omitempty"`
	// Listed is one repository of the listing (a line each: an
	// organisation has thousands); Listing ends the listing, complete.
	Listed  *repoMeta       `json:"listed,omitempty"`
	Listing bool            `json:"listing,omitempty"`
	Repo    *journalRepo    `json:"repo,omitempty"`
	Secrets *journalSecrets `json:"secrets,omitempty"`
	Done    bool            `json:"done,omitempty"`
}

// journalHead says what a run scans, with which scanner, since when.
type journalHead struct {
	Scan    string    `json:"scan"`
	Scanner string    `json:"scanner"`
	Started time.Time `json:"started"`
}

// journalRepo is a repository read: its head and where its record is.
type journalRepo struct {
	Name      string   `json:"name"`
	Key       string   `json:"key"`
	Head      repoHead `json:"head"`
	Envs      []string `json:"envs,omitempty"`
	EnvsKnown bool     `json:"envs_known,omitempty"`
}

// journalSecrets are a repository's secrets, listed.
type journalSecrets struct {
	Name string              `json:"name"`
	Repo []string            `json:"repo,omitempty"`
	Envs map[string][]string `json:"envs,omitempty"`
	Note string              `json:"note,omitempty"`
}

// journal appends lines to a run's journal file; nil writes nothing.
type journal struct {
	mu sync.Mutex
	f  *os.File
}

// resumed is what a stopped run's journal holds.
type resumed struct {
	head    journalHead
	listing []*repoMeta
	repos   map[string]*journalRepo
	secrets map[string]*journalSecrets
	done    bool
}

// scanID names what a run scans and how, so that only a run of the same
// scan is resumed.
func (c *Client) scanID(t Targets) string {
	norm := func(l []string) string {
		out := make([]string, len(l))
		for i, s := range l {
			out[i] = strings.ToLower(s)
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	return hashKey("scan", norm(t.Orgs), norm(t.Repos), fmt.Sprint(c.opts.IncludeArchived, c.opts.IncludeForks, c.opts.SkipSecrets, c.opts.AllSecrets))
}

func (c *Client) journalPath(id string) string {
	return filepath.Join(c.cache.dir, "runs", id+".jsonl")
}

// openJournal starts the run's journal, and with Options.Resume first reads
// what the last run of the same scan completed. Without a cache there is no
// journal (nor resume); a journal that cannot be written only costs a
// resume.
func (c *Client) openJournal(t Targets) (*journal, *resumed) {
	if c.cache.dir == "" {
		if c.opts.Resume {
			c.log.notef("nothing to resume without a cache: scanning from the start")
		}
		return nil, nil
	}
	id := c.scanID(t)
	path := c.journalPath(id)
	var prev *resumed
	if c.opts.Resume {
		prev = readJournal(path)
		switch {
		case prev == nil:
			c.log.notef("no stopped scan of these repositories to resume: scanning from the start")
		case prev.head.Scan != id || prev.head.Scanner == "" || prev.head.Scanner != c.opts.ScannerKey:
			c.log.notef("the last scan of these repositories was made by another build or configuration of pat2app: scanning from the start")
			prev = nil
		case prev.done:
			c.log.notef("the last scan of these repositories ended complete: nothing to resume, scanning from the start")
			prev = nil
		default:
			c.log.notef("resuming the scan started %s: %d repositories already read", prev.head.Started.UTC().Format("2006-01-02 15:04 UTC"), len(prev.repos))
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, prev
	}
	flag := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if prev != nil {
		flag = os.O_WRONLY | os.O_APPEND
	}
	f, err := os.OpenFile(path, flag, 0o600)
	if err != nil {
		return nil, prev
	}
	j := &journal{f: f}
	if prev == nil {
		j.write(journalLine{Head: &journalHead{Scan: id, Scanner: c.opts.ScannerKey, Started: c.clock.Now()}})
	}
	return j, prev
}

// readJournal reads a journal, up to its first line that cannot be read
// (a run killed while writing it); nil when there is none.
func readJournal(path string) *resumed {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	r := bufio.NewReader(f)
	var out *resumed
	var listed []*repoMeta
	for {
		line, err := r.ReadBytes('\n')
		if err != nil {
			break
		}
		var l journalLine
		if json.Unmarshal(line, &l) != nil {
			break
		}
		switch {
		case l.Head != nil:
			out = &resumed{head: *l.Head, repos: map[string]*journalRepo{}, secrets: map[string]*journalSecrets{}}
		case out == nil:
			return nil
		case l.Listed != nil:
			l.Listed.setFull()
			listed = append(listed, l.Listed)
		case l.Listing:
			out.listing = listed
		case l.Repo != nil:
			out.repos[strings.ToLower(l.Repo.Name)] = l.Repo
		case l.Secrets != nil:
			out.secrets[strings.ToLower(l.Secrets.Name)] = l.Secrets
		case l.Done:
			out.done = true
		}
	}
	return out
}

// write appends one line.
func (j *journal) write(l journalLine) {
	if j == nil {
		return
	}
	b, err := json.Marshal(l)
	if err != nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	_, _ = j.f.Write(append(b, '\n'))
}

// listing records the repositories a run reads, listed in full.
func (j *journal) listing(repos []*repoMeta) {
	if j == nil {
		return
	}
	for _, r := range repos {
		j.write(journalLine{Listed: r})
	}
	j.write(journalLine{Listing: true})
}

// repo records a repository read and stored (key: its record's).
func (j *journal) repo(st *repoState, key string) {
	if j == nil || !st.stored || st.failed || st.unsure || !st.loc().cached {
		return
	}
	j.write(journalLine{Repo: &journalRepo{Name: st.meta.full(), Key: key, Head: st.head, Envs: st.envs(), EnvsKnown: st.envsKnown}})
}

// secrets records a repository's secrets, unless the scan's stop cut their
// listing short.
func (j *journal) secrets(st *repoState) {
	if j == nil || st.secrets == nil || st.secrets.stopped {
		return
	}
	j.write(journalLine{Secrets: &journalSecrets{Name: st.meta.full(), Repo: st.secrets.repo, Envs: st.secrets.envs, Note: st.secrets.note}})
}

// close ends the journal, saying the run was complete when it was.
func (j *journal) close(complete bool) {
	if j == nil {
		return
	}
	if complete {
		j.write(journalLine{Done: true})
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	_ = j.f.Close()
}

// apply gives states what the stopped run read of them: their records
// (when the result cache still holds them) and their secrets.
func (p *resumed) apply(c *Client, states []*repoState, store *recordStore) {
	for _, st := range states {
		name := strings.ToLower(st.meta.full())
		if jr := p.repos[name]; jr != nil && store.has(jr.Key) {
			c.strs.internHead(&jr.Head)
			st.head, st.resumed = jr.Head, true
			loc := inCache
			if jr.Key != c.resultKey(st.meta) {
				loc.key = jr.Key
			}
			st.setLoc(loc)
			st.setEnvs(jr.Envs, jr.EnvsKnown)
		}
		if js := p.secrets[name]; js != nil && st.resumed {
			st.secrets = &repoSecrets{repo: js.Repo, envs: js.Envs, note: js.Note}
		}
	}
}
