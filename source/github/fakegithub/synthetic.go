package fakegithub

import (
	"fmt"
	"strings"
)

// SyntheticOrg is an organisation of n repositories shaped like real ones,
// for scale tests and benchmarks: every repository has a CI workflow that
// comments with GITHUB_TOKEN; one in PATEvery also releases with a PAT
// secret (gh, git push) that it defines; one in EnvEvery (half of them
// with a PAT) also deploys from a job naming an environment, whose secret
// goes to a non-GitHub service. Every other releasing repository releases
// from a script in the repository (scripts/release.sh) that the PAT reaches.
// Every repository's files differ (its name is in them), so no two share a
// blob.
type SyntheticOrg struct {
	Login    string
	Repos    int
	PATEvery int // 0: 5
	EnvEvery int // 0: 10
}

// Org builds the organisation.
func (s SyntheticOrg) Org() *Org {
	patEvery, envEvery := s.PATEvery, s.EnvEvery
	if patEvery <= 0 {
		patEvery = 5
	}
	if envEvery <= 0 {
		envEvery = 10
	}
	o := &Org{Login: s.Login, Secrets: []OrgSecret{{Name: "NPM_TOKEN", Visibility: "private"}}}
	for i := range s.Repos {
		name := fmt.Sprintf("svc-%05d", i)
		r := &Repo{Name: name, Files: map[string]string{
			".github/workflows/ci.yml": fmt.Sprintf(syntheticCI, name),
			"README.md":                "# " + name + "\n",
		}}
		if i%patEvery == 0 {
			run := syntheticReleaseRun
			if i%(2*patEvery) == patEvery {
				run = `./scripts/release.sh "$GITHUB_REF_NAME"` + "\n"
				r.Files["scripts/release.sh"] = fmt.Sprintf(syntheticReleaseScript, name)
			}
			r.Files[".github/workflows/release.yml"] = fmt.Sprintf(syntheticRelease, name, run)
			r.Secrets = []string{"RELEASE_PAT", "OLD_DEPLOY_TOKEN"}
		}
		if j := i % (2 * envEvery); j == 0 || j == 1 {
			// Half of them have a PAT too.
			r.Files[".github/workflows/deploy.yml"] = fmt.Sprintf(syntheticDeploy, name)
			r.Environments = map[string][]string{"production": {"DEPLOY_TOKEN"}, "staging": {"DEPLOY_TOKEN"}}
		}
		if i%7 == 3 {
			r.Files[".github/actions/setup/action.yml"] = strings.ReplaceAll(syntheticAction, "NAME", name)
		}
		o.Repos = append(o.Repos, r)
	}
	return o
}

const syntheticCI = `# %s
name: CI
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
  pull-requests: write
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: stable
      - run: go test ./...
      - name: Comment coverage
        if: github.event_name == 'pull_request'
        env:
          GH_TOKEN: ${{ github.token }}
        run: gh pr comment ${{ github.event.pull_request.number }} --body "tests passed"
`

const syntheticRelease = `# %s
name: Release
on:
  push:
    tags: ['v*']
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          token: ${{ secrets.RELEASE_PAT }}
      - name: Publish the release
        env:
          GH_TOKEN: ${{ secrets.RELEASE_PAT }}
        run: %s`

// syntheticReleaseRun is the release step's script, unless it runs
// syntheticReleaseScript.
const syntheticReleaseRun = `|
          gh release create "$GITHUB_REF_NAME" --generate-notes
          git tag -f latest
          git push -f origin latest
`

const syntheticReleaseScript = `#!/usr/bin/env bash
# Releases %s.
set -euo pipefail
tag="$1"
gh release create "$tag" --generate-notes
git tag -f latest
git push -f origin latest
`

const syntheticDeploy = `# %s
name: Deploy
on:
  workflow_dispatch:
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - name: Deploy
        env:
          TOKEN: ${{ secrets.DEPLOY_TOKEN }}
        run: |
          curl -sf -X POST -H "Authorization: Bearer $TOKEN" https://deploy.example.com/hooks/release
`

const syntheticAction = `name: setup NAME
description: sets up NAME
runs:
  using: composite
  steps:
    - run: echo "setting up NAME"
      shell: bash
`
