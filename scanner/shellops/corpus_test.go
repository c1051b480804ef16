package shellops

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// corpusRun is one run: step of a corpus workflow, prepared the way the
// workflow scanner prepares it.
type corpusRun struct {
	file  string
	input Input
}

// credExpr matches the expressions the corpus test treats as credentials:
// a secret, github.token, a step output or an input named token. (The workflow
// scanner decides this for real; the test only needs a stand-in.)
var credExpr = regexp.MustCompile(`^(secrets\.[A-Za-z0-9_-]+|github\.token|steps\.[A-Za-z0-9_-]+\.outputs\.[A-Za-z0-9_-]*token|inputs\.[A-Za-z0-9_-]*token)$`)

func exprCreds(s string) []string {
	var out []string
	rest := s
	for {
		i := strings.Index(rest, "${{")
		if i < 0 {
			break
		}
		end := strings.Index(rest[i:], "}}")
		if end < 0 {
			break
		}
		e := strings.TrimSpace(rest[i+3 : i+end])
		for _, alt := range strings.Split(e, "||") {
			if alt = strings.TrimSpace(alt); credExpr.MatchString(alt) {
				out = append(out, alt)
			}
		}
		rest = rest[i+end+2:]
	}
	return out
}

func mapping(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func envCreds(n *yaml.Node, into map[string][]string) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if cs := exprCreds(n.Content[i+1].Value); len(cs) > 0 {
			into[n.Content[i].Value] = cs
		} else {
			delete(into, n.Content[i].Value)
		}
	}
}

func loadCorpus(t testing.TB) []corpusRun {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "workflows")
	files, _ := filepath.Glob(filepath.Join(dir, "*.y*ml"))
	if len(files) == 0 {
		t.Skip("../shared/corpus/workflows is absent (it is only in the development workspace)")
	}
	sort.Strings(files)
	var runs []corpusRun
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		root := doc.Content[0]
		base := filepath.Base(f)
		wfEnv := map[string][]string{}
		envCreds(mapping(root, "env"), wfEnv)
		var steps []*yaml.Node
		var stepEnvBase []map[string][]string
		jobs := mapping(root, "jobs")
		if jobs != nil {
			for i := 1; i < len(jobs.Content); i += 2 {
				job := jobs.Content[i]
				jobEnv := map[string][]string{}
				for k, v := range wfEnv {
					jobEnv[k] = v
				}
				envCreds(mapping(job, "env"), jobEnv)
				if s := mapping(job, "steps"); s != nil {
					for _, st := range s.Content {
						steps = append(steps, st)
						stepEnvBase = append(stepEnvBase, jobEnv)
					}
				}
			}
		}
		if runsNode := mapping(root, "runs"); runsNode != nil { // composite action
			if s := mapping(runsNode, "steps"); s != nil {
				for _, st := range s.Content {
					steps = append(steps, st)
					stepEnvBase = append(stepEnvBase, map[string][]string{})
				}
			}
		}
		for i, st := range steps {
			run := mapping(st, "run")
			if run == nil {
				continue
			}
			cred := map[string][]string{}
			for k, v := range stepEnvBase[i] {
				cred[k] = v
			}
			envCreds(mapping(st, "env"), cred)
			exprs := map[string][]string{}
			for _, e := range exprCreds(run.Value) {
				exprs[e] = []string{e}
			}
			start := run.Line
			if run.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				start++
			}
			shell := ""
			if sh := mapping(st, "shell"); sh != nil {
				shell = sh.Value
			}
			var implicit []string
			for _, n := range ghTokenVars() {
				implicit = append(implicit, cred[n]...)
			}
			runs = append(runs, corpusRun{file: base, input: Input{
				Script: run.Value, Shell: shell, StartLine: start, Cred: cred, Exprs: exprs,
				ImplicitGH: implicit, Repo: "{owner}/{repo}",
			}})
		}
	}
	return runs
}

