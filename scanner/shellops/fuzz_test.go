package shellops

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// FuzzAnalyze checks that any script is analysed without panicking, within
// a time bound, with uses on lines of the script and no evidence spanning
// lines. Run longer with:
//
//	go test ./scanner/shellops -run '^$' -fuzz FuzzAnalyze -fuzztime 60s
func FuzzAnalyze(f *testing.F) {
	seeds := []string{
		"gh pr list",
		"export GH_TOKEN=${X:-$Y}\ngh api repos/o/r --method POST -f a=b",
		`curl -sSfXPOST -H "Authorization: token $T" -d @- "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/issues" <<< "$T"`,
		"git remote add o https://x:${{ secrets.T }}@github.com/o/r.git && git push o --tags",
		"cat >> $GITHUB_ENV <<EOF\nA=$T\nB<<X\n$T\nX\nEOF",
		"f() { curl -u \"$1\" https://api.github.com; }; f \"$T\"; f",
		"for i in $(seq 3); do echo \"$T\" | docker login ghcr.io --password-stdin; done",
		"python3 <<'EOF'\nimport os; os.environ['T']\nEOF",
		"if [[ -n $T ]]; then arr=(\"$T\" x); gh ${arr[@]}; fi",
		"echo \"//npm.pkg.github.com/:_authToken=$T\" > .npmrc; npm publish",
		"${{ x",
		"${{ matrix.cmd }} --all; $TOOL publish \"$T\"; ./bin/${{ inputs.t }}",
		"x=false; case $(uname) in C*) x=true;; esac; if \"$x\"; then J=$H/bin/java; else J=java; fi; exec \"$J\" \"$@\"",
		"make -C a -C b -j release; gmake -f c.mk --directory=d -j 4",
		"case $x in a) gh pr list;; esac; (( i++ )); let j=1",
		"printf -v V '%s' \"$T\"; export GH_TOKEN=$V; xargs -n1 gh pr close < list",
		"`gh pr list`; $(( 1 + $(gh api x) ))",
		"git config remote.url $T; git config remote.o.pushurl https://$T@github.com/o/r; git push o",
		"git -c http.https://github.com/.extraheader=\"Authorization: basic $T\" -C d fetch --depth=1 origin +refs/heads/*:refs/remotes/origin/*",
		"git config --global credential.https://github.com.helper '!f() { echo password=$T; }; f'; git submodule update --init",
		"docker --config x login -p$T ghcr.io; docker buildx imagetools create -t ghcr.io/o/i:1 x; docker manifest push ghcr.io/o/i",
		"npm config set //npm.pkg.github.com/:_authToken=$T; yarn npm publish --registry https://npm.pkg.github.com",
		"wget -O- --header 'Authorization: token '$T https://api.github.com/x; http -A bearer -a $T PATCH :3000/x a:=1 b==2",
		"curl -K cfg --url \"$GITHUB_SERVER_URL/api/v3/repos/o/r\" -G -d x=1 -u : -- https://uploads.github.com/",
		"bash -c \"gh pr merge $1\" _ ${{ secrets.T }}; sh -c; sh -c 'if'",
		"echo \"machine github.com login x password $T\" > ~/.netrc; git clone https://github.com/o/r",
		"printf '%s\\n' \"//r/:_auth=$T\" >> .npmrc; cat <<-EOF > .yarnrc.yml\n\tnpmAuthToken: $T\n\tEOF\nyarn",
	}
	for _, s := range seeds {
		f.Add(s, "bash")
	}
	f.Add("gh pr list\n$env:GH_TOKEN", "pwsh")
	f.Add("[[ x ]]", "sh")
	f.Fuzz(func(t *testing.T, script, shell string) {
		nLines := strings.Count(script, "\n") + 1
		start := time.Now()
		in := Input{
			Script:     script,
			Shell:      shell,
			StartLine:  100,
			Cred:       map[string][]string{"T": {"secrets.T"}, "GH_TOKEN": {"secrets.GH"}, "X": {"secrets.X"}},
			Exprs:      map[string][]string{"secrets.T": {"secrets.T"}},
			ImplicitGH: []string{"secrets.I"},
			Persisted:  []string{"secrets.P"},
			Repo:       "o/r",
		}
		r := Analyze(in)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("Analyze took %v on %d bytes", d, len(script))
		}
		// A script that names no configuration-reading tool does nothing
		// with credentials stored by earlier steps (what MayUseStored
		// promises callers that skip it).
		if !MayUseStored(script) && !strings.ContainsAny(script, "$`") {
			stored := []Stored{{Tool: "git", Host: "github.com", Credentials: []string{"secrets.S"}}, {Tool: "gh", Host: "github.com", Credentials: []string{"secrets.G"}},
				{Tool: "docker", Host: "ghcr.io", Credentials: []string{"secrets.D"}}, {Tool: "npm", Host: "npm.pkg.github.com", Credentials: []string{"secrets.N"}},
				{Tool: "git-remote", Name: "origin", URL: "https://github.com/o/r", Credentials: []string{"secrets.R"}}}
			res := Analyze(Input{Script: script, Shell: shell, Persisted: []string{"secrets.P"}, Stored: stored, Repo: "o/r"})
			if len(res.Uses) > 0 {
				t.Errorf("script naming no tool uses stored credentials: %+v", res.Uses)
			}
			for _, w := range res.EnvWrites {
				if len(w.Credentials) > 0 {
					t.Errorf("script naming no tool writes a stored credential to the environment: %+v", w)
				}
			}
		}
		// A Reader reuses one analysis's maps for the next: nothing of a
		// script read before may leak into this one's result.
		var reader Reader
		reader.Analyze(Input{Script: seeds[len(script)%len(seeds)], Cred: in.Cred, Persisted: in.Persisted, Repo: "x/y"})
		if again := reader.Analyze(in); !reflect.DeepEqual(again, r) {
			t.Errorf("a reused Reader gives a different result:\n%+v\nwant\n%+v", again, r)
		}
		for _, u := range r.Uses {
			// Placeholders keep the line count, so lines stay inside the
			// script.
			if u.Line < 100 || u.Line >= 100+nLines {
				t.Errorf("use on line %d outside the script (%d lines): %+v", u.Line, nLines, u)
			}
			if strings.Contains(u.Evidence, "\n") {
				t.Errorf("multi-line evidence %q", u.Evidence)
			}
			if u.Credential == "" {
				t.Errorf("use without credential: %+v", u)
			}
		}
		for _, w := range r.EnvWrites {
			if w.Line < 100 || w.Line >= 100+nLines {
				t.Errorf("env write on line %d outside the script: %+v", w.Line, w)
			}
		}
	})
}

