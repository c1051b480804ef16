package github

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// benchOrg is n repositories with the workflows of testdata (or the small
// fixtures), a few each, each repository's files slightly different.
func benchOrg(b *testing.B, n int) *fakegithub.Org {
	var pool []map[string]string
	if entries, err := os.ReadDir(filepath.Join("..", "..", "testdata", "demo-org")); err == nil {
		for _, e := range entries {
			if e.IsDir() {
				files, err := fakegithub.LoadDir(filepath.Join("..", "..", "testdata", "demo-org", e.Name()))
				if err == nil && len(wantedOf(files)) > 0 {
					pool = append(pool, wantedOf(files))
				}
			}
		}
	}
	if len(pool) == 0 {
		pool = append(pool, wantedOf(smallOrg().Repos[0].Files))
	}
	sort.Slice(pool, func(i, j int) bool { return len(pool[i]) < len(pool[j]) })
	org := &fakegithub.Org{Login: "big"}
	for i := range n {
		files := map[string]string{}
		for p, c := range pool[i%len(pool)] {
			files[p] = c + fmt.Sprintf("\n# repo %d\n", i)
		}
		files["README.md"] = "hello"
		org.Repos = append(org.Repos, &fakegithub.Repo{Name: fmt.Sprintf("repo-%04d", i), Files: files})
	}
	return org
}

// heapPeak samples the live heap until stop is called.
func heapPeak() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

// BenchmarkOrgScan scans an org of 2,000 repositories behind the fake with
// 50 ms latency, cold then warm, per transport, and reports metered
// requests per repository, the 304 share of the warm scan, peak heap in use
// above the baseline (sampled; it includes the in-process fake's garbage)
// and the heap still live after a scan per repository (the inventory).
//
//	go test -run '^$' -bench BenchmarkOrgScan -benchtime 1x ./source/github/...
//
// PAT2APP_BENCH_REPOS changes the org size (to check memory does not grow
// with it).
func BenchmarkOrgScan(b *testing.B) {
	repos := 2000
	if n, err := strconv.Atoi(os.Getenv("PAT2APP_BENCH_REPOS")); err == nil && n > 0 {
		repos = n
	}
	for _, tc := range []struct {
		transport string
		secrets   bool
		// actions: the repositories also use third-party actions with no
		// row, which the real scanner reads through the client.
		actions bool
	}{{TransportGraphQL, false, false}, {TransportREST, false, false}, {TransportAuto, true, false}, {TransportGraphQL, false, true}} {
		name := tc.transport
		if tc.secrets {
			name += "+secrets"
		}
		if tc.actions {
			name += "+actions"
		}
		b.Run(name, func(b *testing.B) {
			for range b.N {
				org := benchOrg(b, repos)
				orgs := []*fakegithub.Org{org}
				if tc.actions {
					orgs = append(orgs, benchActions(org)...)
				}
				srv := fakegithub.New(fakegithub.Config{Orgs: orgs, Token: "test-token", Latency: 50 * time.Millisecond, RateLimit: 1 << 30})
				dir := b.TempDir()
				runtime.GC()
				var base runtime.MemStats
				runtime.ReadMemStats(&base)
				var live uint64
				run := func() (Stats, time.Duration, uint64) {
					c := newClient(b, srv, func(o *Options) {
						o.Transport, o.CacheDir, o.Concurrency, o.SkipSecrets = tc.transport, dir, DefaultConcurrency, !tc.secrets
					})
					stop := heapPeak()
					start := time.Now()
					var sc RepoScanner = &nullScanner{}
					if tc.actions {
						sc = scanner.New(scanner.Options{Actions: c.Actions()})
					}
					inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"big"}}, sc)
					wall := time.Since(start)
					peak := stop()
					if err != nil || !inv.Complete || len(inv.Repos) != repos {
						b.Fatalf("scan: err=%v complete=%v repos=%d", err, inv.Complete, len(inv.Repos))
					}
					// What stays live: the inventory (one summary per
					// repository), not the files.
					runtime.GC()
					var ms runtime.MemStats
					runtime.ReadMemStats(&ms)
					if ms.HeapAlloc > base.HeapAlloc {
						live = max(live, ms.HeapAlloc-base.HeapAlloc)
					}
					runtime.KeepAlive(inv)
					return c.Stats(), wall, peak
				}
				cold, coldWall, coldPeak := run()
				warm, warmWall, warmPeak := run()
				srv.Close()
				perRepo := func(s Stats) float64 { return float64(s.REST+s.GraphQL) / float64(repos) }
				b.ReportMetric(perRepo(cold), "req/repo-cold")
				b.ReportMetric(float64(cold.Metered())/float64(repos), "metered/repo-cold")
				b.ReportMetric(perRepo(warm), "req/repo-warm")
				b.ReportMetric(float64(warm.Metered())/float64(repos), "metered/repo-warm")
				share := 0.0
				if warm.Requests > 0 {
					share = float64(warm.NotModified) / float64(warm.Requests)
				}
				b.ReportMetric(share*100, "%304-warm")
				b.ReportMetric(float64(cold.Other)/float64(repos), "unmetered/repo-cold")
				b.ReportMetric(coldWall.Seconds(), "s-cold")
				b.ReportMetric(warmWall.Seconds(), "s-warm")
				b.ReportMetric(float64(max(coldPeak, warmPeak)-min(base.HeapInuse, coldPeak))/(1<<20), "MiB-peak-heap")
				b.ReportMetric(float64(live)/float64(repos), "B-live/repo")
				b.Logf("%s: cold %+v in %s; warm %+v in %s", name, cold, coldWall.Round(time.Millisecond), warm, warmWall.Round(time.Millisecond))
			}
		})
	}
}