// TestCorpus runs every run: step of the shared corpus through Analyze:
// none may fail to parse, every script that names a credential expression
// directly must produce a use or an env write, and the patterns listed
// below must be found.
func TestCorpus(t *testing.T) {
	runs := loadCorpus(t)
	got := map[string][]string{}
	for _, r := range runs {
		res := Analyze(r.input)
		if res.ParseError != nil && shellKind(r.input.Shell) != "" {
			t.Errorf("%s line %d: %v", r.file, r.input.StartLine, res.ParseError)
		}
		if len(r.input.Exprs) > 0 && len(res.Uses) == 0 && len(res.EnvWrites) == 0 {
			t.Errorf("%s line %d: script names %v but nothing was reported", r.file, r.input.StartLine, sortedKeys(r.input.Exprs))
		}
		for _, u := range res.Uses {
			got[r.file] = append(got[r.file], fmtUse(u))
			if strings.Contains(u.Evidence, "\n") {
				t.Errorf("%s: multi-line evidence %q", r.file, u.Evidence)
			}
		}
		for _, w := range res.EnvWrites {
			if len(w.Credentials) > 0 {
				got[r.file] = append(got[r.file], "env "+w.Name+" "+strings.Join(w.Credentials, ","))
			}
		}
	}
	want := map[string][]string{
		"microsoft__TypeScript__ensure-related-repos-run-crons.yml": {
			"33 git secrets.TS_BOT_GITHUB_TOKEN via=url host=github.com gh=+1 op=git:GIT:push@microsoft/TypeScript-Website",
			"44 git secrets.TS_BOT_GITHUB_TOKEN via=url host=github.com gh=+1 op=git:GIT:push@microsoft/TypeScript-Make-Monaco-Builds",
		},
		"hashicorp__consul__backport-assistant.yml": {
			"26 backport-assistant secrets.ELEVATED_GITHUB_TOKEN via=env host=api.github.com gh=+1",
			"40 curl secrets.PR_COMMENT_TOKEN via=header host=api.github.com gh=+1 op=rest:POST:/repos/{owner}/{repo}/pull/{github.event.pull_request.number}/comments",
		},
		"flutter__flutter__easy-cp.yml": {
			"24 gh secrets.FLUTTERACTIONSBOT_CP_TOKEN via=env host=api.github.com gh=+1 args=[pr edit {github.event.pull_request.number} --remove-label cp: beta]",
			"26 gh secrets.FLUTTERACTIONSBOT_CP_TOKEN via=env host=api.github.com gh=+1 args=[pr comment {github.event.pull_request.number} -R flutter/flutter",
			"72 git secrets.FLUTTERACTIONSBOT_CP_TOKEN via=url host=github.com gh=+1 op=git:GIT:push@flutteractionsbot/flutter",
			"75 gh secrets.FLUTTERACTIONSBOT_CP_TOKEN via=env host=api.github.com gh=+1 args=[pr create",
		},
		"charmbracelet__meta__goreleaser.yml": {
			"93 git secrets.gh_pat via=git-config host=github.com gh=+1",
			"94 git secrets.gh_pat via=git-config host=github.com gh=+1",
		},
		"yargs__yargs__release-please.yml": {
			"31 git secrets.GITHUB_TOKEN via=url host=github.com gh=+1 repos=yargs/yargs",
			"46 npm secrets.NPM_TOKEN via=env host=registry.npmjs.org gh=-1",
		},
		"ByteMe-UK__ml-sentiment-analyzer__sync_to_hf.yml": {
			"git secrets.HFTOKEN via=url host=huggingface.co gh=-1",
		},
		"Homebrew__brew__sponsors-maintainers-man-completions.yml": {
			"gh secrets.HOMEBREW_GITHUB_PUBLIC_REPO_TOKEN via=env host=api.github.com gh=+1 args=[pr view --json=state]",
			"brew update-sponsors secrets.HOMEBREW_BREW_UPDATE_SPONSORS_MAINTAINERS_TOKEN via=env host=api.github.com gh=+1 unresolved",
			"gh secrets.HOMEBREW_GITHUB_PUBLIC_REPO_TOKEN via=env host=api.github.com gh=+1 args=[pr create --fill]",
		},
		"ohmyzsh__ohmyzsh__project.yml": {
			"env GH_TOKEN steps.generate-token.outputs.token",
		},
		"home-assistant__actions__git-init__action.yml": {
			"26 git inputs.token via=git-config host=github.com gh=+1",
		},
		"tauri-apps__tauri__covector-version-or-publish.yml": {
			"cargo secrets.crate_token via=arg host=crates.io gh=-1",
		},
		"github__docs__alert-changed-branch-protections.yml": {
			"gh secrets.DOCS_BOT_PAT_WORKFLOW via=env host=api.github.com gh=+1 args=[api /repos/GitHub/docs-internal/branches/{matrix.branch}/protection] repos=GitHub/docs-internal",
		},
		"pytorch__pytorch__trymerge.yml": {
			".github/scripts/trymerge.py secrets.MERGEBOT_TOKEN via=env gh=+0",
		},
		"integrations__terraform-provider-github__copy-secrets-to-environment.yml": {
			"python3 secrets.GITHUB_TOKEN via=env gh=+0",
		},
	}
	for file, wants := range want {
		for _, w := range wants {
			found := false
			for _, g := range got[file] {
				if strings.Contains(g, w) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("%s: missing %q\n  got: %s", file, w, strings.Join(got[file], "\n       "))
			}
		}
	}
	if testing.Verbose() {
		for _, f := range sortedKeys(got) {
			t.Logf("%s:\n  %s", f, strings.Join(got[f], "\n  "))
		}
	}
}
