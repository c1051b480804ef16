package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	gh "github.com/google/go-github/v88/github"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner"
)

// Targets say what to scan: every repository of some organisations, and
// single repositories (owner/name).
type Targets struct {
	Orgs  []string
	Repos []string
}

// RepoScanner scans one repository's files (scanner.Scanner does).
type RepoScanner interface {
	ScanRepo(ctx context.Context, r scanner.RepoFiles) ([]inventory.Finding, []inventory.InputError)
}

// repoState is one listed repository during a scan; an organisation has
// thousands, so what few of them need is behind one pointer.
type repoState struct {
	meta *repoMeta
	head repoHead
	// stored is set when its record (head and findings) is on disk;
	// inCache when in the result cache (else the spill file: rare.loc).
	stored, inCache bool
	// failed is set when its files could not be read: a resumed scan
	// reads it again.
	failed bool
	// envsKnown says the listing of its files read its environments
	// (rare.envs).
	envsKnown bool
	// cachedFiles says the cache holds every blob of rare.listed.
	cachedFiles bool
	// resumed is set when a stopped scan's journal gave its record.
	resumed bool
	// unsure is set when a file its scan opened could not be read for
	// a reason that may pass: its record holds for this run only and a
	// resumed scan reads it again.
	unsure bool
	// secrets are its secret names, when listed.
	secrets *repoSecrets
	rare    *stateRare
}

// stateRare is what few repositories of a scan need.
type stateRare struct {
	// loc is where its record is when not under its own key in the result
	// cache.
	loc recordLoc
	// envs are its environments when the listing read them.
	envs []string
	// listed are its files as an earlier scan listed them (unchanged
	// since), when their blobs are still to be read or scanned.
	listed []fileRef
}

// more is st's rare part, made when first needed.
func (st *repoState) more() *stateRare {
	if st.rare == nil {
		st.rare = &stateRare{}
	}
	return st.rare
}

// loc is where st's record is.
func (st *repoState) loc() recordLoc {
	if st.rare != nil && (st.rare.loc != recordLoc{}) {
		return st.rare.loc
	}
	if st.inCache {
		return inCache
	}
	return recordLoc{}
}

// setLoc records where st's record is.
func (st *repoState) setLoc(loc recordLoc) {
	st.stored = true
	st.inCache = loc.cached
	if loc != inCache {
		st.more().loc = loc
	}
}

func (st *repoState) envs() []string {
	if st.rare == nil {
		return nil
	}
	return st.rare.envs
}

func (st *repoState) setEnvs(envs []string, known bool) {
	st.envsKnown = known
	if len(envs) > 0 {
		st.more().envs = envs
	}
}

func (st *repoState) listed() []fileRef {
	if st.rare == nil {
		return nil
	}
	return st.rare.listed
}

func (st *repoState) setListed(refs []fileRef) {
	if refs != nil || st.rare != nil {
		st.more().listed = refs
	}
}

// Result is a finished API scan: the inventory, whose findings stay on disk
// until Findings reads them back in the inventory's order. Close removes
// what it keeps on disk outside the cache.
type Result struct {
	// Inventory is complete but for its findings and repositories
	// (Findings and Repos are empty: see Findings, Repos and Collect).
	Inventory *inventory.Inventory
	repos     []*repoState // by name
	store     *recordStore
	c         *Client
	// byName finds a repository linked to by another's findings; made
	// when the first is.
	byName map[string]*repoState
}

// findingsOf reads the findings of st's record.
func (r *Result) findingsOf(st *repoState) ([]inventory.Finding, error) {
	fs, err := r.store.findings(st.loc(), r.c.recordKey(st))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", st.meta.full(), err)
	}
	return fs, nil
}

