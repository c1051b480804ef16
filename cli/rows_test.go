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
	{"tool semantic-release", "run: npx semantic-release\nenv:\n  GH_TOKEN: ${{ secrets.PAT }}", "contents:write,issues:write,pull_requests:write"},
	{"tool release-it", "run: npx release-it --ci\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"tool lerna version", "run: npx lerna version --create-release github --yes\nenv:\n  GH_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"tool changeset version", "run: npx changeset version\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:read,pull_requests:read"},
	{"tool release-please release-pr", "run: npx release-please release-pr --repo-url acme/demo\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write,pull_requests:write"},
	{"tool release-plz release-pr", "run: release-plz release-pr\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write,pull_requests:write"},
	{"tool release-plz release", "run: release-plz release\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"tool dist host", "run: dist host --steps=create --steps=upload\nenv:\n  GH_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"tool dist build", "run: dist build --artifacts=global\nenv:\n  GH_TOKEN: ${{ secrets.PAT }}", "metadata:read"},
	{"tool renovate", "run: npx renovate\nenv:\n  RENOVATE_TOKEN: ${{ secrets.PAT }}", "checks:read,contents:write,issues:write,pull_requests:write,statuses:read,workflows:write"},
	{"tool danger", "run: npx danger ci\nenv:\n  DANGER_GITHUB_API_TOKEN: ${{ secrets.PAT }}", "pull_requests:write,statuses:write"},
	{"tool reviewdog", "run: reviewdog -reporter=github-pr-review -f=golangci-lint\nenv:\n  REVIEWDOG_GITHUB_API_TOKEN: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"tool hub release", "run: hub release create -m v1 v1\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"tool ghr", "run: ghr v1.0.0 dist/\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"tool publib-golang", "run: npx -p publib@latest publib-golang\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"tool mise (public downloads)", "run: mise install\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "metadata:read"},
	{"tool aqua (public downloads)", "run: aqua install\nenv:\n  AQUA_GITHUB_TOKEN: ${{ secrets.PAT }}", "metadata:read"},
	{"tool brew bump-formula-pr (not supported)", "run: brew bump-formula-pr --url https://example.com/x.tgz acme\nenv:\n  HOMEBREW_GITHUB_API_TOKEN: ${{ secrets.PAT }}", ""},
	{"tool copilot (not supported)", "run: copilot -p 'triage this issue'\nenv:\n  COPILOT_GITHUB_TOKEN: ${{ secrets.PAT }}", ""},
	{"tool asdf (public downloads)", "run: asdf install\nenv:\n  GITHUB_API_TOKEN: ${{ secrets.PAT }}", "metadata:read"},
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
