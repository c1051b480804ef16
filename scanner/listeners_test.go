package scanner

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/inventory"
)

// TestEventListeners: which workflows run on tags, releases, branch
// pushes and pull requests, by their on: block.
func TestEventListeners(t *testing.T) {
	for _, tc := range []struct {
		on   string
		want map[string][]string
	}{
		{"push", map[string][]string{"tag": {"w.yml (on push)"}, "branch": {"w.yml (on push)"}}},
		{"push:\n    paths: [src/**]", map[string][]string{"tag": {"w.yml (on push)"}, "branch": {"w.yml (on push)"}}},
		{"push:\n    branches: [main]", map[string][]string{"branch": {"w.yml (on push)"}}},
		{"push:\n    branches-ignore: [wip]", map[string][]string{"branch": {"w.yml (on push)"}}},
		{"push:\n    branches: [main]\n    tags: ['v*']", map[string][]string{"tag": {"w.yml (on push)"}, "branch": {"w.yml (on push)"}}},
		{"push:\n    tags-ignore: ['nightly']", map[string][]string{"tag": {"w.yml (on push)"}}},
		{"push:\n    tags: ['v*']", map[string][]string{"tag": {"w.yml (on push)"}}},
		{"[create, pull_request]", map[string][]string{"tag": {"w.yml (on create)"}, "branch": {"w.yml (on create)", "w.yml (on pull_request)"}, "pull_request": {"w.yml (on pull_request)"}}},
		{"pull_request:\n    types: [closed]", map[string][]string{}},
		{"pull_request_target:\n    types: [opened]", map[string][]string{"pull_request": {"w.yml (on pull_request_target)"}}},
		{"release:\n    types: [published]", map[string][]string{"release": {"w.yml (on release)"}}},
		{"[workflow_dispatch, pull_request]", map[string][]string{"branch": {"w.yml (on pull_request)"}, "pull_request": {"w.yml (on pull_request)"}}},
		{"[workflow_dispatch, issues]", map[string][]string{}},
		{"registry_package:\n    types: [published]", map[string][]string{"package": {"w.yml (on registry_package)"}}},
	} {
		src := "on:\n  " + tc.on + "\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n"
		if tc.on[0] == '[' {
			src = "on: " + tc.on + "\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n"
		}
		wf, errs := actionlint.Parse([]byte(src))
		if wf == nil || len(errs) > 0 {
			t.Fatalf("%s: %v", tc.on, errs)
		}
		if got, _, _ := eventListeners("w.yml", wf); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("on %s: %v, want %v", tc.on, got, tc.want)
		}
	}
}

// TestEventListenerBranchFilters: a push trigger's branch filters are
// kept by listener name, as written; a push without them, and other
// events, have none.
func TestEventListenerBranchFilters(t *testing.T) {
	for _, tc := range []struct {
		on   string
		want map[string]inventory.BranchFilter
	}{
		{"push", nil},
		{"push:\n    tags: ['v*']", nil},
		{"push:\n    branches: [main, 'release/**']", map[string]inventory.BranchFilter{"w.yml (on push)": {Branches: []string{"main", "release/**"}}}},
		{"push:\n    branches-ignore: [gh-pages]\n    tags: ['v*']", map[string]inventory.BranchFilter{"w.yml (on push)": {BranchesIgnore: []string{"gh-pages"}}}},
		{"pull_request:\n    branches: [main]", nil},
	} {
		src := "on:\n  " + tc.on + "\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n"
		wf, errs := actionlint.Parse([]byte(src))
		if wf == nil || len(errs) > 0 {
			t.Fatalf("%s: %v", tc.on, errs)
		}
		if _, got, _ := eventListeners("w.yml", wf); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("on %s: %v, want %v", tc.on, got, tc.want)
		}
	}
}

// TestMissesWorkflows: an input error on a workflow file or its folder
// means the repository's workflows are not all read.
func TestMissesWorkflows(t *testing.T) {
	for _, tc := range []struct {
		file string
		want bool
	}{
		{".github/workflows/release.yml", true},
		{"/tmp/x/.github/workflows/a.yaml", true},
		{".github/workflows", true},
		{".github", true},
		{"", true},
		{".pat2app.yaml", false},
		{".github/actions/x/action.yml", false},
		{"scripts/release.sh", false},
	} {
		if got := MissesWorkflows([]inventory.InputError{{File: tc.file, Message: "x"}}); got != tc.want {
			t.Errorf("MissesWorkflows(%q) = %v, want %v", tc.file, got, tc.want)
		}
	}
	if MissesWorkflows(nil) {
		t.Error("MissesWorkflows(nil) = true")
	}
}

