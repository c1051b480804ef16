package knowledge

import (
	"strings"
	"testing"
)

func TestGhawTables(t *testing.T) {
	for _, r := range ghawSafeOutputTable {
		if _, err := ParsePermissions(r.permissions); err != nil {
			t.Errorf("ghaw-safe-outputs.tsv %s: %v", r.typ, err)
		}
	}
	for _, r := range ghawToolsetTable {
		for _, p := range []string{r.read, r.write} {
			if _, err := ParsePermissions(p); err != nil {
				t.Errorf("ghaw-toolsets.tsv %s: %v", r.toolset, err)
			}
		}
		for _, inc := range r.includes {
			if _, _, _, ok := GhawToolset(inc); !ok {
				t.Errorf("ghaw-toolsets.tsv %s includes %s, which has no row", r.toolset, inc)
			}
		}
	}
	for _, r := range ghawEngineTable {
		if _, ok := Tool(r.tool); !ok {
			t.Errorf("ghaw-engines.tsv %s: tool %s is not in tools.tsv", r.engine, r.tool)
		}
	}
	for _, r := range ghawRuntimeTable {
		if r.does != "runs" {
			continue
		}
		if _, ok := GhawScript(r.path); !ok || r.path == r.script {
			t.Errorf("ghaw-runtime.tsv %s runs %s, which has no row of its own", r.script, r.path)
		}
	}
	for _, r := range ghawSafeOutputTable {
		if _, ok := GhawScript(r.script); !ok && r.typ != "noop" && r.typ != "missing_data" && r.typ != "comment_memory" {
			t.Logf("ghaw-safe-outputs.tsv %s: handler %s has no ghaw-runtime.tsv row", r.typ, r.script)
		}
	}
}

func TestGhawLookups(t *testing.T) {
	tests := []struct {
		name string
		got  func() (string, bool)
		want string
		ok   bool
	}{
		{"add_labels", func() (string, bool) { _, p, ok := GhawSafeOutput("add_labels"); return p.String(), ok }, "issues:write,pull_requests:write", true},
		{"set_issue_type", func() (string, bool) { _, p, ok := GhawSafeOutput("set_issue_type"); return p.String(), ok }, "issues:write", true},
		{"noop", func() (string, bool) { _, p, ok := GhawSafeOutput("noop"); return p.String(), ok }, "", true},
		{"unknown type", func() (string, bool) { _, p, ok := GhawSafeOutput("push_to_nowhere"); return p.String(), ok }, "", false},
		{"issues read", func() (string, bool) { r, _, _, ok := GhawToolset("issues"); return r.String(), ok }, "issues:read", true},
		{"repos write", func() (string, bool) { _, w, _, ok := GhawToolset("Repos"); return w.String(), ok }, "contents:write", true},
		{"search", func() (string, bool) { r, _, _, ok := GhawToolset("search"); return r.String(), ok }, "", true},
		{"unknown toolset", func() (string, bool) { r, _, _, ok := GhawToolset("all"); return r.String(), ok }, "", false},
		{"copilot engine", func() (string, bool) { e, tool, ok := GhawEngine("copilot"); return e + " " + tool, ok }, "COPILOT_GITHUB_TOKEN copilot", true},
		{"claude engine", func() (string, bool) { e, tool, ok := GhawEngine("claude"); return e + tool, ok }, "", false},
		{"runtime script", func() (string, bool) {
			c, ok := GhawScript("add_labels.cjs")
			if !ok || len(c) == 0 {
				return "", ok
			}
			return c[0].Method + " " + c[0].Path, ok
		}, "POST /repos/{owner}/{repo}/issues/{issue_number}/labels", true},
		{"script read at a later gh-aw commit", func() (string, bool) { return ghawCalls("report_failed_jobs.cjs") }, "client rest POST /repos/{owner}/{repo}/issues gh-aw@cbbf98e", true},
		{"script that only checks its token", func() (string, bool) { return ghawCalls("check_oauth_tokens.sh") }, "env none gh-aw@cbbf98e", true},
		{"script that runs another", func() (string, bool) { return ghawCalls("process_safe_outputs.cjs") }, "client runs safe_output_handler_manager.cjs gh-aw@cbbf98e", true},
		{"script read at v0.72.0 by hand", func() (string, bool) { return ghawCalls("validate_multi_secret.sh") }, "env none v0.72.0", true},
		{"unknown script", func() (string, bool) { c, ok := GhawScript("nope.cjs"); return "", ok || len(c) > 0 }, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.got()
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %q %v, want %q %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// ghawCalls is the last row of a script as "via does method path
// release" (empty cells left out), each row agreeing on the release.
func ghawCalls(name string) (string, bool) {
	c, ok := GhawScript(name)
	if !ok || len(c) == 0 {
		return "", ok
	}
	last := c[len(c)-1]
	for _, x := range c {
		if x.Release != last.Release {
			return "rows of mixed releases", ok
		}
	}
	return strings.Join(strings.Fields(strings.Join([]string{last.Via, last.Does, last.Method, last.Path, last.Release}, " ")), " "), ok
}
