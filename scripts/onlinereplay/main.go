// Command onlinereplay serves repositories fetched to this machine as a
// fake GitHub API on loopback, so that `pat2app plan --online` can be tried
// on real repositories where the machine has no route to GitHub: the
// actions and reusable workflows a scan reads online are answered from
// local git mirrors, through the same fake the tests use
// (source/github/fakegithub).
//
// Usage:
//
//	onlinereplay -mirrors DIR < refs.txt
//
// Each line of refs.txt is OWNER/REPO@REF. The mirror of OWNER/REPO is the
// git directory DIR/OWNER+REPO/repo. Each repository is served as one
// commit: the tree of the first REF listed for it that the mirror holds
// (else its HEAD, which is said on stderr); every REF listed for it names
// that commit. It prints the API URL and the token to give pat2app
// (`--api-url URL`, GH_TOKEN), then serves until interrupted.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/pat2app/pat2app/source/github/fakegithub"
)

// maxFile is the largest file served; larger ones (bundles aside, mostly
// binaries) are left out.
const maxFile = 8 << 20

func main() {
	mirrors := flag.String("mirrors", "/work/.mirror", "folder of git mirrors named OWNER+REPO/repo")
	token := flag.String("token", "replay", "the token the fake accepts")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *mirrors, *token); err != nil {
		fmt.Fprintln(os.Stderr, "onlinereplay:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, mirrors, token string) error {
	refs := map[string][]string{} // owner/repo -> refs, in order
	var order []string
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		repo, ref, ok := strings.Cut(line, "@")
		if !ok || strings.Count(repo, "/") != 1 {
			continue
		}
		key := strings.ToLower(repo)
		if refs[key] == nil {
			order = append(order, repo)
		}
		refs[key] = append(refs[key], ref)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	orgs := map[string]*fakegithub.Org{}
	var orgList []*fakegithub.Org
	for _, repo := range order {
		owner, name, _ := strings.Cut(repo, "/")
		dir := filepath.Join(mirrors, owner+"+"+name, "repo")
		if _, err := os.Stat(dir); err != nil {
			fmt.Fprintf(os.Stderr, "%s: no mirror at %s, not served\n", repo, dir)
			continue
		}
		rs := refs[strings.ToLower(repo)]
		commit := ""
		for _, ref := range rs {
			if c, err := git(ctx, dir, "rev-parse", "--verify", "--quiet", ref+"^{commit}"); err == nil {
				commit = strings.TrimSpace(string(c))
				if ref != rs[0] {
					fmt.Fprintf(os.Stderr, "%s: %s not in the mirror, serving %s for every ref\n", repo, rs[0], ref)
				}
				break
			}
		}
		if commit == "" {
			c, err := git(ctx, dir, "rev-parse", "HEAD")
			if err != nil {
				return fmt.Errorf("%s: %w", repo, err)
			}
			commit = strings.TrimSpace(string(c))
			fmt.Fprintf(os.Stderr, "%s: none of %v in the mirror, serving HEAD %s\n", repo, rs, commit[:12])
		}
		files, err := treeFiles(ctx, dir, commit)
		if err != nil {
			return fmt.Errorf("%s: %w", repo, err)
		}
		o := orgs[strings.ToLower(owner)]
		if o == nil {
			o = &fakegithub.Org{Login: owner}
			orgs[strings.ToLower(owner)] = o
			orgList = append(orgList, o)
		}
		o.Repos = append(o.Repos, &fakegithub.Repo{Owner: owner, Name: name, Visibility: "public", Files: files, Tags: rs})
		fmt.Fprintf(os.Stderr, "%s@%s: %d files\n", repo, commit[:12], len(files))
	}
	srv := fakegithub.New(fakegithub.Config{Token: token, Orgs: orgList, RateLimit: 1 << 30})
	defer srv.Close()
	fmt.Printf("api-url %s\ntoken %s\n", srv.APIURL(), token)
	<-ctx.Done()
	return nil
}

// treeFiles reads every file of commit up to maxFile.
func treeFiles(ctx context.Context, dir, commit string) (map[string]string, error) {
	out, err := git(ctx, dir, "ls-tree", "-r", "-z", "-l", commit)
	if err != nil {
		return nil, err
	}
	files := map[string]string{}
	for _, ent := range bytes.Split(out, []byte{0}) {
		meta, path, ok := strings.Cut(string(ent), "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 4 || f[1] != "blob" {
			continue
		}
		var size int
		if _, err := fmt.Sscan(f[3], &size); err != nil || size > maxFile {
			continue
		}
		body, err := git(ctx, dir, "cat-file", "blob", f[2])
		if err != nil {
			return nil, err
		}
		files[path] = string(body)
	}
	return files, nil
}

func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"--git-dir", dir}, args...)...)
	cmd.Stderr = nil
	return cmd.Output()
}
