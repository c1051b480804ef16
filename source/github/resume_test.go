package github

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/scanner"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// TestResume stops a scan half way at a rate-limit wall of the fake (a
// reset ten hours away), then resumes it after the reset: the resumed scan
// completes, no repository was read twice over metered requests (over both
// runs), and the inventory is the one an uninterrupted scan makes. The
// wall is met while files are read (a small budget) and while secrets are
// listed (a larger one).
func TestResume(t *testing.T) {
	for _, tc := range []struct {
		name   string
		budget int
	}{{"files", 3}, {"secrets", 12}} {
		t.Run(tc.name, func(t *testing.T) { resume(t, tc.budget) })
	}
}

func resume(t *testing.T, budget int) {
	sc := scanner.New(scanner.Options{})
	synth := fakegithub.SyntheticOrg{Login: "big", Repos: 60}
	targets := Targets{Orgs: []string{"big"}}

	// The uninterrupted scan, on a server and cache of its own.
	whole := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{synth.Org()}, Token: "test-token"})
	want, err := newClient(t, whole, func(o *Options) { o.ScannerKey = "k" }).Scan(context.Background(), targets, sc)
	whole.Close()
	if err != nil || !want.Complete {
		t.Fatalf("uninterrupted scan: %v %s", err, errText(want))
	}

	clock := newFakeClock()
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{synth.Org()}, Token: "test-token",
		Now: clock.Now, RateLimit: budget, Window: 10 * time.Hour})
	defer srv.Close()
	dir := t.TempDir()
	scan := func(resume bool) (*inventory.Inventory, string) {
		var log bytes.Buffer
		c := newClient(t, srv, func(o *Options) {
			o.CacheDir, o.ScannerKey, o.Clock, o.Log, o.Resume, o.Concurrency = dir, "k", clock, &log, resume, 2
		})
		inv, err := c.Scan(context.Background(), targets, sc)
		if err != nil {
			t.Fatal(err)
		}
		return inv, log.String()
	}
	stopped, log := scan(false)
	if stopped.Complete || !strings.Contains(log, "scan stopped") {
		t.Fatalf("want the first scan stopped at the wall:\n%s", log)
	}
	if budget < 10 {
		unread := 0
		for _, e := range stopped.Errors {
			if strings.Contains(e.Message, "not read: scan stopped") {
				unread++
			}
		}
		if unread == 0 || unread == len(stopped.Repos) {
			t.Errorf("the first scan read %d of %d repositories, want it stopped half way", len(stopped.Repos)-unread, len(stopped.Repos))
		}
	}
	// Resumed after each reset until it completes (a small budget takes
	// several).
	var got *inventory.Inventory
	for runs := 1; ; runs++ {
		clock.advance(11 * time.Hour)
		got, log = scan(true)
		if !strings.Contains(log, "resuming the scan started") {
			t.Fatalf("the resume was not said:\n%s", log)
		}
		if got.Complete {
			break
		}
		if runs == 20 {
			t.Fatalf("still partial after %d resumed runs: %s", runs, errText(got))
		}
	}
	for _, inv := range []*inventory.Inventory{got, want} {
		for i := range inv.Repos {
			inv.Repos[i].URL = "" // two servers
		}
	}
	for key, n := range srv.Reads() {
		if n > 1 {
			t.Errorf("%s: read %d times over metered requests", key, n)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the resumed inventory differs from an uninterrupted scan's: findings %v, repos %v, secrets %v, errors %v",
			reflect.DeepEqual(got.Findings, want.Findings), reflect.DeepEqual(got.Repos, want.Repos),
			reflect.DeepEqual(got.Secrets, want.Secrets), reflect.DeepEqual(got.Errors, want.Errors))
	}

	// A scan that ended complete is not resumed.
	_, log = scan(true)
	if !strings.Contains(log, "ended complete: nothing to resume") {
		t.Errorf("a complete scan was resumed:\n%s", log)
	}
}