// TestLabelListenerRunsFor: a workflow on labeled whose jobs all run only
// for other labels is not started by the labels a command adds.
func TestLabelListenerRunsFor(t *testing.T) {
	discuss := "github.event_name == 'issues' && github.event.action == 'labeled' && github.event.label.name == 'discuss'"
	for _, tc := range []struct {
		name   string
		conds  []string
		labels []string
		want   bool
	}{
		{"job for another label", []string{discuss}, []string{"needs-triage"}, false},
		{"job for this label", []string{discuss}, []string{"needs-triage", "Discuss"}, true},
		{"labels not known", []string{discuss}, nil, true},
		{"a job without if: runs for any label", []string{discuss, ""}, []string{"needs-triage"}, true},
		{"a condition on what is not known may be true", []string{"github.event.label.name == 'x' || github.actor == 'me'"}, []string{"y"}, true},
		{"contains on the label's name", []string{"${{ contains(github.event.label.name, 'backport') }}"}, []string{"backport-1.x"}, true},
		{"a condition false for the event kind", []string{"github.event_name == 'pull_request_target'"}, []string{"a"}, false},
	} {
		l := listener{hook: "issues", conds: tc.conds}
		if got := l.runsFor("labeled", tc.labels); got != tc.want {
			t.Errorf("%s: runsFor = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestLabelNames: the label names gh flags give, none when one is not a
// literal.
func TestLabelNames(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"issue", "edit", "7", "--add-label", "needs-triage"}, []string{"needs-triage"}},
		{[]string{"issue", "edit", "7", "--add-label=a,b", "--add-label", "c"}, []string{"a", "b", "c"}},
		{[]string{"issue", "edit", "7", "--add-label", "{LABEL}"}, nil},
		{[]string{"issue", "edit", "7", "--add-label"}, nil},
		{[]string{"issue", "edit", "7"}, nil},
	} {
		if got := labelNames(tc.args, "--add-label"); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("labelNames(%v) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

// TestRunsOnlyOnTags: a workflow whose every event is a push of tags.
func TestRunsOnlyOnTags(t *testing.T) {
	for _, tc := range []struct {
		on   string
		want bool
	}{
		{"push:\n    tags: ['v*']", true},
		{"push:\n    tags-ignore: [nightly]", true},
		{"push:\n    tags: ['v*']\n    branches: [main]", false},
		{"push", false},
		{"push:\n    tags: ['v*']\n  workflow_dispatch:", false},
		{"release:\n    types: [published]", false},
	} {
		src := "on:\n  " + tc.on + "\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n"
		wf, errs := actionlint.Parse([]byte(src))
		if wf == nil || len(errs) > 0 {
			t.Fatalf("%s: %v", tc.on, errs)
		}
		if got := runsOnlyOnTags(wf); got != tc.want {
			t.Errorf("on %s: runsOnlyOnTags = %v, want %v", tc.on, got, tc.want)
		}
	}
}

// TestMarkEventListeners: a scan holding every workflow records on each
// job the workflows that run on tags, releases, branch pushes and pull
// requests (these two listed even when none does), for a repository of
// one workflow as for one of several; one that does not hold them all, or
// one whose workflow does not parse, records nothing.
func TestMarkEventListeners(t *testing.T) {
	const release = "on:\n  release:\n    types: [published]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh release upload v1 x --repo o/r\n        env:\n          GH_TOKEN: ${{ secrets.PAT }}\n"
	const tag = "on:\n  push:\n    tags: ['v*']\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n"
	for _, tc := range []struct {
		name  string
		files []File
		all   bool
		read  bool
		want  map[string][]string
	}{
		{"one workflow", []File{{Path: ".github/workflows/r.yml", Data: []byte(release)}}, true, true,
			map[string][]string{"release": {".github/workflows/r.yml (on release)"}, "release_edit": {}, "review": {}, "branch": {}, "pull_request": {}, "package": {}, "deployment": {}}},
		{"two workflows", []File{{Path: ".github/workflows/r.yml", Data: []byte(release)}, {Path: ".github/workflows/t.yml", Data: []byte(tag)}}, true, true,
			map[string][]string{"release": {".github/workflows/r.yml (on release)"}, "release_edit": {}, "review": {}, "tag": {".github/workflows/t.yml (on push)"}, "branch": {}, "pull_request": {}, "package": {}, "deployment": {}}},
		{"a release edit's listeners", []File{{Path: ".github/workflows/r.yml", Data: []byte(strings.Replace(release, "types: [published]", "types: [published, edited]", 1))}}, true, true,
			map[string][]string{"release": {".github/workflows/r.yml (on release)"}, "release_edit": {".github/workflows/r.yml (on release)"}, "review": {}, "branch": {}, "pull_request": {}, "package": {}, "deployment": {}}},
		{"not every workflow", []File{{Path: ".github/workflows/r.yml", Data: []byte(release)}}, false, false, nil},
		{"an empty workflow", []File{{Path: ".github/workflows/r.yml", Data: []byte(release)}, {Path: ".github/workflows/e.yml", Data: []byte("\n")}}, true, false, nil},
	} {
		findings, _ := New(Options{}).ScanRepo(context.Background(), RepoFiles{Name: "o/r", Files: tc.files, AllWorkflows: tc.all})
		if len(findings) == 0 {
			t.Fatalf("%s: no findings", tc.name)
		}
		for _, f := range findings {
			if f.JobInfo == nil {
				t.Fatalf("%s: %s has no job info", tc.name, f.Job)
			}
			if f.JobInfo.WorkflowsRead != tc.read || !reflect.DeepEqual(f.JobInfo.Listeners, tc.want) {
				t.Errorf("%s: %s read %v listeners %v, want %v %v", tc.name, f.Job, f.JobInfo.WorkflowsRead, f.JobInfo.Listeners, tc.read, tc.want)
			}
		}
	}
}

// TestTagFilters: a push trigger's tag filters are kept by listener name;
// a push without them has none.
func TestTagFilters(t *testing.T) {
	for _, tc := range []struct {
		on   string
		want map[string]inventory.TagFilter
	}{
		{"push", nil},
		{"push:\n    branches: [main]", nil},
		{"push:\n    tags: ['v*.*.*']", map[string]inventory.TagFilter{"w.yml (on push)": {Tags: []string{"v*.*.*"}}}},
		{"push:\n    tags-ignore: [nightly]", map[string]inventory.TagFilter{"w.yml (on push)": {TagsIgnore: []string{"nightly"}}}},
	} {
		wf, errs := actionlint.Parse([]byte("on:\n  " + tc.on + "\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n"))
		if wf == nil || len(errs) > 0 {
			t.Fatalf("%s: %v", tc.on, errs)
		}
		if _, _, got := eventListeners("w.yml", wf); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("on %s: %v, want %v", tc.on, got, tc.want)
		}
	}
}

// TestStaleLabelsAndAListener: actions/stale adds the labels its inputs
// name (Stale by default); a workflow that runs on labeled only for
// another label is not started by them, and one for that label is.
func TestStaleLabelsAndAListener(t *testing.T) {
	stale := "on:\n  schedule:\n    - cron: '0 0 * * *'\njobs:\n  stale:\n    runs-on: x\n    steps:\n      - uses: actions/stale@v9\n        with:\n          repo-token: ${{ secrets.STALE_PAT }}\nSTALE_LABEL"
	listener := "on:\n  issues:\n    types: [labeled]\njobs:\n  j:\n    if: github.event.label.name == 'LISTENED'\n    runs-on: x\n    steps:\n      - run: echo hi\n"
	for _, c := range []struct {
		label, listened string
		starts          bool
	}{
		{"", "support", false},
		{"", "Stale", true},
		{"          stale-issue-label: stale\n          stale-pr-label: stale\n", "stale", true},
		{"          stale-issue-label: ${{ vars.L }}\n", "support", true},
	} {
		files := map[string]string{wf: strings.Replace(stale, "STALE_LABEL", c.label, 1), ".github/workflows/support.yml": strings.Replace(listener, "LISTENED", c.listened, 1)}
		f := find(scanOne(t, files), "stale", "secrets.STALE_PAT")
		if f == nil {
			t.Fatal("no finding")
		}
		got := slices.ContainsFunc(f.Operations, func(o inventory.Operation) bool { return strings.Contains(o.StartsWorkflows, "support.yml") })
		if got != c.starts {
			t.Errorf("label input %q, listener for %q: starts %v, want %v", c.label, c.listened, got, c.starts)
		}
	}
}
