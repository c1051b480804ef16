package cli

import (
	"archive/zip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// plantedToken is a token of GitHub's classic format whose body starts
// with mark, so each planted position can be told apart in a failure.
func plantedToken(mark string) string {
	body := mark + strings.Repeat("Zq7", 12)
	return "ghp_" + body[:36]
}

// Tokens planted as identifiers and paths: places the scanner reads as
// names, not as values, so no finding's evidence redacts them.
var (
	tokRepo     = plantedToken("Repo")
	tokFile     = plantedToken("File")
	tokJob      = plantedToken("Job")
	tokStep     = plantedToken("Step")
	tokURL      = plantedToken("Url")
	tokRepoIn   = plantedToken("RepoInput")
	tokRequest  = plantedToken("Request")
	tokAPIPath  = plantedToken("GhApi")
	tokEvidence = plantedToken("Evidence")
	tokFine     = "github_pat_11PLANTED0000000000000_" + strings.Repeat("Fg4", 19) + "xx"
)

// plantedKeyBody is the body of a private key committed in a workflow.
var plantedKeyBody = []string{
	"MIIEpAIBAAKCAQEAplantedKEYline1AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	"plantedKEYline2BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
	"plantedKEYline3CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC=",
}

// identifierTokens are the tokens used as names.
var identifierTokens = []string{tokRepo, tokFile, tokJob, tokStep, tokURL, tokRepoIn, tokRequest, tokAPIPath}

// plantedWorkflow uses the tokens as a job id, a step id, URL path
// segments, a repository: input and a github.request path, commits a
// private key next to a line fix rewrites, and (in another job) literal
// tokens in a script.
func plantedWorkflow() string {
	return `name: release
on: push
jobs:
  ` + tokJob + `:
    runs-on: ubuntu-latest
    env:
      SIGNING_KEY: |
        -----BEGIN RSA PRIVATE KEY-----
        ` + strings.Join(plantedKeyBody, "\n        ") + `
        -----END RSA PRIVATE KEY-----
    steps:
      - id: ` + tokStep + `
        uses: actions/checkout@v4
        with:
          repository: acme/` + tokRepoIn + `
          token: ${{ secrets.GH_PAT }}
      - run: |
          curl -X POST -H "Authorization: token ${{ secrets.GH_PAT }}" https://api.github.com/repos/acme/` + tokURL + `/issues -d '{}'
          gh api -X POST repos/acme/` + tokAPIPath + `/labels -f name=x
        env:
          GH_TOKEN: ${{ secrets.GH_PAT }}
      - uses: actions/github-script@v7
        with:
          github-token: ${{ secrets.GH_PAT }}
          script: |
            await github.request('POST /repos/acme/` + tokRequest + `/dispatches', {event_type: 'x'})
  leaky:
    runs-on: ubuntu-latest
    steps:
      - run: echo ` + tokEvidence + ` ` + tokFine + `
        env:
          KEY: "-----BEGIN PRIVATE KEY-----\n` + strings.Join(plantedKeyBody, "\\n") + `\n-----END PRIVATE KEY-----"
`
}

// plantedRoot writes a folder of one checkout, acme__<token>, holding the
// planted workflow under a file name that is a token.
func plantedRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	p := filepath.Join(root, "acme__"+tokRepo, ".github", "workflows", tokFile+".yml")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(plantedWorkflow()), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// collected is everything a run left behind, by where it was found.
type collected map[string]string

// addFiles adds every file under dir; a zip archive (the workbook) is
// added part by part, uncompressed.
func (c collected) addFiles(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".xlsx") {
			zr, err := zip.NewReader(strings.NewReader(string(data)), int64(len(data)))
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			for _, f := range zr.File {
				rc, err := f.Open()
				if err != nil {
					return err
				}
				part, err := io.ReadAll(rc)
				rc.Close()
				if err != nil {
					return err
				}
				c[p+"!"+f.Name] = string(part)
			}
			return nil
		}
		c[p] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (c collected) run(t *testing.T, env map[string]string, args ...string) cliResult {
	t.Helper()
	r := runCLI(t, env, args...)
	name := strings.Join(args, " ")
	c[name+" (stdout)"] = r.stdout
	c[name+" (stderr)"] = r.stderr
	return r
}

// leaks reports each secret (a token, or a line of the key body) found in
// any collected text.
func (c collected) leaks(secrets []string) []string {
	var out []string
	for where, text := range c {
		for _, s := range secrets {
			// A token's first 16 characters are enough to use it.
			needle := s
			if len(needle) > 20 {
				needle = needle[4:20]
			}
			if strings.Contains(text, needle) {
				out = append(out, fmt.Sprintf("%s holds %s", where, s))
			}
		}
	}
	return out
}

// A literal token used as a job id, step id, URL path segment,
// repository name, repository: input or github.request path is printed by
// no output: scan's table, JSON and SARIF, plan's Markdown, JSON and
// workbook, check's annotations and fix's diff and messages.
func TestTokensInIdentifiersAreRedacted(t *testing.T) {
	root := plantedRoot(t)
	out := t.TempDir()
	c := collected{}
	for _, format := range []string{"table", "json", "sarif"} {
		c.run(t, nil, "scan", "--format", format, root)
	}
	c.run(t, nil, "plan", "--format", "markdown", root)
	c.run(t, nil, "plan", "--format", "json", root)
	c.run(t, nil, "plan", "--out", out, root)
	c.run(t, map[string]string{"GITHUB_ACTIONS": "true"}, "check", "--format", "github", filepath.Join(root, "acme__"+tokRepo))
	c.run(t, nil, "fix", root)
	c.addFiles(t, out)
	if _, ok := c[filepath.Join(out, "permissions.xlsx")+"!xl/worksheets/sheet2.xml"]; !ok {
		t.Fatalf("plan --out wrote no workbook: %v", c["plan --out "+out+" "+root+" (stderr)"])
	}
	// The run found the job (so the names were read, not skipped).
	if !strings.Contains(c["scan --format json "+root+" (stdout)"], `"kind": "pat"`) &&
		!strings.Contains(c["scan --format json "+root+" (stdout)"], `"kind":"pat"`) {
		t.Fatalf("the scan found no PAT:\n%s", c["scan --format json "+root+" (stdout)"])
	}
	if !strings.Contains(c["fix "+root+" (stdout)"], "+++ b/") {
		t.Fatalf("fix rewrote nothing:\n%s", c["fix "+root+" (stderr)"])
	}
	for _, l := range c.leaks(identifierTokens) {
		t.Error(l)
	}
}

// Key and token material planted in every input position (flags, the
// environment, files, identifiers, paths) is found in no output, no file
// written and no error message of the local scan, plan, check, baseline
// and fix commands.
func TestPlantedSecretsReachNoOutput(t *testing.T) {
	root := plantedRoot(t)
	checkout := filepath.Join(root, "acme__"+tokRepo)
	tokFlag := plantedToken("Flag")
	tokEnv := plantedToken("EnvPath")
	tokConfig := plantedToken("Config")
	tokAPI := plantedToken("ApiUrl")
	keyFlag := "-----BEGIN RSA PRIVATE KEY-----\n" + strings.Join(plantedKeyBody, "\n") + "\n-----END RSA PRIVATE KEY-----\n"
	cfg := filepath.Join(checkout, ".pat2app.yaml")
	if err := os.WriteFile(cfg, []byte("allowlist:\n  - {repo: acme/other, credential: secrets.X, until: 2099-01-31, reason: \"ticket "+tokConfig+"\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	outs := t.TempDir()
	out := filepath.Join(outs, "plan-"+tokFlag)
	summary := filepath.Join(outs, "summary-"+tokEnv+".md")
	env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary, "GH_TOKEN": tokEnv, "GITHUB_TOKEN": tokEnv}
	missing := filepath.Join(outs, "missing-"+tokFlag)
	apiURL := "https://x-access-token:" + tokAPI + "@ghe.example.com/api/v3"
	c := collected{}
	c.run(t, env, "scan", "--format", "table", root)
	c.run(t, env, "scan", "--format", "json", "-o", filepath.Join(outs, "inv-"+tokFlag+".json"), root)
	c.run(t, env, "scan", "--format", "sarif", "-o", filepath.Join(outs, "scan.sarif"), root)
	c.run(t, env, "plan", "--api-url", apiURL, "--out", out, root)
	c.run(t, env, "plan", "--format", "markdown", root)
	c.run(t, env, "plan", "--inventory", filepath.Join(outs, "inv-"+tokFlag+".json"), "--format", "json")
	c.run(t, env, "plan", "--annotations", missing, root)
	c.run(t, env, "plan", "--inventory", missing)
	c.run(t, env, "scan", "--config", missing, root)
	c.run(t, env, "scan", "--app-private-key", keyFlag, root)
	c.run(t, env, "scan", missing)
	c.run(t, env, "scan", "--format", tokFlag, root)
	c.run(t, env, "baseline", "-o", filepath.Join(outs, "baseline.json"), "--reason", "accepted "+tokFlag, checkout)
	c.run(t, env, "check", "--baseline", filepath.Join(outs, "baseline.json"), "--sarif", filepath.Join(outs, "check.sarif"), checkout)
	c.run(t, env, "check", "--format", "text", "--baseline", missing, checkout)
	c.run(t, env, "check", "--format", "github", checkout)
	c.run(t, env, "fix", root)
	c.run(t, env, "fix", "--write", root)
	c.run(t, env, "fix", missing)
	c.addFiles(t, outs)
	if len(c) < 40 {
		t.Fatalf("only %d outputs collected", len(c))
	}
	secrets := append([]string{tokEvidence, tokFine, tokFlag, tokEnv, tokConfig, tokAPI}, identifierTokens...)
	secrets = append(secrets, plantedKeyBody...)
	for _, l := range c.leaks(secrets) {
		t.Error(l)
	}
}

// fix --diff prints a private key committed next to an edited line no
// more than it prints a token: its body lines are redacted even when its
// BEGIN line is outside the hunk, and the diff keeps its line count.
func TestFixDiffRedactsPrivateKeys(t *testing.T) {
	dir := t.TempDir()
	wf := `name: release
on: push
jobs:
  release:
    runs-on: ubuntu-latest
    env:
      DEPLOY_KEY: |
        -----BEGIN OPENSSH PRIVATE KEY-----
        ` + strings.Join(plantedKeyBody, "\n        ") + `
        ` + strings.Join(plantedKeyBody, "\n        ") + `
        -----END OPENSSH PRIVATE KEY-----
    steps:
      - uses: peter-evans/create-pull-request@v7
        with:
          token: ${{ secrets.GH_PAT }}
`
	p := filepath.Join(dir, ".github", "workflows", "release.yml")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(wf), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, "fix", "--diff", dir)
	if r.code != ExitOK || !strings.Contains(r.stdout, "+++ b/.github/workflows/release.yml") {
		t.Fatalf("exit %d, no diff:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, "BEGIN OPENSSH") {
		t.Fatalf("the BEGIN line should be outside the hunk for this test:\n%s", r.stdout)
	}
	for _, l := range (collected{"diff": r.stdout}).leaks(plantedKeyBody) {
		t.Errorf("%s:\n%s", l, r.stdout)
	}
	if !strings.Contains(r.stdout, "\n         ****\n") {
		t.Errorf("the key's lines should show as redacted context:\n%s", r.stdout)
	}
}
