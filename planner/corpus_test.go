package planner

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/internal/golden"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/scanner"
)

// demoOrg is the demo organisation's folder of checkouts.
const demoOrg = "../testdata/demo-org"

// corpusDir and corpus2Dir are the shared labelled sets, absent in a
// user's clone.
const (
	corpusDir  = "../../shared/corpus/workflows"
	corpus2Dir = "../../shared/corpus2/repos"
)

func scanForTest(t *testing.T, paths []string, cfg *config.Config) *inventory.Inventory {
	t.Helper()
	inv, err := scanner.New(scanner.Options{Config: cfg}).ScanPaths(context.Background(), paths)
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	return inv
}

func demoConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, err := config.Load(filepath.Join(demoOrg, config.FileName), true)
	if err != nil {
		t.Fatalf("demo config: %v", err)
	}
	return cfg
}

// TestEvidenceDemoOrg checks every permission of every job of the demo
// organisation's plan is justified by at least one evidence line.
func TestEvidenceDemoOrg(t *testing.T) {
	if _, err := os.Stat(demoOrg); err != nil {
		t.Skipf("demo organisation not present (%v)", err)
	}
	cfg := demoConfig(t)
	p, err := Build(context.Background(), scanForTest(t, []string{demoOrg}, cfg), Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Jobs) == 0 {
		t.Fatal("demo organisation planned no jobs")
	}
	checkEvidence(t, p)
	checkPlanInvariants(t, p)
}

// TestDecidedJobsCoverTheirWritesCorpora is the safety rule over the real
// workflows of both labelled sets: every job with a decision grants what
// each write of its finding needs, and none has an unresolved part left.
func TestDecidedJobsCoverTheirWritesCorpora(t *testing.T) {
	sets := map[string][]string{}
	if files, _ := filepath.Glob(filepath.Join(corpusDir, "*.y*ml")); len(files) > 0 {
		sets["corpus"] = files
	}
	if repos, _ := filepath.Glob(filepath.Join(corpus2Dir, "*")); len(repos) > 0 {
		sets["corpus2"] = repos
	}
	if len(sets) == 0 {
		t.Skipf("shared corpora not present at %s and %s (they are not part of the project's clone)", corpusDir, corpus2Dir)
	}
	if _, err := os.Stat(demoOrg); err == nil {
		sets["demo"] = []string{demoOrg}
	}
	for name, paths := range sets {
		t.Run(name, func(t *testing.T) {
			sort.Strings(paths)
			inv := scanForTest(t, paths, nil)
			p, err := Build(context.Background(), inv, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if n := checkWritesCovered(t, inv, p, nil); n == 0 {
				t.Fatal("no decided job with a write: the check checked nothing")
			}
		})
	}
}

// checkWritesCovered checks the safety rule on a plan: a job with a
// decision other than manual_review has no unresolved part left and grants
// at least what each write operation of its finding needs. It returns how
// many writes it checked.
func checkWritesCovered(t *testing.T, inv *inventory.Inventory, p *Plan, cfg *config.Config) int {
	t.Helper()
	byFP := map[string]*inventory.Finding{}
	for i := range inv.Findings {
		byFP[inv.Findings[i].Fingerprint] = &inv.Findings[i]
	}
	pl := &planner{cfg: cfg, vis: newVisibility(inv, cfg)}
	checked := 0
	for _, j := range p.Jobs {
		f := byFP[j.Fingerprint]
		if f == nil || j.Decision == DecisionManualReview || j.Kind == inventory.KindAppToken && oneSecret(j.Credential) {
			continue // an App key's permissions are its token's
		}
		ops, answered := pl.opsFromUses(f)
		if slices.Contains(j.Reasons, reasonFallbackRuns) || slices.Contains(j.Reasons, reasonKeepDeclaredBlock) || slices.Contains(j.Reasons, reasonKeepDefaultPerms) || slices.Contains(j.Reasons, reasonAppKeptUnread) {
			// Decided on what a fork's run shows, on the block the job
			// declares, or on the App it already uses, unread parts and
			// all: the job's permissions must then be left as they are.
			if j.PermissionsBlock != "" {
				t.Errorf("%s %s/%s %s: decided on GITHUB_TOKEN as it runs today, but narrows it: %q", j.Repo, j.File, j.Job, j.Credential, j.PermissionsBlock)
			}
			continue
		}
		for _, u := range f.Unresolved {
			if _, ok := pl.commandNeeds(u); !ok && !answered[placeOf(u.Evidence)] {
				t.Errorf("%s %s/%s %s: decided %s with an unresolved part: %s", j.Repo, j.File, j.Job, j.Credential, j.Decision, u.Evidence.String())
			}
		}
		fc := &findingContext{items: newItemContext(f)}
		for _, op := range ops {
			if !op.Writes {
				continue
			}
			checked++
			r := pl.analyzeOp(fc, op)
			if len(r.needs) == 0 && r.review == "" {
				t.Errorf("%s %s/%s %s: the write %s needs no permission", j.Repo, j.File, j.Job, j.Credential, op.Evidence.String())
			}
			for _, n := range r.needs {
				if knowledge.AccessRank(j.Permissions[n.perm]) < knowledge.AccessRank(n.access) && !(n.perm == "metadata" && len(j.Permissions) > 0) {
					t.Errorf("%s %s/%s %s: decided %s with %v, but %s needs %s:%s", j.Repo, j.File, j.Job, j.Credential, j.Decision, j.Permissions, op.Evidence.String(), n.perm, n.access)
				}
			}
		}
	}
	return checked
}

// TestEvidenceCorpus checks the same over the shared labelled corpus.
func TestEvidenceCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.y*ml"))
	if len(files) == 0 {
		t.Skipf("shared corpus not present at %s (it is not part of the project's clone)", corpusDir)
	}
	sort.Strings(files)
	p, err := Build(context.Background(), scanForTest(t, files, nil), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Jobs) == 0 {
		t.Fatal("corpus planned no jobs")
	}
	checkEvidence(t, p)
	checkPlanInvariants(t, p)
}

