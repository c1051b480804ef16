package github

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/scanner"
	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// TestEstimateSaid: before reading, the scan says how many repositories
// it will read, what that needs, and the budget GET /rate_limit gave, which
// itself is free.
func TestEstimateSaid(t *testing.T) {
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{smallOrg()}, Token: "test-token", RateLimit: 100})
	defer srv.Close()
	var log bytes.Buffer
	c := newClient(t, srv, func(o *Options) { o.Transport, o.Log, o.MaxRequests = TransportGraphQL, &log, 3 })
	if _, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}}, &recorder{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"4 repositories, 0 of them unchanged since they were read: reading files needs about 2 GraphQL queries; listing secrets at most 4 REST requests",
		"budget left: REST 99 until", ", graphql 100 until",
		"--max-requests 3 may be less than the scan needs",
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
	if st := c.Stats(); st.Other != 1 {
		t.Errorf("GET /rate_limit: %d unmetered requests, want 1 (%+v)", st.Other, st)
	}
}

// TestMaxRequests: with a cap, the scan sends at most that many metered
// requests, stops cleanly and says which repositories were not read and
// how to go on.
func TestMaxRequests(t *testing.T) {
	for _, transport := range []string{TransportREST, TransportGraphQL} {
		t.Run(transport, func(t *testing.T) {
			org := demoOrg(t)
			srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{org}, Token: "test-token"})
			defer srv.Close()
			const limit = 2
			c := newClient(t, srv, func(o *Options) { o.Transport, o.MaxRequests, o.Concurrency = transport, limit, 2 })
			inv, err := c.Scan(context.Background(), Targets{Orgs: []string{org.Login}}, &recorder{})
			if err != nil {
				t.Fatal(err)
			}
			fc := srv.Counts()
			if got := c.Stats().Metered(); got > limit || fc.REST+fc.GraphQL-fc.NotModified > limit {
				t.Errorf("%d metered requests sent (the fake saw %d), cap %d", got, fc.REST+fc.GraphQL-fc.NotModified, limit)
			}
			if inv.Complete || !strings.Contains(errText(inv), "the most this run may send (--max-requests); run it again later with --resume") {
				t.Errorf("want a partial inventory saying how to go on, got complete=%v:\n%s", inv.Complete, errText(inv))
			}
			if len(inv.Repos) != len(org.Repos) {
				t.Errorf("%d repositories in the inventory, want all %d", len(inv.Repos), len(org.Repos))
			}
		})
	}
}

// TestMaxRequestsInSecrets: a cap met while secrets are listed leaves the
// files read and says, as an input error (exit 3), how many repositories'
// secrets were not listed.
func TestMaxRequestsInSecrets(t *testing.T) {
	srv := fakegithub.New(fakegithub.Config{Orgs: []*fakegithub.Org{smallOrg()}, Token: "test-token"})
	defer srv.Close()
	// The listing, the tree query and the blob query: files are read,
	// then one request of secrets.
	c := newClient(t, srv, func(o *Options) { o.Transport, o.MaxRequests, o.Concurrency = TransportGraphQL, 4, 1 })
	inv, err := c.Scan(context.Background(), Targets{Orgs: []string{"acme"}}, scanner.New(scanner.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Findings) == 0 || inv.Complete || !strings.Contains(errText(inv), "the secrets of 2 repositories were not listed: scan stopped") {
		t.Errorf("want the files read and the secrets' stop listed, got %d findings:\n%s", len(inv.Findings), errText(inv))
	}
}
