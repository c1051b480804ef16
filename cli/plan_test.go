package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const planTestInventory = `{
  "schema_version": 2,
  "complete": %s,
  "findings": [
    {"fingerprint": "f1", "repo": "acme/web", "file": ".github/workflows/release.yml", "job": "release",
     "credential": "secrets.RELEASE_PAT", "kind": "pat", "confidence": "high", "lines": [12],
     "uses": [], "unresolved": [], "cross_repo": false, "target_repos": [],
     "operations": [{"kind": "rest", "method": "POST", "path": "/repos/acme/web/pulls", "writes": true, "evidence": {"line": 12, "text": "curl"}}]},
    {"fingerprint": "f2", "repo": "acme/web", "file": ".github/workflows/triage.yml", "job": "label",
     "credential": "secrets.BOT_PAT", "kind": "pat", "confidence": "high", "lines": [8],
     "uses": [], "unresolved": [], "cross_repo": false, "target_repos": [],
     "operations": [{"kind": "rest", "method": "POST", "path": "/repos/acme/web/issues/1/labels", "writes": true, "evidence": {"line": 8, "text": "curl"}}]}
  ],
  "errors": %s
}`

func writeInventory(t *testing.T, complete bool) string {
	t.Helper()
	c, errs := "true", "[]"
	if !complete {
		c, errs = "false", `[{"repo": "acme/x", "file": "a.yml", "message": "unreadable"}]`
	}
	path := filepath.Join(t.TempDir(), "inv.json")
	data := strings.Replace(strings.Replace(planTestInventory, "%s", c, 1), "%s", errs, 1)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPlanInventoryJSON(t *testing.T) {
	stdio, _, _ := apiTestIO(nil)
	inv := writeInventory(t, true)
	code := Main(context.Background(), []string{"plan", "--config", filepath.Join(t.TempDir(), "none.yaml"), "--inventory", inv, "--format", "json"}, stdio)
	if code != ExitUsage {
		// --config pointing at a missing file is a usage error.
		t.Fatalf("missing --config: exit %d, want %d", code, ExitUsage)
	}
	stdio, out, errb := apiTestIO(nil)
	code = Main(context.Background(), []string{"plan", "--inventory", inv, "--format", "json"}, stdio)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var plan struct {
		SchemaVersion int `json:"schema_version"`
		Jobs          []struct {
			Fingerprint string            `json:"fingerprint"`
			Decision    string            `json:"decision"`
			Permissions map[string]string `json:"permissions"`
			App         string            `json:"app"`
		} `json:"jobs"`
		Apps []struct {
			Name string `json:"name"`
		} `json:"apps"`
	}
	if err := json.Unmarshal(out.Bytes(), &plan); err != nil {
		t.Fatalf("plan JSON: %v\n%s", err, out.String())
	}
	if plan.SchemaVersion != 2 || len(plan.Jobs) != 2 || len(plan.Apps) != 1 {
		t.Fatalf("plan = %+v", plan)
	}
	for _, j := range plan.Jobs {
		switch j.Fingerprint {
		case "f1":
			if j.Decision != "github_app" || j.App == "" || j.Permissions["pull_requests"] != "write" {
				t.Errorf("release job = %+v", j)
			}
		case "f2":
			if j.Decision != "github_token" || j.Permissions["issues"] != "write" {
				t.Errorf("label job = %+v", j)
			}
		}
	}
}

func TestPlanOutDir(t *testing.T) {
	stdio, out, errb := apiTestIO(nil)
	dir := filepath.Join(t.TempDir(), "plan")
	code := Main(context.Background(), []string{"plan", "--inventory", writeInventory(t, false), "--out", dir}, stdio)
	if code != ExitPartial {
		t.Fatalf("incomplete inventory: exit %d, want %d (%s)", code, ExitPartial, errb.String())
	}
	if out.Len() != 0 {
		t.Errorf("--out without --format printed to stdout: %q", out.String())
	}
	for _, name := range []string{"plan.json", "migration-plan.md", "permissions.xlsx", "apps/acme-triage-bot.manifest.json"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s not written: %v", name, err)
			continue
		}
		if len(data) == 0 {
			t.Errorf("%s is empty", name)
		}
	}
	var manifest map[string]any
	data, _ := os.ReadFile(filepath.Join(dir, "apps", "acme-triage-bot.manifest.json"))
	if err := json.Unmarshal(data, &manifest); err != nil || manifest["public"] != false {
		t.Errorf("manifest = %v (%v)", manifest, err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "migration-plan.md"))
	if !strings.Contains(string(md), "Results are partial") {
		t.Error("migration plan of an incomplete inventory does not say it is partial")
	}
}

func TestPlanUsage(t *testing.T) {
	for _, args := range [][]string{
		{"plan", "--format", "xml", "--inventory", "x.json"},
		{"plan", "--inventory", "does-not-exist.json"},
		{"plan", "--inventory", "x.json", "some/path"},
	} {
		stdio, _, _ := apiTestIO(nil)
		if code := Main(context.Background(), args, stdio); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}

func TestWebBaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                               "",
		"https://api.github.com":         "",
		"https://ghe.example.com/api/v3": "https://ghe.example.com",
		"http://127.0.0.1:8080/api/v3/":  "http://127.0.0.1:8080",
	} {
		if got := webBaseURL(in); got != want {
			t.Errorf("webBaseURL(%q) = %q, want %q", in, got, want)
		}
	}
}
