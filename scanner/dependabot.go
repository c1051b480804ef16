package scanner

import (
	"encoding/json"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/pat2app/pat2app/expression"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
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

// handledBots reports which dependency bots' pull requests the job acts
// on: Dependabot's when a step runs dependabot/fetch-metadata or the job's
// or a step's if: names dependabot[bot]; Renovate's when one names
// renovate[bot].
func (js *jobState) handledBots() (dependabot, renovate bool) {
	names := func(s *actionlint.String, bot string) bool {
		return s != nil && strings.Contains(strings.ToLower(s.Value), bot)
	}
	dependabot, renovate = names(js.job.If, "dependabot[bot]"), names(js.job.If, "renovate[bot]") || names(js.job.If, "renovate-bot")
	for _, st := range js.job.Steps {
		if st == nil {
			continue
		}
		dependabot = dependabot || names(st.If, "dependabot[bot]")
		renovate = renovate || names(st.If, "renovate[bot]")
		if ex, ok := st.Exec.(*actionlint.ExecAction); ok && ex.Uses != nil && strings.HasPrefix(strings.ToLower(ex.Uses.Value), "dependabot/fetch-metadata") {
			dependabot = true
		}
		if run, ok := st.Exec.(*actionlint.ExecRun); ok {
			// A script that picks the pull requests it handles by their
			// author ([[ "$USER" == "dependabot[bot]" ]]); a mention that
			// excludes the bot can only add workflows: write.
			dependabot = dependabot || names(run.Run, "dependabot[bot]")
			renovate = renovate || names(run.Run, "renovate[bot]") || names(run.Run, "renovate-bot")
		}
	}
	return dependabot, renovate
}

// usesMergeAction reports a job with a step that uses an action that
// merges pull requests (knowledge.MergesPullRequests): only for such a job
// are the repository's dependency bot configurations read (in an
// organisation scan each is a request).
func (js *jobState) usesMergeAction() bool {
	for _, st := range js.job.Steps {
		if st == nil {
			continue
		}
		if ex, ok := st.Exec.(*actionlint.ExecAction); ok && ex.Uses != nil && knowledge.MergesPullRequests("action", actionRef(ex.Uses.Value)) && !mergesOneOtherAuthor(st, ex) {
			return true
		}
	}
	return false
}

// mergesOneOtherAuthor reports a merge action step whose author filter
// (knowledge.MergeAuthorFilter: automerge-action's MERGE_FILTER_AUTHOR)
// names, as a literal, an author that is not a dependency bot: it merges
// only that author's pull requests.
func mergesOneOtherAuthor(st *actionlint.Step, ex *actionlint.ExecAction) bool {
	key, ok := knowledge.MergeAuthorFilter(actionRef(ex.Uses.Value))
	if !ok {
		return false
	}
	// actionlint keys env and with: in lower case; an input wins over a
	// variable of the same name.
	var author string
	id := strings.ToLower(key)
	if st.Env != nil {
		if v := st.Env.Vars[id]; v != nil && v.Value != nil {
			author = v.Value.Value
		}
	}
	if in := ex.Inputs[id]; in != nil && in.Value != nil {
		author = in.Value.Value
	}
	a := strings.ToLower(strings.TrimSpace(author))
	return a != "" && !strings.Contains(a, "${{") && !strings.Contains(a, "dependabot") && !strings.Contains(a, "renovate")
}

// mergesEventPR reports a job of a workflow that runs on pull requests
// whose steps merge one with gh pr merge (gh pr merge "$PR_URL" --auto):
// it merges whatever pull request started it, a dependency bot's too.
func (js *jobState) mergesEventPR(builders []*builder) bool {
	if !knowledge.OnPullRequests(js.a.triggers) {
		return false
	}
	for _, b := range builders {
		for _, op := range b.f.Operations {
			if op.Kind == inventory.OpGH && strings.HasPrefix(op.Name, "gh pr merge") {
				return true
			}
		}
	}
	return false
}

// excludesDependencyBots reports a job whose if: is false when the pull
// request's author (or the run's actor) is Dependabot and when it is
// Renovate (github.event.pull_request.user.login == 'HaystackBot'): the
// pull requests it handles are not theirs.
func (js *jobState) excludesDependencyBots() bool {
	if js.job.If == nil {
		return false
	}
	for _, bot := range []string{"dependabot[bot]", "renovate[bot]"} {
		truth, ok := expression.Truth(js.job.If.Value, func(p expression.Path) (string, bool) {
			switch p.Lower() {
			case "github.event.pull_request.user.login", "github.actor", "github.triggering_actor", "github.event.sender.login":
				return bot, true
			}
			return "", false
		})
		if !ok || truth {
			return false
		}
	}
	return true
}

// namesOtherBot reports a job whose if: conditions (the job's or a
// step's) name a bot account other than Dependabot and Renovate
// (release-please[bot]): the pull requests it handles are that bot's.
func (js *jobState) namesOtherBot() bool {
	conds := []*actionlint.String{js.job.If}
	for _, st := range js.job.Steps {
		if st != nil {
			conds = append(conds, st.If)
		}
	}
	for _, c := range conds {
		if c == nil {
			continue
		}
		v := strings.ToLower(c.Value)
		v = strings.NewReplacer("dependabot[bot]", "", "renovate[bot]", "").Replace(v)
		if strings.Contains(v, "[bot]") {
			return true
		}
	}
	return false
}

// renovateConfigs are where Renovate looks for a repository's
// configuration (docs.renovatebot.com/configuration-options: "Renovate
// will look for these files"), package.json's "renovate" key aside.
var renovateConfigs = []string{"renovate.json", "renovate.json5", ".github/renovate.json", ".github/renovate.json5",
	".gitlab/renovate.json", ".gitlab/renovate.json5", ".renovaterc", ".renovaterc.json", ".renovaterc.json5"}

// renovateActions says where Renovate may update GitHub Actions: the
// repository's Renovate configuration file (or package.json's "renovate"
// key), or Renovate's defaults when there is none (an organisation preset
// or the bot's own configuration may hold it). Its managers are all
// enabled unless enabledManagers lists others
// (docs.renovatebot.com/modules/manager), so the answer is "" only for a
// configuration whose enabledManagers is given and does not name
// github-actions. A rule that disables the manager in packageRules is not
// read: the answer is then that it may, which can only add workflows:
// write.
func (rs *repoScan) renovateActions() string {
	if rs.renovate != nil {
		return *rs.renovate
	}
	found := ""
	rs.renovate = &found
	found = renovateDefaults
	if rs.repo.Tree == nil {
		return found
	}
	type config struct {
		EnabledManagers *[]string `json:"enabledManagers"`
	}
	excludes := func(c config) bool {
		return c.EnabledManagers != nil && !slices.Contains(*c.EnabledManagers, "github-actions")
	}
	for _, p := range renovateConfigs {
		data, err := fs.ReadFile(rs.repo.Tree, p)
		if err != nil || len(data) > maxDependabotConfig {
			continue
		}
		var c config
		if json.Unmarshal(data, &c) == nil && excludes(c) {
			found = ""
		} else {
			found = p + ":1"
		}
		return found
	}
	if data, err := fs.ReadFile(rs.repo.Tree, "package.json"); err == nil && len(data) <= maxDependabotConfig {
		var pkg struct {
			Renovate *config `json:"renovate"`
		}
		if json.Unmarshal(data, &pkg) == nil && pkg.Renovate != nil {
			if excludes(*pkg.Renovate) {
				found = ""
			} else {
				found = "package.json (renovate)"
			}
		}
	}
	return found
}

// renovateDefaults names Renovate's own defaults, for a repository with no
// Renovate configuration of its own.
const renovateDefaults = "Renovate (no configuration in the repository; its github-actions manager is on by default)"
