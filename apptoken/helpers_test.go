package apptoken

import (
	"context"
	"crypto/rsa"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// keys are two keys of the test App and one of no App.
func keys(t testing.TB) ([3]*rsa.PrivateKey, [3][]byte) {
	t.Helper()
	priv, pems, err := fakegithub.TestKeys(3)
	if err != nil {
		t.Fatal(err)
	}
	return [3]*rsa.PrivateKey(priv), [3][]byte(pems)
}

// testClock is the client's clock: real time plus an offset (to skew it),
// and sleeps that only record their length.
type testClock struct {
	mu     sync.Mutex
	offset time.Duration
	slept  []time.Duration
}

func (c *testClock) Now() time.Time { return time.Now().Add(c.offset) }

func (c *testClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.slept = append(c.slept, d)
	c.mu.Unlock()
	return ctx.Err()
}

const testClientID = "Iv23liTestClient"

// world is a fake GitHub with one App (ID 42) installed on acme for
// selected repositories (api only) and on beta for all; the App asks for
// pull_requests: write, which acme's installation has not accepted, and
// gamma's installation is suspended.
type world struct {
	srv   *fakegithub.Server
	app   *fakegithub.App
	keys  [3]*rsa.PrivateKey
	pem   [3][]byte
	clock *testClock
	notes []string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	priv, pems := keys(t)
	app := &fakegithub.App{ID: 42, ClientID: testClientID, Slug: "release-bot", Name: "release-bot",
		Keys:        []*rsa.PublicKey{&priv[0].PublicKey, &priv[1].PublicKey},
		Permissions: map[string]string{"contents": "write", "issues": "write", "pull_requests": "write"},
		Installations: []*fakegithub.Installation{
			{ID: 100, Account: "acme", Selection: "selected", Repositories: []string{"api"},
				Permissions: map[string]string{"contents": "write", "issues": "write"}},
			{ID: 200, Account: "beta"},
			{ID: 300, Account: "gamma", Suspended: true},
		}}
	srv := fakegithub.New(fakegithub.Config{Apps: []*fakegithub.App{app}, Orgs: []*fakegithub.Org{
		{Login: "acme", Repos: []*fakegithub.Repo{{Name: "api"}, {Name: "web"}}},
		{Login: "beta", Repos: []*fakegithub.Repo{{Name: "site"}}},
		{Login: "gamma", Repos: []*fakegithub.Repo{{Name: "x"}}},
		{Login: "nobody", Repos: []*fakegithub.Repo{{Name: "y"}}},
	}})
	t.Cleanup(srv.Close)
	return &world{srv: srv, app: app, keys: priv, pem: pems, clock: &testClock{}}
}

func (w *world) minter(m *Metrics) *Minter {
	return &Minter{APIURL: w.srv.APIURL(), Clock: w.clock, Metrics: m,
		Notef: func(format string, args ...any) { w.notes = append(w.notes, fmt.Sprintf(format, args...)) }}
}

// appWith is the test App with the given keys (indexes into w.keys).
func (w *world) appWith(idx ...int) App {
	a := App{ClientID: testClientID}
	for _, i := range idx {
		a.Keys = append(a.Keys, NewKey(w.keys[i], fmt.Sprintf("file key%d.pem", i)))
	}
	return a
}
