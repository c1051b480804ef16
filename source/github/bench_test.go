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

// BenchmarkOrgScan scans a synthetic organisation of 10,000 repositories
// (fakegithub.SyntheticOrg: a CI workflow each, one in five releasing with
// a PAT, one in ten deploying from a job that names an environment) behind
// the in-process fake with 50 ms latency, with the real scanner and the
// secrets inventory (the last case without it), cold then warm (same cache and scanner key), over
// GraphQL and over REST (and over GraphQL with third-party actions the
// scanner reads through the client, and a reusable workflow of another
// organisation every repository calls: benchActions), and reports metered
// requests per repository, the
// 304 share of the warm re-scan, the walls, and the heap live after the
// scan per repository (the inventory without findings).
//
//	go test -run '^$' -bench BenchmarkOrgScan -benchtime 1x ./source/github/...
//
// PAT2APP_BENCH_REPOS changes the organisation's size; -bench
// 'BenchmarkOrgScan/graphql$' runs one case.
func BenchmarkOrgScan(b *testing.B) {
	repos := 10000
	if n, err := strconv.Atoi(os.Getenv("PAT2APP_BENCH_REPOS")); err == nil && n > 0 {
		repos = n
	}
	for _, tc := range []struct {
		transport string
		// actions: the repositories also use third-party actions with no
		// row, which the scanner reads through the client.
		actions bool
		// noSecrets leaves out the secrets inventory (--no-secrets): what
		// reading workflows, scripts and action sources costs alone.
		noSecrets bool
	}{{TransportGraphQL, false, false}, {TransportREST, false, false}, {TransportGraphQL, true, false}, {TransportGraphQL, true, true}} {
		name := tc.transport
		if tc.actions {
			name += "+actions"
		}
		if tc.noSecrets {
			name += "-secrets"
		}
		b.Run(name, func(b *testing.B) {
			for range b.N {
				org := fakegithub.SyntheticOrg{Login: "big", Repos: repos}.Org()
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
				run := func() (Stats, time.Duration, int) {
					c := newClient(b, srv, func(o *Options) {
						o.Transport, o.CacheDir, o.Concurrency, o.ScannerKey = tc.transport, dir, DefaultConcurrency, "bench"
						o.SkipSecrets = tc.noSecrets
					})
					sc := scanner.New(scanner.Options{Actions: c.Actions()})
					start := time.Now()
					res, err := c.Run(context.Background(), Targets{Orgs: []string{"big"}}, sc)
					wall := time.Since(start)
					if err != nil || !res.Inventory.Complete || len(res.repos) != repos {
						b.Fatalf("scan: err=%v repos=%d: %s", err, len(res.repos), errText(res.Inventory))
					}
					// What stays live: the inventory without findings.
					runtime.GC()
					var ms runtime.MemStats
					runtime.ReadMemStats(&ms)
					if ms.HeapAlloc > base.HeapAlloc {
						live = max(live, ms.HeapAlloc-base.HeapAlloc)
					}
					findings := 0
					if err := res.Findings(func(*inventory.Finding) error { findings++; return nil }); err != nil {
						b.Fatal(err)
					}
					res.Close()
					return c.Stats(), wall, findings
				}
				cold, coldWall, findings := run()
				warm, warmWall, _ := run()
				srv.Close()
				b.ReportMetric(float64(cold.Metered())/float64(repos), "metered/repo-cold")
				b.ReportMetric(float64(warm.Metered())/float64(repos), "metered/repo-warm")
				b.ReportMetric(float64(warm.REST+warm.GraphQL)/float64(repos), "req/repo-warm")
				b.ReportMetric(warm.NotModifiedShare()*100, "%304-warm")
				b.ReportMetric(float64(cold.Other)/float64(repos), "unmetered/repo-cold")
				b.ReportMetric(coldWall.Seconds(), "s-cold")
				b.ReportMetric(warmWall.Seconds(), "s-warm")
				b.ReportMetric(float64(live)/float64(repos), "B-live/repo")
				b.ReportMetric(float64(findings), "findings")
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

// BenchmarkAutoOnRESTOnly scans 2,000 repositories cold behind a fake
// GitHub that refuses GraphQL (50 ms latency) with --transport rest and
// --transport auto back to back, in pairs whose order alternates (a loaded
// machine slows both of a pair), and reports the median wall of each, the
// median of the pairs' ratios auto/rest and the GraphQL queries auto spent
// finding out. PAT2APP_BENCH_PAIRS sets the number of pairs (3).
//
//	go test -run '^$' -bench BenchmarkAutoOnRESTOnly -benchtime 1x ./source/github/...
func BenchmarkAutoOnRESTOnly(b *testing.B) {
	repos, pairs := 2000, 3
	if n, err := strconv.Atoi(os.Getenv("PAT2APP_BENCH_REPOS")); err == nil && n > 0 {
		repos = n
	}
	if n, err := strconv.Atoi(os.Getenv("PAT2APP_BENCH_PAIRS")); err == nil && n > 0 {
		pairs = n
	}
	for range b.N {
		srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{benchOrg(b, repos)}, Token: "test-token",
			Latency: 50 * time.Millisecond, RateLimit: 1 << 30, GraphQLRefused: true})
		walls := map[string][]float64{}
		var ratios []float64
		var queries int64
		for p := range pairs {
			order := []string{TransportREST, TransportAuto}
			if p%2 == 1 {
				order[0], order[1] = order[1], order[0]
			}
			wall := map[string]float64{}
			for _, transport := range order {
				c := newClient(b, srv, func(o *Options) {
					o.Transport, o.Concurrency, o.SkipSecrets = transport, DefaultConcurrency, true
				})
				start := time.Now()
				inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"big"}}, &nullScanner{})
				wall[transport] = time.Since(start).Seconds()
				if err != nil || !inv.Complete || len(inv.Repos) != repos {
					b.Fatalf("%s: err=%v complete=%v repos=%d", transport, err, inv.Complete, len(inv.Repos))
				}
				walls[transport] = append(walls[transport], wall[transport])
				if transport == TransportAuto {
					queries = max(queries, c.Stats().GraphQL)
				}
			}
			ratios = append(ratios, wall[TransportAuto]/wall[TransportREST])
		}
		srv.Close()
		b.ReportMetric(median(walls[TransportREST]), "s-rest")
		b.ReportMetric(median(walls[TransportAuto]), "s-auto")
		b.ReportMetric(median(ratios), "auto/rest")
		b.ReportMetric(float64(queries), "graphql-queries-auto")
		b.Logf("walls rest %v, auto %v; ratios %v", walls[TransportREST], walls[TransportAuto], ratios)
	}
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
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
		// A reusable workflow each publisher shares, which the
		// repositories call with a secret: read once per ref.
		o.Repos = append(o.Repos, &fakegithub.Repo{Name: "workflows", Visibility: "public", Tags: []string{"v1"}, Files: map[string]string{
			".github/workflows/release.yml": "on:\n  workflow_call:\n    secrets:\n      token:\njobs:\n  r:\n    runs-on: x\n    steps:\n      - run: gh release create v1\n        env:\n          GH_TOKEN: ${{ secrets.token }}\n",
		}})
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
		call := fmt.Sprintf("  release:\n    uses: vendor%d/workflows/.github/workflows/release.yml@v1\n    secrets:\n      token: ${{ secrets.RELEASE_PAT }}\n", n%publishers)
		r.Files[".github/workflows/third-party.yml"] = fmt.Sprintf("on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n%s%s# repo %d\n", steps.String(), call, n)
	}
	return orgs
}
