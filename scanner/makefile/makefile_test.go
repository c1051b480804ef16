package makefile

import (
	"fmt"
	"strings"
	"testing"
)

// plan renders the steps of make GOALS as "line: text".
func plan(src string, goals []string, overrides map[string]string, env map[string]bool) string {
	steps, missing, truncated := Parse([]byte(src)).Plan(goals, overrides, env)
	var out []string
	for _, s := range steps {
		out = append(out, fmt.Sprintf("%d: %s", s.Line, s.Text))
	}
	if len(missing) > 0 {
		out = append(out, "missing "+strings.Join(missing, " "))
	}
	if truncated {
		out = append(out, "truncated")
	}
	return strings.Join(out, "\n")
}

func TestPlan(t *testing.T) {
	cases := []struct {
		name      string
		src       string
		goals     []string
		overrides map[string]string
		env       map[string]bool
		want      string
	}{
		{
			name: "prerequisites first, each once, silent and ignore prefixes dropped",
			src: `all: build

build: gen
	@go build ./...

gen:
	-go generate ./...

release: build gen
	gh release create $(VERSION) dist/*
`,
			goals: []string{"release"},
			want:  "7: go generate ./...\n4: go build ./...\n10: gh release create ${VERSION} dist/*",
		},
		{
			name: "the default goal is the first ordinary target",
			src: `.PHONY: all
VAR = x
all:
	echo $(VAR)
other:
	echo no
`,
			want: "4: echo x",
		},
		{
			name: "simple, recursive, conditional and appended variables",
			src: `A := one
B = $(A) two
A := three
C ?= default
C ?= ignored
D = d
D += more
E != git rev-parse HEAD
t:
	echo $(B) $(C) ${D} $(E) $$HOME $@
`,
			goals: []string{"t"},
			want:  "10: echo three two default d more ${E} $HOME t",
		},
		{
			name:  "?= yields to the environment",
			src:   "TOKEN ?= none\nt:\n\tcurl -H \"Authorization: token $(TOKEN)\" https://api.github.com/user\n",
			goals: []string{"t"},
			env:   map[string]bool{"TOKEN": true},
			want:  `3: curl -H "Authorization: token ${TOKEN}" https://api.github.com/user`,
		},
		{
			name:      "command line assignments win",
			src:       "V = 1\nt:\n\techo $(V)\n",
			goals:     []string{"t"},
			overrides: map[string]string{"V": "2"},
			want:      "3: echo 2",
		},
		{
			name: "continuations are kept for the shell; conditionals keep both branches",
			src: `test-local: test-engine
ifneq ($(TEST_MODULE),)
	if test "$(TEST_MODULE)" = ""; then \
		PACKAGES=` + "`go list ./...`" + ` ./hack/test.sh; \
	fi
else
	echo none
endif

test-engine:
	cd engine && go test ./...
`,
			goals: []string{"test-local"},
			want:  "11: cd engine && go test ./...\n3: if test \"${TEST_MODULE}\" = \"\"; then \\\n\tPACKAGES=`go list ./...` ./hack/test.sh; \\\nfi\n7: echo none",
		},
		{
			name: "call and shell functions, define",
			src: `define run-in
	docker run img $(1)
endef
VERSION := $(shell cat VERSION)
e2e:
	$(call run-in,make e2e-local)
	echo $(VERSION) $(wildcard *.go)
`,
			goals: []string{"e2e"},
			want:  "6: docker run img make e2e-local\n7: echo $(cat VERSION) ${__make_fn}",
		},
		{
			name:  "a goal a pattern rule builds, with $* and $@",
			src:   "log-%:\n\t@grep -E '^$*' $(MAKEFILE_LIST) > $@.txt\nrelease: log-release\n\tgit tag v1\n",
			goals: []string{"release"},
			want:  "4: git tag v1",
		},
		{
			name:  "a pattern rule builds the goal itself",
			src:   "log-%:\n\t@echo $* $@\n",
			goals: []string{"log-release"},
			want:  "2: echo release log-release",
		},
		{
			name:  "a $(shell) that starts with a subshell is no arithmetic",
			src:   "TAG = $(shell (git symbolic-ref -q --short HEAD || git describe) | tr / -)\nt:\n\techo $(TAG)\n",
			goals: []string{"t"},
			want:  "3: echo $( (git symbolic-ref -q --short HEAD || git describe) | tr / -)",
		},
		{
			name:  "a rule with a recipe on its own line; comments",
			src:   "# top\nt: ; gh pr list # a comment\n\t# recipe comment\n",
			goals: []string{"t"},
			want:  "2: gh pr list\n3: # recipe comment",
		},
		{
			name:  "a goal without a rule is missing",
			src:   "a:\n\techo a\n",
			goals: []string{"b"},
			want:  "missing b",
		},
		{
			name:  "recursive variables stop",
			src:   "A = $(B)\nB = $(A)\nt:\n\techo $(A)\n",
			goals: []string{"t"},
			want:  "4: echo ${__make_fn}",
		},
		{
			name:  "target-specific variables are not rules",
			src:   "t: V = 1\nt:\n\techo t\n",
			goals: []string{"t"},
			want:  "3: echo t",
		},
		{
			name:  "$(if) on an environment variable the command has takes THEN, also in a := assignment",
			src:   "VERSION := $(if ${PULUMI_VERSION},${PULUMI_VERSION},$(shell ./version.sh))\nt:\n\techo $(VERSION) $(if $(PULUMI_VERSION),yes,no)\n",
			goals: []string{"t"},
			env:   map[string]bool{"PULUMI_VERSION": true},
			want:  "3: echo ${PULUMI_VERSION} yes",
		},
		{
			name:  "$(if) on an environment variable the command may lack is not known",
			src:   "VERSION := $(if ${PULUMI_VERSION},${PULUMI_VERSION},$(shell ./version.sh))\nt:\n\techo $(VERSION) $(if $(V),yes,no)\n",
			goals: []string{"t"},
			want:  "3: echo ${__make_shell} ${__make_fn}",
		},
		{
			name:  "$(if) on known text decides; nested in a := assignment",
			src:   "E =\nF = x\nA := $(if $(E),$(shell one),$(if $(F),two,$(shell three)))\nt:\n\techo $(A) $(if $(F),,$(shell four))\n",
			goals: []string{"t"},
			want:  "5: echo two ",
		},
		{
			name:  "$(if) on a variable the Makefile computes is not known, even with the environment",
			src:   "V != git describe\nt:\n\techo $(if $(V),$(V),$(shell ./v.sh))\n",
			goals: []string{"t"},
			env:   map[string]bool{"V": true},
			want:  "3: echo ${__make_shell}",
		},
		{
			name:      "$(if) on a variable the command line empties takes ELSE, whose $(shell) the shell text shows",
			src:       "t:\n\techo $(if $(V),set,$(shell ./v.sh))\n",
			goals:     []string{"t"},
			overrides: map[string]string{"V": ""},
			env:       map[string]bool{"V": true},
			want:      "2: echo $(./v.sh)",
		},
		{
			name:      "a := $(if) on an environment variable the command line empties is not taken",
			src:       "V := $(if ${E},$(E),$(shell ./v.sh))\nt:\n\techo $(V)\n",
			goals:     []string{"t"},
			overrides: map[string]string{"E": ""},
			env:       map[string]bool{"E": true},
			want:      "3: echo ${__make_shell}",
		},
		{
			name:  "substitution references: pattern and suffix",
			src:   "LANGS = go python\nOBJS = a.c b.c d.h\nt: $(LANGS:%=build_%)\n\techo $(OBJS:.c=.o) $(LANGS:%=%_x)\nbuild_go:\n\techo go\nbuild_python:\n\techo py\n",
			goals: []string{"t"},
			want:  "6: echo go\n8: echo py\n4: echo a.o b.o d.h go_x python_x",
		},
		{
			name:  "a substitution reference of an unknown value is not known",
			src:   "t:\n\techo $(FILES:.c=.o)\n",
			goals: []string{"t"},
			want:  "2: echo ${__make_fn}",
		},
		{
			name:  "a prerequisite cycle is built once",
			src:   "a: b\n\techo a\nb: a\n\techo b\n",
			goals: []string{"a"},
			want:  "4: echo b\n2: echo a",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := plan(c.src, c.goals, c.overrides, c.env); got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

func TestParseIncludesAndMerge(t *testing.T) {
	f := Parse([]byte("include mk/common.mk\n-include local.mk\nall: lint\n"))
	if len(f.Includes) != 2 || f.Includes[0].Paths[0] != "mk/common.mk" || f.Includes[0].Optional || !f.Includes[1].Optional {
		t.Fatalf("includes %+v", f.Includes)
	}
	f.Merge(Parse([]byte("lint:\n\tgolangci-lint run\nV = 1\n")))
	if got := plan2(f, "all"); got != "2: golangci-lint run" {
		t.Errorf("merged plan %q", got)
	}
}

func plan2(f *File, goal string) string {
	steps, _, _ := f.Plan([]string{goal}, nil, nil)
	var out []string
	for _, s := range steps {
		out = append(out, fmt.Sprintf("%d: %s", s.Line, s.Text))
	}
	return strings.Join(out, "\n")
}

// FuzzPlan checks that any text parses and plans without panicking, within
// the limits, with lines inside the file.
func FuzzPlan(f *testing.F) {
	f.Add("all: a\n\techo $(X)\na:\n\t@gh pr list\n", "all")
	f.Add("log-%:\n\t@echo $* $@\nx-%-y: a-%\n\techo $*\n", "log-release")
	f.Add("define x\n$(1)\nendef\nt:\n\t$(call x,$(call x,y))\n", "t")
	f.Add("A = $(A)$(A)\nt:\n\t$(A)\n", "t")
	f.Add("t: \\\n b\n\tx \\\n\ty\n", "")
	f.Add("A := $(if $(E),$(if $(E),$(shell x),y),z)\nt:\n\techo $(A) $(A:%=%_q) $(value A)\n", "t")
	f.Fuzz(func(t *testing.T, src, goal string) {
		file := Parse([]byte(src))
		lines := strings.Count(src, "\n") + 1
		var goals []string
		if goal != "" {
			goals = strings.Fields(goal)
		}
		steps, _, _ := file.Plan(goals, map[string]string{"O": "v"}, map[string]bool{"E": true})
		if len(steps) > maxRecipeLines {
			t.Fatalf("%d steps", len(steps))
		}
		for _, s := range steps {
			if s.Line < 1 || s.Line > lines {
				t.Fatalf("line %d of %d", s.Line, lines)
			}
			if len(s.Text) > maxExpansion+1 {
				t.Fatalf("text of %d bytes", len(s.Text))
			}
		}
	})
}
