package github

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// A repository's findings depend on its files, on pat2app and on the
// third-party actions the scanner reads: a tag such as v1 moves to a new
// commit without the repository being pushed. So a record taken from the
// result cache is reused only while those actions are where they were.
//
// Which actions one repository's scan read cannot be told (the scanner
// reads each action once per run, for whichever repository needs it
// first), but every one it read was read in its run before its record was
// written. So each run logs the actions it reads, in order, with the
// commit each ref named (runs/<run>.actions in the cache), and a record
// keeps its run and the length of that log when it was written: a prefix
// of the log that holds every action it read. A later run reuses the
// record when every action of that prefix still names the same commit,
// asked once per run and action (a 304 when unchanged, which is free).

// actionLog is this run's log of the actions read.
type actionLog struct {
	mu      sync.Mutex
	entries int32
	f       *os.File
	failed  bool
}

// actionLogPath is where run's log is.
func (c *Client) actionLogPath(run string) string {
	return filepath.Join(c.cache.dir, "runs", run+".actions")
}

// logAction appends "owner/repo@ref commit" (commit "-" when it could not
// be read) to the run's log; without a cache nothing is kept.
func (c *Client) logAction(key, commit string) {
	if c.cache.dir == "" {
		return
	}
	l := &c.actionLog
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.failed {
		return
	}
	if l.f == nil {
		p := c.actionLogPath(c.runID)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			l.failed = true
			return
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			l.failed = true
			return
		}
		l.f = f
	}
	if commit == "" {
		commit = "-"
	}
	if _, err := l.f.WriteString(key + " " + commit + "\n"); err != nil {
		l.failed = true
		return
	}
	l.entries++
}

// actionsRead is how many actions the run has logged, or -1 when its log
// could not be kept (its records are then not reused).
func (c *Client) actionsRead() int32 {
	l := &c.actionLog
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.failed {
		return -1
	}
	return l.entries
}

// closeActionLog closes the run's log.
func (c *Client) closeActionLog() {
	l := &c.actionLog
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		_ = l.f.Close()
		l.f = nil
	}
}

// unmoved is, per earlier run, how long a prefix of its log still names
// the same commits, found once per run.
type unmoved struct {
	mu   sync.Mutex
	runs map[string]*unmovedRun
}

type unmovedRun struct {
	once sync.Once
	n    int32
}

// actionsUnmoved reports whether the first n actions run logged still
// name the commits they named then. An action that cannot be asked now
// counts as moved.
func (c *Client) actionsUnmoved(ctx context.Context, run string, n int32) bool {
	if n <= 0 {
		return n == 0
	}
	if !validOID(run) {
		return false
	}
	c.unmoved.mu.Lock()
	if c.unmoved.runs == nil {
		c.unmoved.runs = map[string]*unmovedRun{}
	}
	u := c.unmoved.runs[run]
	if u == nil {
		u = &unmovedRun{}
		c.unmoved.runs[run] = u
	}
	c.unmoved.mu.Unlock()
	u.once.Do(func() { u.n = c.unmovedPrefix(ctx, run) })
	return n <= u.n
}

// unmovedPrefix is how many of run's logged actions, from the first, name
// the same commit now. The actions are asked Options.Concurrency at a time
// (each once a run, whoever asks first), not one round trip after another.
func (c *Client) unmovedPrefix(ctx context.Context, run string) int32 {
	f, err := os.Open(c.actionLogPath(run))
	if err != nil {
		return 0
	}
	type logged struct{ owner, repo, ref, was string }
	var entries []logged
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, was, ok := strings.Cut(sc.Text(), " ")
		name, ref, ok2 := strings.Cut(key, "@")
		owner, repo, ok3 := strings.Cut(name, "/")
		if !ok || !ok2 || !ok3 {
			break
		}
		entries = append(entries, logged{owner, repo, ref, was})
	}
	f.Close()
	same := make([]bool, len(entries))
	places := make(chan struct{}, c.opts.Concurrency)
	var wg sync.WaitGroup
	acts := c.Actions()
	for i, e := range entries {
		places <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-places }()
			now, err := acts.commit(ctx, e.owner, e.repo, e.ref)
			if err != nil || now == "" {
				now = "-"
			}
			same[i] = now == e.was
		}()
	}
	wg.Wait()
	n := int32(0)
	for n < int32(len(same)) && same[n] {
		n++
	}
	return n
}
