package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

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

// repoResult is what was learnt of one repository.
type repoResult struct {
	meta     *repoMeta
	summary  inventory.RepoSummary
	findings []inventory.Finding
	errs     []inventory.InputError
	refs     map[string]bool // secret names referenced (upper case)
	secrets  *repoSecrets
}

// Scan reads every targeted repository's workflow files and composite
// actions, scans them with sc, and builds the Inventory with the secrets and
// token inventory. Repositories that cannot be read are listed in Errors
// (Complete is then false); the error is only for a cancelled context.
func (c *Client) Scan(ctx context.Context, t Targets, sc RepoScanner) (*inventory.Inventory, error) {
	inv := &inventory.Inventory{SchemaVersion: inventory.SchemaVersion, Findings: []inventory.Finding{}, Errors: []inventory.InputError{}}
	repos, listErrs := c.listRepos(ctx, t)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	inv.Errors = append(inv.Errors, listErrs...)

	prog := newProgress(c.opts.Progress, len(repos), c)
	results := c.scanRepos(ctx, repos, sc, prog)
	prog.done()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, r := range results {
		inv.Repos = append(inv.Repos, r.summary)
		inv.Findings = append(inv.Findings, r.findings...)
		inv.Errors = append(inv.Errors, r.errs...)
	}
	if !c.opts.SkipSecrets {
		inv.Secrets = c.secretInventory(ctx, t.Orgs, results)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	scanner.LinkReusableWorkflows(inv)
	inv.Finish()
	return inv, nil
}

// listRepos lists the organisations' repositories (all types, 100 a page)
// and looks up single repositories, without duplicates.
func (c *Client) listRepos(ctx context.Context, t Targets) ([]*repoMeta, []inventory.InputError) {
	var out []*repoMeta
	var errs []inventory.InputError
	seen := map[string]bool{}
	add := func(m *repoMeta) {
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

// scanRepos reads and scans repos with bounded concurrency. Repositories
// whose pushed_at has not changed since the cache was written come from the
// cache without a request.
func (c *Client) scanRepos(ctx context.Context, repos []*repoMeta, sc RepoScanner, prog *progress) []*repoResult {
	results := make([]*repoResult, 0, len(repos))
	var mu sync.Mutex
	emit := func(r *repoResult) {
		mu.Lock()
		results = append(results, r)
		mu.Unlock()
		prog.step()
	}
	fs := c.fetchers()
	var disabled atomic.Bool // the first transport was refused outright (auto)

	type job struct {
		level  int
		repos  []*repoMeta
		cached []scanner.File // files from the cache (level -1)
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	var process func(j job)
	process = func(j job) {
		if j.level < 0 {
			emit(c.finish(ctx, j.repos[0], fetched{files: j.cached}, sc, false))
			return
		}
		f := fs[j.level]
		if j.level == 0 && len(fs) > 1 && disabled.Load() {
			f = fs[1]
			j.level = 1
		}
		got := c.fetchBatch(ctx, f, j.repos)
		var retry []*repoMeta
		for i, r := range j.repos {
			if err := got[i].err; err != nil && ctx.Err() == nil && j.level+1 < len(fs) {
				if j.level == 0 && len(j.repos) > 1 && statusOf(err) != 0 && allSameStatus(got) {
					if !disabled.Swap(true) {
						c.log.notef("%s refused (%v): reading files over %s instead", f.name(), err, fs[j.level+1].name())
					}
				} else {
					c.log.notef("some repositories could not be read over %s: trying %s for them", f.name(), fs[j.level+1].name())
				}
				retry = append(retry, r)
				continue
			}
			emit(c.finish(ctx, r, got[i], sc, true))
		}
		for _, r := range retry {
			process(job{level: j.level + 1, repos: []*repoMeta{r}})
		}
	}
	workers := c.opts.Concurrency
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				process(j)
			}
		}()
	}
	batch := fs[0].batch()
	var pending []*repoMeta
	flush := func() {
		if len(pending) > 0 {
			select {
			case jobs <- job{repos: pending}:
			case <-ctx.Done():
			}
			pending = nil
		}
	}
	for _, r := range repos {
		if ctx.Err() != nil {
			break
		}
		if r.Disabled {
			emit(&repoResult{meta: r, summary: summaryOf(r, nil)})
			continue
		}
		if files, ok := c.cachedFiles(r); ok {
			c.meter.cacheHits.Add(1)
			// Scanning is CPU work: do it in a worker too.
			select {
			case jobs <- job{level: -1, repos: []*repoMeta{r}, cached: files}:
			case <-ctx.Done():
			}
			continue
		}
		pending = append(pending, r)
		if len(pending) >= batch {
			flush()
		}
	}
	flush()
	close(jobs)
	wg.Wait()
	return results
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

func summaryOf(r *repoMeta, files []scanner.File) inventory.RepoSummary {
	s := inventory.RepoSummary{Name: r.full(), Workflows: []string{}, DefaultBranch: r.DefaultBranch, URL: r.URL, Visibility: r.Visibility}
	for _, f := range files {
		if strings.HasPrefix(f.Path, ".github/workflows/") {
			s.Workflows = append(s.Workflows, f.Path)
		}
	}
	sort.Strings(s.Workflows)
	return s
}

// secretRef finds secret references in workflow text: secrets.NAME and
// secrets['NAME'].
var secretRef = regexp.MustCompile(`secrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\])`)

// inheritSecrets finds reusable-workflow calls that pass every secret on.
var inheritSecrets = regexp.MustCompile(`(?m)^\s*secrets\s*:\s*inherit\s*(#.*)?$`)

// anySecret in a repository's references means "may use any secret".
const anySecret = "*"

// finish scans one repository's files and reads its secrets. save keeps
// the listing for the next scan, unless some listed files were not read
// (they are reported again then).
func (c *Client) finish(ctx context.Context, r *repoMeta, got fetched, sc RepoScanner, save bool) *repoResult {
	res := &repoResult{meta: r, refs: map[string]bool{}}
	if got.err != nil {
		res.summary = summaryOf(r, nil)
		res.errs = []inventory.InputError{{Repo: r.full(), Message: skipMessage(got.err, "reading workflow files")}}
		return res
	}
	if save && len(got.dropped) == 0 {
		c.saveSnapshot(r, got.refs)
	}
	files := got.files
	res.summary = summaryOf(r, files)
	rf := scanner.RepoFiles{Name: r.full(), DefaultBranch: r.DefaultBranch, URL: r.URL, Files: files}
	res.findings, res.errs = sc.ScanRepo(ctx, rf)
	res.errs = append(res.errs, droppedErrors(r.full(), got.dropped)...)
	for _, f := range files {
		if inheritSecrets.Match(f.Data) {
			// A reusable workflow elsewhere may use any secret this
			// repository sees: none of them can be called unused here.
			res.refs[anySecret] = true
		}
		for _, m := range secretRef.FindAllSubmatch(f.Data, -1) {
			name := string(m[1])
			if name == "" {
				name = string(m[2])
			}
			res.refs[strings.ToUpper(name)] = true
		}
	}
	for _, f := range res.findings {
		if name, ok := strings.CutPrefix(f.Credential, "secrets."); ok {
			res.refs[strings.ToUpper(name)] = true
		}
	}
	if !c.opts.SkipSecrets && len(files) > 0 {
		res.secrets = c.readRepoSecrets(ctx, r)
	}
	return res
}

// progress redraws "repositories done/total, requests, budget left" on a
// terminal.
type progress struct {
	w     interface{ Write([]byte) (int, error) }
	total int
	n     atomic.Int64
	c     *Client
	stop  chan struct{}
	wg    sync.WaitGroup
}

func newProgress(w interface{ Write([]byte) (int, error) }, total int, c *Client) *progress {
	p := &progress{w: w, total: total, c: c, stop: make(chan struct{})}
	if w == nil {
		return p
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				p.draw()
				fmt.Fprintln(p.w)
				return
			case <-t.C:
				p.draw()
			}
		}
	}()
	return p
}

func (p *progress) step() { p.n.Add(1) }

func (p *progress) draw() {
	st := p.c.Stats()
	left := ""
	if n := p.c.api.rateLeft("core"); n >= 0 {
		left = fmt.Sprintf(", REST budget %d", n)
	}
	if n := p.c.api.rateLeft("graphql"); n >= 0 {
		left += fmt.Sprintf(", GraphQL budget %d", n)
	}
	fmt.Fprintf(p.w, "\r\x1b[Krepositories %d/%d, %d requests (%d answered 304)%s", p.n.Load(), p.total, st.Requests, st.NotModified, left)
}

func (p *progress) done() {
	if p.w == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
}
