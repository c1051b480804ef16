package github

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// cancellingScanner cancels the scan after the first repository (Ctrl-C).
type cancellingScanner struct {
	recorder
	cancel context.CancelFunc
}

func (c *cancellingScanner) ScanRepo(ctx context.Context, rf scanner.RepoFiles) ([]inventory.Finding, []inventory.InputError) {
	c.cancel()
	return c.recorder.ScanRepo(ctx, rf)
}

// TestInterruptedScanLeavesCacheUsable: a scan cancelled midway returns
// the context's error, and the next scan with the same cache reads
// everything right.
func TestInterruptedScanLeavesCacheUsable(t *testing.T) {
	for _, transport := range []string{TransportREST, TransportGraphQL} {
		org := smallOrg()
		srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org}, Token: "test-token"})
		dir := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		c := newClient(t, srv, func(o *Options) { o.CacheDir = dir; o.Transport = transport; o.Concurrency = 1 })
		if _, err := c.Scan(ctx, Targets{Orgs: []string{"acme"}}, &cancellingScanner{cancel: cancel}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: cancelled scan: err = %v", transport, err)
		}
		rec := &recorder{}
		inv, err := newClient(t, srv, func(o *Options) { o.CacheDir = dir; o.Transport = transport }).Scan(context.Background(), Targets{Orgs: []string{"acme"}}, rec)
		srv.Close()
		if err != nil || !inv.Complete {
			t.Fatalf("%s: rescan: %v %s", transport, err, errText(inv))
		}
		for _, r := range org.Repos {
			if r.Archived || r.Fork || r.Disabled {
				continue
			}
			if got, want := rec.filesOf(r.FullName()), wantedOf(r.Files); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %s files = %v, want %v", transport, r.FullName(), keys(got), keys(want))
			}
		}
	}
}

// TestProgress: the progress line counts repositories, findings, secrets
// listed, metered requests and the budget left; redrawn in place on a
// terminal, plain lines for a log.
func TestProgress(t *testing.T) {
	for _, every := range []time.Duration{0, time.Millisecond} {
		srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{smallOrg()}, Token: "test-token"})
		var prog bytes.Buffer
		c := newClient(t, srv, func(o *Options) { o.Progress, o.ProgressEvery = &prog, every })
		inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}}, scanner.New(scanner.Options{}))
		srv.Close()
		if err != nil {
			t.Fatal(err)
		}
		out := prog.String()
		last := fmt.Sprintf("repositories 5/5, %d findings, secrets listed for 2/2, %d metered requests (left: REST ", len(inv.Findings), c.Stats().Metered())
		if !strings.Contains(out, last) || !strings.Contains(out, ", graphql ") {
			t.Errorf("every %s: progress lacks %q:\n%q", every, last, out)
		}
		if plain := every > 0; plain == strings.Contains(out, "\r") || plain != strings.HasPrefix(out, "pat2app: ") {
			t.Errorf("every %s: want plain lines %v, got %q", every, plain, out)
		}
	}
}

// TestProgressWait: while the scan waits for a reset, the progress line
// says for what and how long.
func TestProgressWait(t *testing.T) {
	clock := newFakeClock()
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{smallOrg()}, Token: "test-token"})
	defer srv.Close()
	c := newClient(t, srv, func(o *Options) { o.Clock = clock })
	reset := clock.Now().Add(20 * time.Minute)
	c.api.record("core", 0, reset)
	c.api.mu.Lock()
	c.api.waiting["core"] = reset
	c.api.mu.Unlock()
	p := newProgress(nil, 0, 3, c)
	if got := p.line(); !strings.Contains(got, "waiting 20m0s for the REST rate limit's reset at "+reset.UTC().Format("15:04:05 UTC")) || !strings.Contains(got, "left: REST 0") {
		t.Errorf("line = %q", got)
	}
}
