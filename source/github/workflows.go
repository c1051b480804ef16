package github

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/pat2app/pat2app/repofiles"
	"github.com/pat2app/pat2app/scanner"
)

// Reusable workflows of other repositories (jobs.<id>.uses:
// owner/repo/.github/workflows/x.yml@ref) are read like actions
// (scanner.WorkflowSource): the ref resolved to its commit as an action's
// is (one conditional request, none for a commit id), then the one file
// at that commit through the contents API, kept in the cache by commit
// and path, so a re-scan asks only whether the ref moved. Each file and
// ref is read once per run. In an organisation scan a workflow of a
// repository the scan reads itself is not fetched: its findings are
// linked to its callers' when the scan ends (scanner.LinkReusableWorkflows).

// maxWorkflowFile is the largest reusable workflow read: the contents API
// gives a file's content inline up to 1 MiB.
const maxWorkflowFile = 1 << 20

// ReusableWorkflow returns the file of owner/repo at ref.
func (a *Actions) ReusableWorkflow(ctx context.Context, owner, repo, file, ref string) (scanner.CalledWorkflow, error) {
	if !validName(owner) || !validName(repo) || ref == "" || strings.ContainsAny(ref, "\x00\n ") ||
		!cleanPath(file) || repofiles.Classify(file) != repofiles.Workflow {
		return scanner.CalledWorkflow{}, fmt.Errorf("not a reusable workflow at a ref: %s/%s/%s@%s", owner, repo, file, ref)
	}
	if a.c != nil && a.c.inScan(owner+"/"+repo) {
		return scanner.CalledWorkflow{}, scanner.ErrInScan
	}
	return a.workflows.do(strings.ToLower(owner+"/"+repo)+"/"+file+"@"+ref, func() (scanner.CalledWorkflow, error) {
		wf, err := a.fetchWorkflow(ctx, owner, repo, file, ref)
		if a.c != nil {
			// A record that read it is reused only while the ref
			// names the same commit (actionlog.go).
			a.c.logAction(owner+"/"+repo+"@"+ref, wf.Commit)
		}
		return wf, err
	})
}

func (a *Actions) fetchWorkflow(ctx context.Context, owner, repo, file, ref string) (scanner.CalledWorkflow, error) {
	commit, err := a.commit(ctx, owner, repo, ref)
	if err != nil {
		return scanner.CalledWorkflow{}, err
	}
	if commit != "" {
		if b, ok := a.cache.read("workflows", hashKey(commit, file)); ok {
			return scanner.CalledWorkflow{Data: b, Commit: commit}, nil
		}
	}
	if a.c == nil {
		return scanner.CalledWorkflow{}, scanner.ErrActionOffline
	}
	data, err := a.c.fileAt(ctx, owner, repo, file, commit)
	if err != nil {
		return scanner.CalledWorkflow{}, err
	}
	_ = a.cache.write("workflows", hashKey(commit, file), data) // a cache that cannot be written only costs requests
	return scanner.CalledWorkflow{Data: data, Commit: commit}, nil
}

// fileAt reads one file of owner/repo at commit through the contents API.
func (c *Client) fileAt(ctx context.Context, owner, repo, file, commit string) ([]byte, error) {
	var esc []string
	for _, p := range strings.Split(file, "/") {
		esc = append(esc, url.PathEscape(p))
	}
	u := c.gh.BaseURL() + "repos/" + url.PathEscape(owner) + "/" + url.PathEscape(repo) + "/contents/" + strings.Join(esc, "/") + "?ref=" + url.QueryEscape(commit)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	where := owner + "/" + repo + "/" + file + "@" + commit
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", where, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &repoError{Status: resp.StatusCode, Msg: fmt.Sprintf("read %s: %s", where, http.StatusText(resp.StatusCode))}
	}
	var got struct {
		Type, Encoding, Content string
		Size                    int64
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 2*maxWorkflowFile)).Decode(&got); err != nil {
		return nil, fmt.Errorf("read %s: %w", where, err)
	}
	switch {
	case got.Type != "file":
		return nil, &repoError{Msg: fmt.Sprintf("read %s: not a file", where)}
	case got.Size > maxWorkflowFile || got.Encoding != "base64":
		return nil, &repoError{Msg: fmt.Sprintf("read %s: over %d bytes, not read", where, maxWorkflowFile)}
	}
	data, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(got.Content, "\n", ""))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", where, err)
	}
	return data, nil
}

// commit is the commit ref names in owner/repo: ref itself when it is a
// commit id; else asked once per run (offline: the commit an earlier
// online read resolved it to, "" when none did).
func (a *Actions) commit(ctx context.Context, owner, repo, ref string) (string, error) {
	if isCommit(ref) {
		return strings.ToLower(ref), nil
	}
	refKey := hashKey(strings.ToLower(owner+"/"+repo), ref)
	if a.c == nil {
		if b, ok := a.cache.read("action-refs", refKey); ok && isCommit(string(b)) {
			return string(b), nil
		}
		return "", nil
	}
	return a.refs.do(strings.ToLower(owner+"/"+repo)+"@"+ref, func() (string, error) {
		commit, err := a.c.resolveRef(ctx, owner, repo, ref)
		if err == nil {
			_ = a.cache.write("action-refs", refKey, []byte(commit))
		}
		return commit, err
	})
}

// setScanned records the repositories the organisation scan reads itself
// (owner/name), before any is scanned.
func (c *Client) setScanned(repos []*repoMeta) {
	m := make(map[string]bool, len(repos))
	for _, r := range repos {
		m[strings.ToLower(r.full())] = true
	}
	c.scanned = m
}

// inScan reports whether the organisation scan reads owner/name itself.
func (c *Client) inScan(name string) bool {
	return c.scanned[strings.ToLower(path.Clean(name))]
}
