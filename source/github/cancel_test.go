package github

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

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

// TestProgress: the progress line counts repositories.
func TestProgress(t *testing.T) {
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{smallOrg()}, Token: "test-token"})
	defer srv.Close()
	var prog bytes.Buffer
	c := newClient(t, srv, func(o *Options) { o.Progress = &prog })
	if _, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}}, &recorder{}); err != nil {
		t.Fatal(err)
	}
	if out := prog.String(); !strings.Contains(out, "repositories 5/5") || !strings.Contains(out, "REST budget") {
		t.Errorf("progress = %q", out)
	}
}