// Findings calls fn with every finding in the inventory's order:
// repositories by name, each repository's findings in the order
// inventory.Finish gives them (its records were stored sorted), so no sort
// over the whole organisation is needed. Secrets passed to reusable
// workflows of another scanned repository are linked as
// scanner.LinkReusableWorkflows links them.
func (r *Result) Findings(fn func(*inventory.Finding) error) error {
	for _, st := range r.repos {
		if !st.stored || st.head.findings == 0 {
			continue
		}
		fs, err := r.findingsOf(st)
		if err != nil {
			return err
		}
		if callees := st.head.callees(); len(callees) > 0 {
			if fs, err = r.linked(fs, callees); err != nil {
				return err
			}
		}
		for i := range fs {
			if err := fn(&fs[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// linked links own, the findings of one repository, to the findings of
// the reusable workflows it calls in the repositories callees.
func (r *Result) linked(own []inventory.Finding, callees []string) ([]inventory.Finding, error) {
	if r.byName == nil {
		r.byName = make(map[string]*repoState, len(r.repos))
		for _, st := range r.repos {
			r.byName[strings.ToLower(st.meta.full())] = st
		}
	}
	mini := &inventory.Inventory{Findings: own}
	for _, name := range callees {
		st := r.byName[name]
		if st == nil || !st.stored || st.head.findings == 0 {
			continue
		}
		fs, err := r.findingsOf(st)
		if err != nil {
			return nil, err
		}
		mini.Findings = append(mini.Findings, fs...)
	}
	scanner.LinkReusableWorkflows(mini)
	return mini.Findings[:len(own)], nil
}

// Repos calls fn with the summary of every repository, by name.
func (r *Result) Repos(fn func(*inventory.RepoSummary) error) error {
	for _, st := range r.repos {
		s := st.summary()
		if err := fn(&s); err != nil {
			return err
		}
	}
	return nil
}

// Close removes the spill file, if the scan made one.
func (r *Result) Close() error { return r.store.close() }

// Scan reads every targeted repository's workflow files and composite
// actions, scans them with sc, and builds the Inventory with the secrets and
// token inventory, findings included. Repositories that cannot be read are
// listed in Errors (Complete is then false); the error is for a cancelled
// context or findings that could not be read back from disk.
func (c *Client) Scan(ctx context.Context, t Targets, sc RepoScanner) (*inventory.Inventory, error) {
	res, err := c.Run(ctx, t, sc)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	return res.Collect()
}

// Collect is the inventory with its findings and repositories in memory.
func (r *Result) Collect() (*inventory.Inventory, error) {
	inv := r.Inventory
	err := r.Findings(func(f *inventory.Finding) error {
		inv.Findings = append(inv.Findings, *f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	inv.Repos = make([]inventory.RepoSummary, 0, len(r.repos))
	_ = r.Repos(func(s *inventory.RepoSummary) error {
		s.Workflows = slices.Clone(s.Workflows) // repositories share the list
		inv.Repos = append(inv.Repos, *s)
		return nil
	})
	return inv, nil
}

// Run is Scan without the findings in memory: each repository's findings
// are written to disk as it is scanned (the result cache, else a spill
// file) and Result.Findings reads them back, so memory does not grow with
// the findings of the organisation.
func (c *Client) Run(ctx context.Context, t Targets, sc RepoScanner) (*Result, error) {
	inv := &inventory.Inventory{SchemaVersion: inventory.SchemaVersion, Findings: []inventory.Finding{}, Errors: []inventory.InputError{}}
	res := &Result{Inventory: inv, store: &recordStore{cache: c.cache}, c: c}
	c.readRateLimits(ctx)
	j, prev := c.openJournal(t)
	fail := func(err error) (*Result, error) {
		j.close(false)
		c.closeActionLog()
		res.Close()
		return nil, err
	}
	var repos []*repoMeta
	if prev != nil && prev.listing != nil {
		repos = prev.listing // continue with the stopped run's repositories
	} else {
		var listErrs []inventory.InputError
		repos, listErrs = c.listRepos(ctx, t)
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		inv.Errors = append(inv.Errors, listErrs...)
		if len(listErrs) == 0 {
			j.listing(repos)
		}
	}
	c.setScanned(repos)
	states := make([]*repoState, len(repos))
	for i, r := range repos {
		states[i] = &repoState{meta: r}
	}
	if prev != nil {
		prev.apply(c, states, res.store)
	}

	c.classify(states, res.store)
	c.sayEstimate(c.estimateOf(states))
	prog := newProgress(c.opts.Progress, c.opts.ProgressEvery, len(states), c)
	defer prog.done()
	c.readRepos(ctx, states, sc, res.store, prog, j)
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	for _, st := range states {
		inv.Errors = append(inv.Errors, st.head.errors()...)
	}
	if !c.opts.SkipSecrets {
		var stopped *inventory.InputError
		inv.Secrets, stopped = c.secretInventory(ctx, t.Orgs, states, j, prog)
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		if stopped != nil {
			inv.Errors = append(inv.Errors, *stopped)
		}
		if err := c.waits.err("core"); err != nil && len(inv.Errors) == 0 {
			// Only organisation-wide lists were cut short (their notes
			// say which): the run must still be resumed.
			inv.Errors = append(inv.Errors, inventory.InputError{Message: "the secrets and token inventory is not complete: " + err.Error()})
		}
	}
	inv.Finish()
	j.close(inv.Complete)
	c.closeActionLog()
	res.repos = append([]*repoState(nil), states...)
	sort.SliceStable(res.repos, func(i, j int) bool { return res.repos[i].meta.full() < res.repos[j].meta.full() })
	return res, nil
}

// listRepos lists the organisations' repositories (all types, 100 a page)
// and looks up single repositories, without duplicates.
func (c *Client) listRepos(ctx context.Context, t Targets) ([]*repoMeta, []inventory.InputError) {
	var out []*repoMeta
	var errs []inventory.InputError
	seen := map[string]bool{}
	add := func(m *repoMeta) {
		m.DefaultBranch, m.Visibility = c.strs.intern(m.DefaultBranch), c.strs.intern(m.Visibility)
		k := strings.ToLower(m.full())
		if !seen[k] {
			seen[k] = true
			out = append(out, m)
		}
	}
	for _, org := range t.Orgs {
		opts := &gh.RepositoryListByOrgOptions{Type: "all"}
		err := c.pages(&opts.ListOptions, func(*gh.ListOptions) (*gh.Response, error) {
			page, resp, err := c.gh.Repositories.ListByOrg(ctx, org, opts)
			for _, r := range page {
				m := metaOf(r)
				if (m.Archived && !c.opts.IncludeArchived) || (m.Fork && !c.opts.IncludeForks) {
					continue
				}
				add(m)
			}
			return resp, err
		})
		if err != nil {
			if ctx.Err() != nil {
				return nil, nil
			}
			errs = append(errs, inventory.InputError{Repo: org + "/*", Message: listMessage(asRepoError(err), org)})
		}
	}
	for _, full := range t.Repos {
		owner, name, ok := strings.Cut(full, "/")
		if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
			errs = append(errs, inventory.InputError{Repo: full, Message: "skipped: not a repository name (want OWNER/NAME)"})
			continue
		}
		r, _, err := c.gh.Repositories.Get(ctx, owner, name)
		if err != nil {
			if ctx.Err() != nil {
				return nil, nil
			}
			errs = append(errs, inventory.InputError{Repo: full, Message: skipMessage(asRepoError(err), "repository")})
			continue
		}
		add(metaOf(r))
	}
	return out, errs
}

// listMessage says why an organisation's repositories could not all be
// listed and, for a refusal, what would unlock them.
func listMessage(err error, org string) string {
	var stop *stoppedError
	if errors.As(err, &stop) {
		return fmt.Sprintf("not all repositories of %s were listed: %v", org, stop)
	}
	switch statusOf(err) {
	case http.StatusForbidden, http.StatusNotFound, http.StatusUnauthorized:
		return fmt.Sprintf("skipped: list the repositories of %s (%v); needs permission metadata: read on the organisation's repositories", org, err)
	}
	return fmt.Sprintf("not all repositories of %s were listed: %v", org, err)
}

// fetchers are the transports tried in turn, per repository.
func (c *Client) fetchers() []fetcher {
	switch c.opts.Transport {
	case TransportREST:
		return []fetcher{restFetcher{c}}
	case TransportGraphQL:
		return []fetcher{graphqlFetcher{c}}
	}
	// GraphQL first: fewest round trips and ~0.1 metered requests per
	// repository; REST (a tarball, else trees and blobs) for what GraphQL
	// cannot read.
	return []fetcher{graphqlFetcher{c}, restFetcher{c}}
}

// recordKey is the key of st's record in the result cache.
func (c *Client) recordKey(st *repoState) string {
	if key := st.loc().key; key != "" {
		return key
	}
	return c.resultKey(st.meta)
}

// resultKey is the key of a repository's record in the result cache: its
// snapshot and the scanner's key when both are known (a re-scan of an
// unchanged repository by the same scanner finds it), else one of this
// run only.
func (c *Client) resultKey(r *repoMeta) string {
	if r.PushedAt == 0 || c.opts.ScannerKey == "" {
		return hashKey("run", c.runID, r.full())
	}
	return hashKey("result", snapshotKey(r), c.opts.ScannerKey)
}

// classify finds what each repository needs before any is read: none
// when it is disabled or was resumed; its earlier record when it is
// unchanged since a scan by the same scanner (Options.ScannerKey); its
// cached listing (and whether every blob of it is cached) when it is
// unchanged since it was listed; else reading.
func (c *Client) classify(states []*repoState, store *recordStore) {
	for _, st := range states {
		r := st.meta
		if st.resumed || r.Disabled {
			continue
		}
		if r.PushedAt != 0 && c.opts.ScannerKey != "" {
			if h, ok := store.head(c.resultKey(r)); ok {
				c.strs.internHead(h)
				st.head = *h
				st.setLoc(inCache)
				continue
			}
		}
		if refs, ok := c.cachedSnapshot(r); ok {
			st.setListed(refs)
			st.cachedFiles = true
			for _, f := range refs {
				st.cachedFiles = st.cachedFiles && c.cache.has("blobs", f.OID)
			}
		}
	}
}

// readRepos reads and scans every repository as classify found, with at
// most Options.Concurrency at work at once, each unit of work (a batch of
// repositories for one transport, or one repository) holding one place.
// When the first transport is refused outright (auto), the rest go to the
// next one in batches of its own size.
func (c *Client) readRepos(ctx context.Context, states []*repoState, sc RepoScanner, store *recordStore, prog *progress, j *journal) {
	fs := c.fetchers()
	var disabled atomic.Bool // the first transport was refused outright (auto)
	places := make(chan struct{}, c.opts.Concurrency)
	var wg sync.WaitGroup
	// start runs work in a place of its own, waiting for one.
	start := func(work func()) {
		select {
		case places <- struct{}{}:
		case <-ctx.Done():
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-places }()
			work()
		}()
	}
	done := func(st *repoState) {
		if !st.resumed {
			j.repo(st, c.recordKey(st))
		}
		prog.step(int(st.head.findings))
	}
	var fetch func(level int, batch []*repoState)
	fetch = func(level int, batch []*repoState) {
		f := fs[level]
		if level == 0 && len(fs) > 1 && disabled.Load() {
			f, level = fs[1], 1
		}
		metas := make([]*repoMeta, len(batch))
		listed := make([][]fileRef, len(batch))
		for i, st := range batch {
			metas[i], listed[i] = st.meta, st.listed()
		}
		got := c.fetchBatch(ctx, f, metas, listed)
		var retry []*repoState
		for i, st := range batch {
			if err := got[i].err; err != nil && ctx.Err() == nil && level+1 < len(fs) {
				if level == 0 && len(batch) > 1 && statusOf(err) != 0 && allSameStatus(got) {
					if !disabled.Swap(true) {
						c.log.notef("%s refused (%v): reading files over %s instead", f.name(), err, fs[level+1].name())
					}
				} else {
					c.log.notef("some repositories could not be read over %s: trying %s for them", f.name(), fs[level+1].name())
				}
				if got[i].refs != nil && st.listed() == nil {
					st.setListed(got[i].refs) // listed, blobs not read: the next transport reads only those
				}
				retry = append(retry, st)
				continue
			}
			st.setEnvs(got[i].envs, got[i].envsKnown)
			c.scanRead(ctx, st, got[i], sc, store)
			st.setListed(nil)
			done(st)
		}
		for _, st := range retry {
			fetch(level+1, []*repoState{st})
		}
	}
	var pending []*repoState
	flush := func() {
		if len(pending) > 0 {
			batch := pending
			pending = nil
			start(func() { fetch(0, batch) })
		}
	}
	for _, st := range states {
		if ctx.Err() != nil {
			break
		}
		switch {
		case st.resumed:
			done(st)
			continue
		case st.meta.Disabled:
			st.head = repoHead{}
			done(st)
			continue
		case st.stored:
			// Unchanged since a scan by the same scanner: its record
			// stands, while the third-party actions its scan read have
			// not moved.
			run, n := st.head.actions()
			if n == 0 {
				c.meter.cacheHits.Add(1)
				done(st)
				continue
			}
			start(func() {
				if c.actionsUnmoved(ctx, run, n) {
					c.meter.cacheHits.Add(1)
					done(st)
					return
				}
				st.stored, st.inCache, st.head = false, false, repoHead{}
				if refs, ok := c.cachedSnapshot(st.meta); ok {
					if files, ok := c.cachedBlobs(refs); ok {
						c.scanRead(ctx, st, fetched{refs: refs, files: files}, sc, store)
						done(st)
						return
					}
					st.setListed(refs)
				}
				fetch(0, []*repoState{st})
			})
			continue
		case st.cachedFiles:
			// Scanning is CPU work: do it in a place too.
			start(func() {
				if files, ok := c.cachedBlobs(st.listed()); ok {
					c.meter.cacheHits.Add(1)
					c.scanRead(ctx, st, fetched{refs: st.listed(), files: files}, sc, store)
					st.setListed(nil)
					done(st)
					return
				}
				fetch(len(fs)-1, []*repoState{st}) // a blob went missing
			})
			continue
		}
		pending = append(pending, st)
		size := fs[0].batch()
		if disabled.Load() {
			size = fs[len(fs)-1].batch()
		}
		if len(pending) >= size {
			flush()
		}
	}
	flush()
	wg.Wait()
}

func allSameStatus(got []fetched) bool {
	s := -1
	for _, g := range got {
		if g.err == nil {
			return false
		}
		if s == -1 {
			s = statusOf(g.err)
		} else if statusOf(g.err) != s {
			return false
		}
	}
	return true
}

// summary is what the inventory says of the repository.
func (st *repoState) summary() inventory.RepoSummary {
	r := st.meta
	s := inventory.RepoSummary{Name: r.full(), Workflows: st.head.workflows(), DefaultBranch: r.DefaultBranch, URL: r.URL, Visibility: r.Visibility}
	if s.Workflows == nil {
		s.Workflows = []string{}
	}
	return s
}

// secretRef finds secret references in workflow text: secrets.NAME and
// secrets['NAME'].
var secretRef = regexp.MustCompile(`secrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\])`)

// inheritSecrets finds reusable-workflow calls that pass every secret on.
var inheritSecrets = regexp.MustCompile(`(?m)^\s*secrets\s*:\s*inherit\s*(#.*)?$`)

// anySecret in a repository's references means "may use any secret"; in
// the environments its jobs name, "any of them".
const anySecret = "*"

// scanRead scans one repository's files (or notes why they could not be
// read) and stores its record: findings sorted as inventory.Finish sorts
// them, so the output can read repositories one after another.
func (c *Client) scanRead(ctx context.Context, st *repoState, got fetched, sc RepoScanner, store *recordStore) {
	r := st.meta
	if got.err != nil {
		st.failed = true
		st.head = repoHead{}
		st.head.addError(inventory.InputError{Repo: r.full(), Message: skipMessage(got.err, "reading workflow files")})
		return
	}
	dropped := droppedErrors(r.full(), got.dropped)
	rf := scanner.RepoFiles{Name: r.full(), DefaultBranch: r.DefaultBranch, URL: r.URL, Files: got.files, AllWorkflows: !scanner.MissesWorkflows(dropped)}
	tree := c.treeOf(ctx, r, got, &rf)
	findings, errs := sc.ScanRepo(ctx, rf)
	errs = append(errs, dropped...)
	if err := tree.err(); err != nil {
		errs = append(errs, inventory.InputError{Repo: r.full(), Message: fmt.Sprintf("not every script its workflows run was read (%v); their credentials are unresolved", err)})
	}
	sorted := inventory.Inventory{Findings: findings}
	sorted.Finish()
	st.head = headOf(r, got.files, sorted.Findings, errs, &c.strs)
	if n := c.actionsRead(); n != 0 {
		st.head.setRare(st.head.errors(), st.head.named(), st.head.callees(), c.runID, n)
	}
	key := c.resultKey(r)
	if st.unsure = tree.err() != nil; st.unsure {
		// A script could not be read for a reason that may pass (a
		// spent budget, a network error): the next scan reads the
		// repository again rather than keep "not read".
		key = hashKey("run", c.runID, r.full())
	}
	loc, err := store.put(key, &st.head, sorted.Findings)
	if err == nil && key != c.resultKey(r) {
		loc.key = key
	}
	if err != nil {
		st.failed = true
		st.head.addError(inventory.InputError{Repo: r.full(), Message: fmt.Sprintf("findings not kept: %v", err)})
		st.head.findings = 0
		return
	}
	st.setLoc(loc)
}

// treeOf gives rf the repository's other files at the commit its
// workflows were read at, read on demand (remoteTree), or says why not;
// it returns the tree given.
func (c *Client) treeOf(ctx context.Context, r *repoMeta, got fetched, rf *scanner.RepoFiles) *remoteTree {
	commit := got.commit
	if commit == "" {
		commit = c.snapshotCommit(r) // listed earlier
	}
	if commit == "" {
		rf.TreeNote = "script not read: the commit the workflow files were read at is not known"
		return nil
	}
	// Scripts are read as the workflows were: over REST when they were
	// (or when the scan reads over REST only).
	rest := got.via == TransportREST || (got.via == "" && c.opts.Transport == TransportREST)
	t := newRemoteTree(ctx, c, r, commit, rest)
	rf.Tree = t
	return t
}