// nullScanner scans nothing: the benchmark measures reading.
type nullScanner struct{}

func (nullScanner) ScanRepo(context.Context, scanner.RepoFiles) ([]inventory.Finding, []inventory.InputError) {
	return nil, nil
}

// benchActions gives the org's repositories a workflow that uses
// third-party actions the knowledge base has no row for, with a token, and
// returns the organisations that hold those actions: 40 actions of 10
// publishers, the first ones used most (as in real organisations, a few
// actions are everywhere and most are rare), each at one or two tags or
// pinned by commit. Every action is JavaScript with its source in src/,
// a bundle, and node_modules that are not kept.
func benchActions(org *fakegithub.Org) []*fakegithub.Org {
	const publishers, perPublisher = 10, 4
	var orgs []*fakegithub.Org
	type action struct{ uses []string }
	var actions []action
	for p := range publishers {
		o := &fakegithub.Org{Login: fmt.Sprintf("vendor%d", p)}
		for i := range perPublisher {
			r := &fakegithub.Repo{Name: fmt.Sprintf("act%d", i), Visibility: "public", Tags: []string{"v1", "v2"}, Files: map[string]string{
				"action.yml":                          "inputs:\n  token:\n    default: ${{ github.token }}\nruns:\n  using: node20\n  main: dist/index.js\n",
				"src/main.ts":                         fmt.Sprintf("import * as core from '@actions/core'\nimport * as github from '@actions/github'\nconst o = github.getOctokit(core.getInput('token'))\nawait o.rest.issues.createComment({...github.context.repo, issue_number: %d, body: '%s'})\n", i, o.Login),
				"dist/index.js":                       strings.Repeat("// bundle\n", 2000),
				"node_modules/@actions/core/index.js": strings.Repeat("// library\n", 2000),
			}}
			o.Repos = append(o.Repos, r)
			name := o.Login + "/" + r.Name
			a := action{uses: []string{name + "@v1", name + "@v2"}}
			if (p+i)%3 == 0 {
				a.uses = []string{name + "@v2"}
			}
			actions = append(actions, a)
		}
		orgs = append(orgs, o)
	}
	for n, r := range org.Repos {
		var steps strings.Builder
		// Three actions per repository: one of the five most used, one of
		// the next ten, one of the rest.
		for k, pick := range []int{n % 5, 5 + (n/5)%10, 15 + (n/7)%25} {
			a := actions[pick]
			fmt.Fprintf(&steps, "      - uses: %s\n        with:\n          token: ${{ secrets.BOT_PAT_%d }}\n", a.uses[(n+k)%len(a.uses)], k)
		}
		r.Files[".github/workflows/third-party.yml"] = fmt.Sprintf("on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n%s# repo %d\n", steps.String(), n)
	}
	return orgs
}
