package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/knowledge"
)

// rowCases are one step each for rows of knowledge/data: a step that gives
// secrets.PAT to an action, a gh command or a tool, and the permissions the
// plan must grant its job. Adding a row to knowledge/data adds a case here
// (CONTRIBUTING.md).
var rowCases = []struct {
	name string
	// step is the step's YAML without the leading "- ".
	step string
	// want is the job's permissions in the data files' form.
	want string
}{
	{"action korthout/backport-action", "uses: korthout/backport-action@v3\nwith:\n  github_token: ${{ secrets.PAT }}", "pull_requests:write"},
	{"action peter-evans/create-pull-request", "uses: peter-evans/create-pull-request@v7\nwith:\n  token: ${{ secrets.PAT }}", "contents:write,pull_requests:write"},
	{"action tspascoal/get-user-teams-membership", "uses: tspascoal/get-user-teams-membership@v3\nwith:\n  username: octocat\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "members:read"},
	{"gh pr merge --auto", "run: gh pr merge --auto --squash 12\nenv:\n  GH_TOKEN: ${{ secrets.PAT }}", "contents:write,pull_requests:write"},
	{"gh release create", "run: gh release create v1.2.3 --generate-notes\nenv:\n  GH_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"tool goreleaser", "run: goreleaser release --clean\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
}

func TestRowCases(t *testing.T) {
	for _, tc := range rowCases {
		t.Run(tc.name, func(t *testing.T) {
			want, err := knowledge.ParsePermissions(tc.want)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(tc.step, "\n")
			step := "      - " + strings.Join(lines, "\n        ")
			root := writeRepo(t, map[string]string{".github/workflows/case.yml": "on: push\njobs:\n  case:\n    runs-on: ubuntu-latest\n    steps:\n" + step + "\n"})
			var scan struct {
				Findings []struct {
					Credential string `json:"credential"`
					Kind       string `json:"kind"`
				} `json:"findings"`
			}
			out := runJSON(t, "scan", "--format", "json", root)
			if err := json.Unmarshal(out, &scan); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(out), "not in the knowledge base") {
				t.Errorf("scan does not know it:\n%s", out)
			}
			for _, f := range scan.Findings {
				if f.Credential == "secrets.PAT" && f.Kind != "pat" {
					t.Errorf("secrets.PAT is %s, want pat", f.Kind)
				}
			}
			j := planJob(t, root, "case", "secrets.PAT")
			if j.Decision == "manual_review" || knowledge.Permissions(j.Permissions).String() != want.String() {
				t.Errorf("decision %s, permissions %v; want %s", j.Decision, j.Permissions, want)
			}
		})
	}
}