// benchScript is a realistic 50-line release script.
const benchScript = `set -euo pipefail
VERSION="${{ github.event.inputs.version }}"
TAG="v${VERSION#v}"
export GH_TOKEN="${{ secrets.RELEASE_PAT }}"
git config user.name "release-bot"
git config user.email "bot@example.com"
git remote set-url origin "https://x-access-token:${GH_TOKEN}@github.com/${GITHUB_REPOSITORY}.git"

if gh release view "$TAG" >/dev/null 2>&1; then
  echo "release $TAG exists" >&2
  exit 1
fi

notes=$(gh api "repos/$GITHUB_REPOSITORY/releases/generate-notes" \
  -f tag_name="$TAG" --jq .body)

for f in dist/*.tar.gz; do
  sha256sum "$f" >> dist/checksums.txt
done

git tag -a "$TAG" -m "Release $TAG"
git push origin "$TAG"

args=(
  "$TAG"
  --title "Release $TAG"
  --notes "$notes"
)
if [[ "$VERSION" == *-* ]]; then
  args+=( --prerelease )
fi
gh release create "${args[@]}" dist/*

curl -sSf -X POST \
  -H "Authorization: Bearer ${{ secrets.RELEASE_PAT }}" \
  -H "Accept: application/vnd.github+json" \
  "${GITHUB_API_URL}/repos/${GITHUB_REPOSITORY}/dispatches" \
  -d "{\"event_type\":\"released\",\"client_payload\":{\"tag\":\"$TAG\"}}"

echo "${{ secrets.CR_PAT }}" | docker login ghcr.io -u "$GITHUB_ACTOR" --password-stdin
docker push "ghcr.io/${GITHUB_REPOSITORY}:$TAG"

echo "//npm.pkg.github.com/:_authToken=${{ secrets.NPM_GH }}" > ~/.npmrc
npm publish --access public

curl -X POST -d "{\"text\":\"released $TAG\"}" "$SLACK_WEBHOOK"
echo "tag=$TAG" >> "$GITHUB_OUTPUT"
echo "GH_TOKEN=$GH_TOKEN" >> "$GITHUB_ENV"
./scripts/post-release.sh "$TAG"
`