// checkPlanInvariants checks what every plan must hold: decisions carry
// what they promise, and every github_app job has an App.
func checkPlanInvariants(t *testing.T, p *Plan) {
	t.Helper()
	apps := map[string]bool{}
	for _, a := range p.Apps {
		apps[a.Name] = true
		if len(a.Jobs) == 0 {
			t.Errorf("App %s has no jobs", a.Name)
		}
	}
	for _, j := range p.Jobs {
		switch j.Decision {
		case DecisionGitHubToken:
			if j.PermissionsBlock == "" && !slices.Contains(j.Reasons, reasonFallbackRuns) && !slices.Contains(j.Reasons, reasonKeepDeclaredBlock) && !slices.Contains(j.Reasons, reasonKeepDefaultPerms) || !j.GitHubTokenSuffices {
				t.Errorf("%s/%s: github_token without block or suffices", j.File, j.Job)
			}
		case DecisionGitHubApp:
			switch {
			case !inRollout(&j, p.Harden):
				if j.App != "" || j.Snippet != "" {
					t.Errorf("%s/%s: %s job outside the rollout has App %q", j.File, j.Job, j.Part, j.App)
				}
			case len(j.Calls) > 0:
				if j.Snippet != "" || len(j.Replace) > 0 {
					t.Errorf("%s/%s: a job that calls a workflow has a token step or replacements of its own", j.File, j.Job)
				}
			case j.Kind != "app_token" && len(j.Permissions) > 0 && (!apps[j.App] || j.Snippet == ""):
				t.Errorf("%s/%s: github_app without App %q or snippet", j.File, j.Job, j.App)
			}
		case DecisionManualReview:
			if len(j.Review) == 0 {
				t.Errorf("%s/%s: manual_review without review items", j.File, j.Job)
			}
		case DecisionNotSupported:
			if j.Fallback == "" {
				t.Errorf("%s/%s: not_supported without fallback", j.File, j.Job)
			}
		case DecisionRemoveReference:
			if len(j.Permissions) > 0 || len(j.Review) > 0 {
				t.Errorf("%s/%s: remove_reference with permissions %v or review %v", j.File, j.Job, j.Permissions, j.Review)
			}
		default:
			t.Errorf("%s/%s: decision %q", j.File, j.Job, j.Decision)
		}
		if len(j.Reasons) == 0 {
			t.Errorf("%s/%s: no reasons", j.File, j.Job)
		}
		if j.Part != PartOf(j.Kind) {
			t.Errorf("%s/%s: %s credential in the %s part", j.File, j.Job, j.Kind, j.Part)
		}
	}
	for _, s := range p.Slices {
		for _, fp := range s.Jobs {
			for _, j := range p.Jobs {
				if j.Fingerprint == fp && !inRollout(&j, p.Harden) {
					t.Errorf("slice %s holds %s job %s/%s, which is not in the rollout", s.Name, j.Part, j.File, j.Job)
				}
			}
		}
	}
}

// TestGoldenDemoOrg compares plan.json of the demo organisation with
// testdata/demo-org.plan.json (go test ./planner -run GoldenDemo -update).
func TestGoldenDemoOrg(t *testing.T) {
	if _, err := os.Stat(demoOrg); err != nil {
		t.Skipf("demo organisation not present (%v)", err)
	}
	cfg := demoConfig(t)
	p, err := Build(context.Background(), scanForTest(t, []string{demoOrg}, cfg), Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, p); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "demo-org.plan.json"), buf.Bytes())
	// The plan reads back unchanged.
	back, err := ReadJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := WriteJSON(&again, back); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("plan.json does not survive a read/write round trip")
	}
}

// FuzzReadJSON feeds arbitrary bytes to the plan reader: it must return a
// plan or an error, never panic, and what it returns must write back.
func FuzzReadJSON(f *testing.F) {
	f.Add([]byte(`{"schema_version":1,"jobs":[{"fingerprint":"a","permissions":{"contents":"read"}}]}`))
	f.Add([]byte(`{"schema_version":2}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteJSON(&buf, p); err != nil {
			t.Fatalf("write back: %v", err)
		}
	})
}
