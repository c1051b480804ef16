package goreleaserconf

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// describe renders a Config one line per write, then the variables read
// and the hooks line.
func describe(c *Config) []string {
	var out []string
	for _, w := range c.Writes {
		repo, ok := w.Repo()
		if !ok {
			repo = "(partial " + w.Owner + "/" + w.Name + ")"
		}
		line := fmt.Sprintf("%d %s %s token=%q env=%s", w.Line, w.Section, repo, w.Token, strings.Join(w.TokenEnv, ","))
		if w.PullRequest {
			line += " pr"
			if b := w.Base(); b != "" {
				line += " base=" + b
			}
		}
		if w.Templated() {
			line += " templated"
		}
		if w.DiscussionLine > 0 {
			line += fmt.Sprintf(" discussion@%d", w.DiscussionLine)
		}
		out = append(out, line)
	}
	var others []string
	for _, k := range slices.Sorted(maps.Keys(c.Env)) {
		out = append(out, fmt.Sprintf("env %s %d", k, c.Env[k]))
		if c.OnlyOtherServices(k) {
			others = append(others, k)
		}
	}
	if len(others) > 0 {
		out = append(out, "only other services: "+strings.Join(others, ","))
	}
	if c.Hooks > 0 {
		out = append(out, fmt.Sprintf("hooks %d", c.Hooks))
	}
	for _, h := range c.HookCommands {
		out = append(out, fmt.Sprintf("hook %d %s", h.Line, h.Text))
	}
	return out
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, conf string
		want       []string
	}{
		{"a tap with its own token, the release with GoReleaser's", `version: 2
brews:
  - name: flux
    repository:
      owner: fluxcd
      name: homebrew-tap
      token: "{{ .Env.HOMEBREW_TAP_GITHUB_TOKEN }}"
    directory: Formula
`, []string{
			`0 release  token="" env=`,
			`4 brews fluxcd/homebrew-tap token="{{ .Env.HOMEBREW_TAP_GITHUB_TOKEN }}" env=HOMEBREW_TAP_GITHUB_TOKEN`,
			"env HOMEBREW_TAP_GITHUB_TOKEN 7",
		}},
		{"older keys, no token, SSH and skipped publishers", `before:
  hooks:
    - go mod tidy
brews:
  - tap:
      owner: acme
      name: homebrew-tools
scoops:
  - bucket: {owner: acme, name: scoop-bucket}
  - repository:
      owner: acme
      name: skipped
    skip_upload: true
krews:
  - index:
      owner: acme
      name: krew-index
      git:
        url: git@github.com:acme/krew-index.git
        private_key: "{{ .Env.KREW_KEY }}"
`, []string{
			`0 release  token="" env=`,
			`5 brews acme/homebrew-tools token="" env=`,
			`9 scoops acme/scoop-bucket token="" env=`,
			"env KREW_KEY 20",
			"hooks 2",
			"hook 3 go mod tidy",
		}},
		{"hooks as command lines, around the run and the builds", `before:
  hooks:
    - go mod tidy
    - cmd: ./scripts/completions.sh
after:
  hooks: rm -rf tmp
builds:
  - hooks:
      pre: [go generate ./...]
      post: echo done
`, []string{
			`0 release  token="" env=`,
			"hooks 2",
			"hook 3 go mod tidy", "hook 4 ./scripts/completions.sh", "hook 6 rm -rf tmp", "hook 9 go generate ./...", "hook 10 echo done",
		}},
		{"a hook with its own environment is not a command line alone", `before:
  hooks:
    - cmd: make gen
      env: [X=1]
`, []string{`0 release  token="" env=`, "hooks 2"}},
		{"a release elsewhere, milestones, a winget pull request upstream", `release:
  github:
    owner: acme
    name: releases
milestones:
  - close: true
  - close: false
    repo: {owner: acme, name: other}
winget:
  - name: tool
    repository:
      owner: acme
      name: winget-pkgs
      branch: "tool-{{ .Version }}"
      token: "{{ index .Env \"WINGET_TOKEN\" }}"
      pull_request:
        enabled: true
        base:
          owner: microsoft
          name: winget-pkgs
`, []string{
			`2 release acme/releases token="" env=`,
			`6 milestones  token="" env=`,
			`11 winget acme/winget-pkgs token="{{ index .Env \"WINGET_TOKEN\" }}" env=WINGET_TOKEN pr base=microsoft/winget-pkgs`,
			"env WINGET_TOKEN 15",
		}},
		{"templated repositories and tokens", `release:
  disable: true
homebrew_casks:
  - repository:
      owner: "{{ .Env.TAP_OWNER }}"
      name: homebrew-tap
      token: "{{ if .Env.TAP_TOKEN }}{{ .Env.TAP_TOKEN }}{{ else }}{{ .Env.GITHUB_TOKEN }}{{ end }}"
nix:
  repository:
    owner: acme
    name: nur
    token: "{{ .Env.NUR_TOKEN | default .Env.GH_PAT }}"
`, []string{
			`4 homebrew_casks {{ .Env.TAP_OWNER }}/homebrew-tap token="{{ if .Env.TAP_TOKEN }}{{ .Env.TAP_TOKEN }}{{ else }}{{ .Env.GITHUB_TOKEN }}{{ end }}" env=TAP_TOKEN,GITHUB_TOKEN templated`,
			`9 nix acme/nur token="{{ .Env.NUR_TOKEN | default .Env.GH_PAT }}" env=NUR_TOKEN,GH_PAT`,
			"env GH_PAT 12", "env GITHUB_TOKEN 7", "env NUR_TOKEN 12", "env TAP_OWNER 5", "env TAP_TOKEN 7",
		}},
		{"commands that run here, and a cask's hooks that do not", `homebrew_casks:
  - hooks:
      post:
        install: "system_command 'xattr'"
    repository: {owner: acme, name: homebrew-tap}
signs:
  - cmd: cosign
`, []string{
			`0 release  token="" env=`,
			`5 homebrew_casks acme/homebrew-tap token="" env=`,
			"hooks 7",
		}},
		{"signing and notarization read their own secrets", `notarize:
  macos:
    - sign:
        password: "{{ .Env.MACOS_SIGN_PASSWORD }}"
dockers:
  - build_flag_templates: ["--secret=id=gh,env={{ .Env.GH_PAT }}"]
before:
  hooks: ["echo {{ .Env.GH_PAT }}"]
`, []string{
			`0 release  token="" env=`,
			"env GH_PAT 6", "env MACOS_SIGN_PASSWORD 4",
			"only other services: MACOS_SIGN_PASSWORD",
			"hooks 8",
			"hook 8 echo {{ .Env.GH_PAT }}",
		}},
		{"a release naming only its owner", "release:\n  github:\n    owner: acme\n", []string{`2 release (partial acme/) token="" env=`}},
		{"a release that opens a discussion", "release:\n  draft: false\n  discussion_category_name: Releases\n", []string{`1 release  token="" env= discussion@3`}},
		{"not a mapping", "- a\n- b\n", nil},
		{"empty", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.conf))
			if err != nil {
				t.Fatal(err)
			}
			got := describe(c)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestParseSyntaxError(t *testing.T) {
	_, err := Parse([]byte("brews:\n  - repository: [\n"))
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("error %v, want a SyntaxError", err)
	}
}

// FuzzParse checks that any text is read without panicking and that every
// line reported is in it.
func FuzzParse(f *testing.F) {
	f.Add("brews:\n  - repository:\n      owner: a\n      name: b\n      token: '{{ .Env.T }}'\n")
	f.Add("release:\n  github: {owner: a, name: b}\nmilestones: [{close: true}]\n")
	f.Add("x: &a {owner: o}\nscoops:\n  - bucket: *a\nwinget: {repository: {owner: o, name: n, pull_request: {enabled: true}}}\n")
	f.Add("before: {hooks: ['{{ index .Env \"X\" }}']}\nnix: {repository: {token: '{{ if .Env.A }}{{ .Env.B }}{{ end }}'}}\n")
	f.Fuzz(func(t *testing.T, conf string) {
		c, err := Parse([]byte(conf))
		if err != nil {
			return
		}
		lines := strings.Count(conf, "\n") + 1
		for _, w := range c.Writes {
			if w.Line < 0 || w.Line > lines {
				t.Fatalf("write at line %d of %d", w.Line, lines)
			}
		}
		for v, l := range c.Env {
			if l < 1 || l > lines || v == "" {
				t.Fatalf("env %q at line %d of %d", v, l, lines)
			}
		}
	})
}