func benchInput() Input {
	return Input{
		Script:    benchScript,
		StartLine: 30,
		Cred:      map[string][]string{"SLACK_WEBHOOK": {"secrets.SLACK_WEBHOOK"}},
		Exprs: map[string][]string{
			"secrets.RELEASE_PAT": {"secrets.RELEASE_PAT"},
			"secrets.CR_PAT":      {"secrets.CR_PAT"},
			"secrets.NPM_GH":      {"secrets.NPM_GH"},
		},
		Repo: "o/r",
	}
}

func TestBenchScript(t *testing.T) {
	r := Analyze(benchInput())
	if r.ParseError != nil {
		t.Fatal(r.ParseError)
	}
	got := strings.Join(fmtUses(r.Uses), "\n")
	for _, want := range []string{
		"38 gh secrets.RELEASE_PAT via=env host=api.github.com gh=+1 args=[release view v{github.event.inputs.version}]",
		"43 gh secrets.RELEASE_PAT via=env host=api.github.com gh=+1 args=[api repos/{owner}/{repo}/releases/generate-notes -f tag_name=v{github.event.inputs.version} --jq .body] repos=o/r",
		"36 git secrets.RELEASE_PAT via=url host=github.com gh=+1 repos=o/r",
		"51 git secrets.RELEASE_PAT via=url host=github.com gh=+1 op=git:GIT:push@o/r repos=o/r",
		"61 gh secrets.RELEASE_PAT via=env host=api.github.com gh=+1 args=[release create v{github.event.inputs.version} --title Release v{github.event.inputs.version} --notes {gh} --prerelease dist/*]",
		"63 curl secrets.RELEASE_PAT via=header host=api.github.com gh=+1 op=rest:POST:/repos/{owner}/{repo}/dispatches@o/r repos=o/r",
		"69 docker secrets.CR_PAT via=stdin host=ghcr.io gh=+1 op=docker:DOCKER:login ghcr.io#login",
		"70 docker secrets.CR_PAT via=stored host=ghcr.io gh=+1 op=docker:DOCKER:push ghcr.io/{owner}/{repo}#push",
		"73 npm secrets.NPM_GH via=stored host=npm.pkg.github.com gh=+1 op=package:PACKAGE:npm publish",
		"75 curl secrets.SLACK_WEBHOOK via=url gh=-1",
		"78 ./scripts/post-release.sh secrets.RELEASE_PAT via=env gh=+0 unresolved",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if !r.HasLoops {
		t.Error("HasLoops false")
	}
	var envTok bool
	for _, w := range r.EnvWrites {
		if w.Name == "GH_TOKEN" && len(w.Credentials) == 1 && w.Credentials[0] == "secrets.RELEASE_PAT" && w.Line == 77 {
			envTok = true
		}
	}
	if !envTok {
		t.Errorf("env write of GH_TOKEN missing: %+v", r.EnvWrites)
	}
}

func BenchmarkAnalyze(b *testing.B) {
	in := benchInput()
	b.ReportAllocs()
	b.SetBytes(int64(len(in.Script)))
	for b.Loop() {
		Analyze(in)
	}
}

// FuzzSourcedDefinitions checks that any file is read for its definitions
// without panicking, keeping its length and its lines.
func FuzzSourcedDefinitions(f *testing.F) {
	f.Add("API=x\ncurl_gh() {\n  curl \"$@\"\n}\necho hi\n")
	f.Add("function a { :; } & b=1")
	f.Fuzz(func(t *testing.T, text string) {
		_, defs := SourcedDefinitions(text)
		if defs != "" && (len(defs) != len(text) || strings.Count(defs, "\n") != strings.Count(text, "\n")) {
			t.Fatalf("definitions of %q changed its shape: %q", text, defs)
		}
	})
}

// FuzzScriptProgram checks that any shell: value names a program without
// panicking, in lower case, with no directory.
func FuzzScriptProgram(f *testing.F) {
	f.Add("nix develop --impure --command bash {0}")
	f.Add(`"C:\Program Files\PowerShell\7\pwsh.EXE" -command "& '{0}'"`)
	f.Fuzz(func(t *testing.T, shell string) {
		p := ScriptProgram(shell)
		if p != strings.ToLower(p) || strings.ContainsAny(p, `/\`) {
			t.Fatalf("ScriptProgram(%q) = %q", shell, p)
		}
	})
}
