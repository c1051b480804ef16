package cli

import (
	"context"

	"github.com/pat2app/pat2app/scanner"
	ghsource "github.com/pat2app/pat2app/source/github"
)

// Actions the knowledge base has no row for are read from their own
// repositories at the ref a step pins: an organisation scan fetches them
// through its client; a local scan reads them from the cache such scans
// leave (--cache-dir), and fetches them only with --online, with the
// user's token. Otherwise a step that gives one a token says "action not
// read (offline)". Reusable workflows of other repositories are read the
// same way, through the same source ("reusable workflow not read
// (offline)").

// localActions is the ActionSource of a local scan: the API with
// --online, else the cache, else none.
func (s *sourceOptions) localActions(ctx context.Context, g *globalOptions) (scanner.ActionSource, error) {
	a := &s.api
	dir, err := a.cacheRoot()
	if err != nil {
		return nil, err
	}
	if !s.online {
		if dir == "" {
			return nil, nil
		}
		src, err := ghsource.CachedActions(dir, g.apiURL)
		if err != nil {
			return nil, usageErrorf("%w", err)
		}
		return src, nil
	}
	if err := checkAPIURL(g.apiURL); err != nil {
		return nil, err
	}
	opts := ghsource.Options{APIURL: g.apiURL, CacheDir: dir, Concurrency: a.concurrency}
	if !a.quiet {
		opts.Log = g.io.Err
	}
	if err := a.credentials(ctx, g, &opts); err != nil {
		return nil, err
	}
	client, err := ghsource.New(ctx, opts)
	if err != nil {
		return nil, usageErrorf("%w", err)
	}
	return client.Actions(), nil
}

// cacheRoot is the folder --cache-dir names ("" for off; the user cache
// directory's pat2app/ by default).
func (a *apiOptions) cacheRoot() (string, error) {
	switch a.cacheDir {
	case "off":
		return "", nil
	case "":
		d, err := ghsource.DefaultCacheDir()
		if err != nil {
			return "", nil // no user cache directory: no cache
		}
		return d, nil
	}
	return a.cacheDir, nil
}
