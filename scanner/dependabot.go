package scanner

import (
	"io/fs"
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

// maxDependabotConfig is the largest Dependabot configuration read.
const maxDependabotConfig = 256 << 10

// dependabotActions is where the repository's Dependabot configuration
// (.github/dependabot.yml or .yaml) updates GitHub Actions, as
// "FILE:LINE" of its package-ecosystem: github-actions entry: Dependabot's
// pull requests then change .github/workflows. It is "" when the
// configuration does not, is not there, or cannot be read (a workflow
// file scanned alone). Read once per repository scan.
func (rs *repoScan) dependabotActions() string {
	if rs.dependabot != nil {
		return *rs.dependabot
	}
	found := ""
	rs.dependabot = &found
	if rs.repo.Tree == nil {
		return ""
	}
	for _, p := range []string{".github/dependabot.yml", ".github/dependabot.yaml"} {
		data, err := fs.ReadFile(rs.repo.Tree, p)
		if err != nil || len(data) > maxDependabotConfig {
			continue
		}
		if _, bomb := aliasBomb(data); bomb {
			continue
		}
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
			continue
		}
		if line := actionsUpdateLine(doc.Content[0]); line > 0 {
			found = p + ":" + strconv.Itoa(line)
			return found
		}
	}
	return ""
}

// actionsUpdateLine is the line of the first entry of a Dependabot
// configuration's updates whose package-ecosystem is github-actions; 0
// when there is none.
func actionsUpdateLine(root *yaml.Node) int {
	if root.Kind != yaml.MappingNode {
		return 0
	}
	updates := mapValue(root, "updates")
	if updates == nil || updates.Kind != yaml.SequenceNode {
		return 0
	}
	for _, u := range updates.Content {
		if u.Kind != yaml.MappingNode {
			continue
		}
		if eco := mapValue(u, "package-ecosystem"); eco != nil && eco.Kind == yaml.ScalarNode && strings.EqualFold(strings.TrimSpace(eco.Value), "github-actions") {
			return eco.Line
		}
	}
	return 0
}

// handlesDependabot reports whether the job acts on Dependabot's pull
// requests: a step runs dependabot/fetch-metadata, or the job's or a
// step's if: names dependabot[bot].
func (js *jobState) handlesDependabot() bool {
	names := func(s *actionlint.String) bool {
		return s != nil && strings.Contains(strings.ToLower(s.Value), "dependabot[bot]")
	}
	if names(js.job.If) {
		return true
	}
	for _, st := range js.job.Steps {
		if st == nil {
			continue
		}
		if names(st.If) {
			return true
		}
		if ex, ok := st.Exec.(*actionlint.ExecAction); ok && ex.Uses != nil && strings.HasPrefix(strings.ToLower(ex.Uses.Value), "dependabot/fetch-metadata") {
			return true
		}
	}
	return false
}
