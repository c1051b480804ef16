package github

import (
	"fmt"

	gh "github.com/google/go-github/v88/github"
)

// pages reads a paginated list: list is called with opts set to each page,
// following the Link header's next page, for at most Limits.MaxPages pages.
// A next page that is not after the current one (a loop) or one past the
// cap ends the list with an error; what was read stays read.
func (c *Client) pages(opts *gh.ListOptions, list func(*gh.ListOptions) (*gh.Response, error)) error {
	return listPages(c.waits.limits.MaxPages, opts, list)
}

// listPages is pages for at most maxPages pages.
func listPages(maxPages int, opts *gh.ListOptions, list func(*gh.ListOptions) (*gh.Response, error)) error {
	if opts.PerPage == 0 {
		opts.PerPage = 100
	}
	for n := 1; ; n++ {
		resp, err := list(opts)
		if err != nil {
			return err
		}
		if resp.NextPage == 0 {
			return nil
		}
		cur := max(opts.Page, 1)
		switch {
		case resp.NextPage <= cur:
			return &repoError{Msg: fmt.Sprintf("page %d links back to page %d: stopped reading the list", cur, resp.NextPage)}
		case n >= maxPages:
			return &repoError{Msg: fmt.Sprintf("more than %d pages: stopped reading the list", maxPages)}
		}
		opts.Page = resp.NextPage
	}
}
