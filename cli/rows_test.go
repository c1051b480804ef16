package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pat2app/pat2app/knowledge"
)

// rowCase is one step given secrets.PAT and the permissions the plan must
// give its job.
type rowCase struct {
	name string
	// step is the step's YAML without the leading "- ".
	step string
	// want is the job's permissions in the data files' form.
	want string
}

// rowCases are one step each for rows of knowledge/data: a step that gives
// secrets.PAT to an action, a gh command or a tool, and the permissions the
// plan must grant its job. Adding a row to knowledge/data adds a case here
// (CONTRIBUTING.md).
var rowCases = []rowCase{
	{"action 5monkeys/cobertura-action", "uses: 5monkeys/cobertura-action@v14\nwith:\n  repo_token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action 8BitJonny/gh-get-current-pr", "uses: 8BitJonny/gh-get-current-pr@v3\nwith:\n  github-token: ${{ secrets.PAT }}", "pull_requests:read"},
	{"action actions-cool/check-user-permission", "uses: actions-cool/check-user-permission@v2\nwith:\n  token: ${{ secrets.PAT }}", "metadata:read"},
	{"action actions-cool/maintain-one-comment", "uses: actions-cool/maintain-one-comment@v3\nwith:\n  token: ${{ secrets.PAT }}\n  body: hi", "issues:write,pull_requests:write"},
	{"action actions-ecosystem/action-create-comment", "uses: actions-ecosystem/action-create-comment@v1\nwith:\n  github_token: ${{ secrets.PAT }}\n  body: hi", "issues:write,pull_requests:write"},
	{"action actions-ecosystem/action-get-merged-pull-request", "uses: actions-ecosystem/action-get-merged-pull-request@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "pull_requests:read"},
	{"action actions-js/push", "uses: actions-js/push@v1.5\nwith:\n  github_token: ${{ secrets.PAT }}", "contents:write"},
	{"action actions-rs/audit-check", "uses: actions-rs/audit-check@v1\nwith:\n  token: ${{ secrets.PAT }}", "checks:write,issues:write"},
	{"action actions-rs/clippy-check", "uses: actions-rs/clippy-check@v1\nwith:\n  token: ${{ secrets.PAT }}", "checks:write"},
	{"action actions/ai-inference", "uses: actions/ai-inference@v2\nwith:\n  prompt: hi\n  token: ${{ secrets.PAT }}", ""},
	{"action nkoppel/push-files-to-another-repository", "uses: nkoppel/push-files-to-another-repository@v1.1.4\nwith:\n  source-files: docs/\n  destination-username: acme\n  destination-repository: website\n  commit-email: bot@example.com\nenv:\n  API_TOKEN_GITHUB: ${{ secrets.PAT }}", "contents:write"},
	{"action sorenlouv/backport-github-action", "uses: sorenlouv/backport-github-action@v9\nwith:\n  github_token: ${{ secrets.PAT }}", "contents:write,pull_requests:write,workflows:write"},
	{"action contributor-assistant/github-action (signatures in this repository)", "uses: contributor-assistant/github-action@v2.6.1\nwith:\n  path-to-signatures: signatures/cla.json\n  branch: main\nenv:\n  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n  PERSONAL_ACCESS_TOKEN: ${{ secrets.PAT }}", "actions:write,contents:write,pull_requests:write"},
	{"action mheap/github-action-required-labels", "uses: mheap/github-action-required-labels@v5\nwith:\n  mode: minimum\n  count: 1\n  labels: release\n  token: ${{ secrets.PAT }}", "issues:read,pull_requests:read"},
	{"action benchmark-action/github-action-benchmark pushing to this repository", "uses: benchmark-action/github-action-benchmark@v1\nwith:\n  tool: cargo\n  output-file-path: out.txt\n  auto-push: true\n  github-token: ${{ secrets.PAT }}", "contents:write"},
	{"action cycjimmy/semantic-release-action dry run", "uses: cycjimmy/semantic-release-action@v4\nwith:\n  dry_run: true\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"action release-drafter/release-drafter on push", "uses: release-drafter/release-drafter@v7\nwith:\n  token: ${{ secrets.PAT }}", "contents:write,pull_requests:read"},
	{"action release-drafter/release-drafter/autolabeler", "uses: release-drafter/release-drafter/autolabeler@v7\nwith:\n  token: ${{ secrets.PAT }}", "contents:read,pull_requests:write"},
	{"action actions/attest", "uses: actions/attest@v4\nwith:\n  subject-path: dist/app\n  github-token: ${{ secrets.PAT }}", "attestations:write"},
	{"action actions/attest-build-provenance", "uses: actions/attest-build-provenance@v3\nwith:\n  subject-path: dist/app\n  github-token: ${{ secrets.PAT }}", "attestations:write"},
	{"action actions/attest-sbom", "uses: actions/attest-sbom@v2\nwith:\n  subject-path: dist/app\n  sbom-path: sbom.json\n  github-token: ${{ secrets.PAT }}", "attestations:write"},
	{"action actions/configure-pages", "uses: actions/configure-pages@v5\nwith:\n  token: ${{ secrets.PAT }}", "pages:read"},
	{"action actions/configure-pages enablement", "uses: actions/configure-pages@v5\nwith:\n  enablement: true\n  token: ${{ secrets.PAT }}", "administration:write,pages:write"},
	{"action actions/setup-java", "uses: actions/setup-java@v4\nwith:\n  distribution: microsoft\n  java-version: '21'\n  token: ${{ secrets.PAT }}", "metadata:read"},
	{"action advanced-security/maven-dependency-submission-action", "uses: advanced-security/maven-dependency-submission-action@v4\nwith:\n  token: ${{ secrets.PAT }}", "contents:write"},
	{"action andresz1/size-limit-action", "uses: andresz1/size-limit-action@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "pull_requests:write"},
	{"action aormsby/Fork-Sync-With-Upstream-action", "uses: aormsby/Fork-Sync-With-Upstream-action@v3.4\nwith:\n  target_sync_branch: main\n  target_repo_token: ${{ secrets.PAT }}\n  upstream_sync_branch: main\n  upstream_sync_repo: upstream/repo", "contents:write,workflows:write"},
	{"action aquaproj/aqua-installer", "uses: aquaproj/aqua-installer@v4\nwith:\n  aqua_version: v2.51.2\n  github_token: ${{ secrets.PAT }}", "metadata:read"},
	{"action aquasecurity/trivy-action", "uses: aquasecurity/trivy-action@0.28.0\nwith:\n  scan-type: fs\n  format: github\n  github-pat: ${{ secrets.PAT }}", "contents:write"},
	{"action arduino/setup-protoc", "uses: arduino/setup-protoc@v3\nwith:\n  repo-token: ${{ secrets.PAT }}", "metadata:read"},
	{"action arduino/setup-task", "uses: arduino/setup-task@v2\nwith:\n  repo-token: ${{ secrets.PAT }}", "metadata:read"},
	{"action ArtiomTr/jest-coverage-report-action", "uses: ArtiomTr/jest-coverage-report-action@v2\nwith:\n  github-token: ${{ secrets.PAT }}", "checks:write,contents:read,pull_requests:write"},
	{"action astral-sh/setup-uv", "uses: astral-sh/setup-uv@v7\nwith:\n  github-token: ${{ secrets.PAT }}", "metadata:read"},
	{"action aurelien-baudet/workflow-dispatch", "uses: aurelien-baudet/workflow-dispatch@v2\nwith:\n  workflow: deploy.yml\n  token: ${{ secrets.PAT }}", "actions:write"},
	{"action aws-github-ops/aws-issue-triage-manager", "uses: aws-github-ops/aws-issue-triage-manager@v1\nwith:\n  parameters: '[]'\n  github-token: ${{ secrets.PAT }}", "issues:write,members:read,pull_requests:write"},
	{"action bobheadxi/deployments", "uses: bobheadxi/deployments@v1\nwith:\n  step: start\n  token: ${{ secrets.PAT }}\n  env: production", "deployments:write"},
	{"action bobheadxi/deployments delete-env", "uses: bobheadxi/deployments@v1\nwith:\n  step: delete-env\n  token: ${{ secrets.PAT }}\n  env: preview", "administration:write,deployments:write"},
	{"action bots-house/ghcr-delete-image-action", "uses: bots-house/ghcr-delete-image-action@v1.1.0\nwith:\n  owner: acme\n  name: web\n  tag: pr-1\n  token: ${{ secrets.PAT }}", "packages:write"},
	{"action bufbuild/buf-action", "uses: bufbuild/buf-action@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "pull_requests:write"},
	{"action bufbuild/buf-setup-action", "uses: bufbuild/buf-setup-action@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "metadata:read"},
	{"action c-hive/gha-remove-artifacts", "uses: c-hive/gha-remove-artifacts@v1\nwith:\n  age: 1 month\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "actions:write"},
	{"action cachix/install-nix-action", "uses: cachix/install-nix-action@v31\nwith:\n  github_access_token: ${{ secrets.PAT }}", "contents:read"},
	{"action cdklabs/pr-triage-manager", "uses: cdklabs/pr-triage-manager@v0\nwith:\n  github-token: ${{ secrets.PAT }}", "issues:read,pull_requests:write"},
	{"action chrnorm/deployment-action", "uses: chrnorm/deployment-action@v2\nwith:\n  token: ${{ secrets.PAT }}\n  environment: production", "deployments:write"},
	{"action chrnorm/deployment-status", "uses: chrnorm/deployment-status@v2\nwith:\n  token: ${{ secrets.PAT }}\n  deployment-id: 1\n  state: success", "deployments:write"},
	{"action Codex-/return-dispatch", "uses: codex-/return-dispatch@v2\nwith:\n  token: ${{ secrets.PAT }}\n  ref: main\n  workflow: ci.yml", "actions:write"},
	{"action crazy-max/ghaction-github-pages", "uses: crazy-max/ghaction-github-pages@v4\nwith:\n  build_dir: public\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"action davelosert/vitest-coverage-report-action", "uses: davelosert/vitest-coverage-report-action@v2\nwith:\n  github-token: ${{ secrets.PAT }}", "contents:read,pull_requests:write"},
	{"action dessant/label-actions", "uses: dessant/label-actions@v4\nwith:\n  github-token: ${{ secrets.PAT }}", "contents:read,discussions:write,issues:write,pull_requests:write"},
	{"action dessant/support-requests", "uses: dessant/support-requests@v4\nwith:\n  github-token: ${{ secrets.PAT }}", "issues:write"},
	{"action DeterminateSystems/nix-installer-action", "uses: DeterminateSystems/nix-installer-action@v16\nwith:\n  github-token: ${{ secrets.PAT }}", "contents:read"},
	{"action DeterminateSystems/update-flake-lock", "uses: DeterminateSystems/update-flake-lock@v24\nwith:\n  token: ${{ secrets.PAT }}", "contents:write,pull_requests:write"},
	{"action laminas/automatic-releases, release", "uses: laminas/automatic-releases@v1\nwith:\n  command-name: laminas:automatic-releases:release\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write,issues:read,pull_requests:read"},
	{"action laminas/automatic-releases, default branch", "uses: laminas/automatic-releases@v1\nwith:\n  command-name: laminas:automatic-releases:switch-default-branch-to-next-minor\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "administration:write,contents:write"},
	{"action myrotvorets/trigger-repository-dispatch-action", "uses: myrotvorets/trigger-repository-dispatch-action@v2.0.2\nwith:\n  token: ${{ secrets.PAT }}\n  type: docs", "contents:write"},
	{"action nwtgck/actions-netlify", "uses: nwtgck/actions-netlify@v3\nwith:\n  publish-dir: dist\n  github-token: ${{ secrets.PAT }}", "contents:write,deployments:write,pull_requests:write,statuses:write"},
	{"action nwtgck/actions-netlify, comments and status off", "uses: nwtgck/actions-netlify@v3\nwith:\n  publish-dir: dist\n  github-token: ${{ secrets.PAT }}\n  enable-pull-request-comment: false\n  enable-commit-comment: false\n  enable-commit-status: false", "deployments:write"},
	{"action devops-infra/action-pull-request", "uses: devops-infra/action-pull-request@v0.6\nwith:\n  github_token: ${{ secrets.PAT }}", "contents:read,pull_requests:write"},
	{"action dkershner6/reaction-action", "uses: dkershner6/reaction-action@v2\nwith:\n  token: ${{ secrets.PAT }}", "issues:write"},
	{"action docker/bake-action", "uses: docker/bake-action@v6\nwith:\n  github-token: ${{ secrets.PAT }}", "contents:read"},
	{"action docker/scout-action", "uses: docker/scout-action@v1\nwith:\n  command: cves\n  github-token: ${{ secrets.PAT }}", "pull_requests:write"},
	{"action dorny/test-reporter", "uses: dorny/test-reporter@v2\nwith:\n  name: tests\n  path: reports/*.xml\n  reporter: java-junit\n  token: ${{ secrets.PAT }}", "actions:read,checks:write,contents:read"},
	{"action dsaltares/fetch-gh-release-asset", "uses: dsaltares/fetch-gh-release-asset@1.1.2\nwith:\n  repo: acme/tool\n  file: tool.tar.gz\n  token: ${{ secrets.PAT }}", "contents:read"},
	{"action edumserrano/find-create-or-update-comment", "uses: edumserrano/find-create-or-update-comment@v3\nwith:\n  issue-number: 1\n  body-includes: x\n  body: hi\n  token: ${{ secrets.PAT }}", "issues:write,pull_requests:write"},
	{"action EndBug/label-sync", "uses: EndBug/label-sync@v2\nwith:\n  config-file: .github/labels.yml\n  token: ${{ secrets.PAT }}", "issues:write"},
	{"action EnricoMi/publish-unit-test-result-action", "uses: EnricoMi/publish-unit-test-result-action@v2\nwith:\n  files: results/**/*.xml\n  github_token: ${{ secrets.PAT }}", "checks:write,contents:read,issues:read,pull_requests:write"},
	{"action erlef/setup-beam", "uses: erlef/setup-beam@v1\nwith:\n  otp-version: '27'\n  github-token: ${{ secrets.PAT }}", "metadata:read"},
	{"action errata-ai/vale-action", "uses: errata-ai/vale-action@v2\nwith:\n  token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action expo/expo-github-action/command", "uses: expo/expo-github-action/command@v8\nwith:\n  github-token: ${{ secrets.PAT }}", "issues:write,pull_requests:write"},
	{"action expo/expo-github-action/continuous-deploy-fingerprint", "uses: expo/expo-github-action/continuous-deploy-fingerprint@v8\nwith:\n  github-token: ${{ secrets.PAT }}", "pull_requests:write"},
	{"action expo/expo-github-action/preview", "uses: expo/expo-github-action/preview@v8\nwith:\n  github-token: ${{ secrets.PAT }}", "pull_requests:write"},
	{"action expo/expo-github-action/preview-build", "uses: expo/expo-github-action/preview-build@v8\nwith:\n  github-token: ${{ secrets.PAT }}", "pull_requests:write"},
	{"action expo/expo-github-action/preview-comment", "uses: expo/expo-github-action/preview-comment@v8\nwith:\n  github-token: ${{ secrets.PAT }}", "pull_requests:write"},
	{"action extractions/setup-just", "uses: extractions/setup-just@v2\nwith:\n  github-token: ${{ secrets.PAT }}", "metadata:read"},
	{"action garnet-org/action", "uses: garnet-org/action@v2\nwith:\n  api_token: ${{ secrets.GARNET_API_TOKEN }}\n  github_token: ${{ secrets.PAT }}", "pull_requests:write"},
	{"action gautamkrishnar/blog-post-workflow", "uses: gautamkrishnar/blog-post-workflow@v1\nwith:\n  feed_list: https://example.com/feed\n  gh_token: ${{ secrets.PAT }}", "contents:write"},
	{"action GeekyEggo/delete-artifact", "uses: geekyeggo/delete-artifact@v4\nwith:\n  name: build\n  token: ${{ secrets.PAT }}", "actions:write"},
	{"action ghalactic/github-release-from-tag", "uses: ghalactic/github-release-from-tag@v5\nwith:\n  token: ${{ secrets.PAT }}", "contents:write"},
	{"action giraffate/clippy-action", "uses: giraffate/clippy-action@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action github/ai-moderator", "uses: github/ai-moderator@v1\nwith:\n  token: ${{ secrets.PAT }}", "issues:write,pull_requests:write"},
	{"action gitleaks/gitleaks-action", "uses: gitleaks/gitleaks-action@v2\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:read,pull_requests:write"},
	{"action go-task/setup-task", "uses: go-task/setup-task@v2\nwith:\n  repo-token: ${{ secrets.PAT }}", "metadata:read"},
	{"action gradle/actions/dependency-submission", "uses: gradle/actions/dependency-submission@v4\nwith:\n  github-token: ${{ secrets.PAT }}", "contents:write"},
	{"action gradle/actions/setup-gradle", "uses: gradle/actions/setup-gradle@v4\nwith:\n  github-token: ${{ secrets.PAT }}", "contents:read"},
	{"action gradle/actions/setup-gradle dependency-graph", "uses: gradle/actions/setup-gradle@v4\nwith:\n  dependency-graph: generate-and-submit\n  github-token: ${{ secrets.PAT }}", "contents:write"},
	{"action heinrichreimer/github-changelog-generator-action", "uses: heinrichreimer/github-changelog-generator-action@v2.4\nwith:\n  token: ${{ secrets.PAT }}", "contents:read,issues:read,pull_requests:read"},
	{"action Homebrew/actions/api-commit-and-push", "uses: Homebrew/actions/api-commit-and-push@main\nwith:\n  token: ${{ secrets.PAT }}\n  message: update\n  branch: main", "contents:write"},
	{"action Homebrew/actions/check-commit-format", "uses: Homebrew/actions/check-commit-format@main\nwith:\n  token: ${{ secrets.PAT }}", "contents:read,pull_requests:write,statuses:write"},
	{"action Homebrew/actions/create-or-update-issue", "uses: Homebrew/actions/create-or-update-issue@main\nwith:\n  token: ${{ secrets.PAT }}\n  title: failure\n  body: x", "issues:write"},
	{"action Homebrew/actions/create-pull-request", "uses: Homebrew/actions/create-pull-request@main\nwith:\n  token: ${{ secrets.PAT }}\n  head: update\n  base: main\n  title: update", "pull_requests:write"},
	{"action Homebrew/actions/dismiss-approvals", "uses: Homebrew/actions/dismiss-approvals@main\nwith:\n  token: ${{ secrets.PAT }}\n  pr: 1\n  message: x", "pull_requests:write"},
	{"action Homebrew/actions/git-try-push", "uses: Homebrew/actions/git-try-push@main\nwith:\n  token: ${{ secrets.PAT }}\n  branch: main", "contents:write"},
	{"action Homebrew/actions/label-pull-requests", "uses: Homebrew/actions/label-pull-requests@main\nwith:\n  token: ${{ secrets.PAT }}\n  def: '[]'", "contents:read,pull_requests:write"},
	{"action Homebrew/actions/post-comment", "uses: Homebrew/actions/post-comment@main\nwith:\n  token: ${{ secrets.PAT }}\n  issue: 1\n  body: hi", "issues:write,pull_requests:write"},
	{"action inception-health/otel-export-trace-action", "uses: inception-health/otel-export-trace-action@v1\nwith:\n  otlpEndpoint: grpc://api.honeycomb.io:443/\n  githubToken: ${{ secrets.PAT }}", "actions:read"},
	{"action jamesgeorge007/github-activity-readme", "uses: jamesgeorge007/github-activity-readme@master\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "metadata:read"},
	{"action JasonEtco/build-and-tag-action", "uses: JasonEtco/build-and-tag-action@v2\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"action jaxxstorm/action-install-gh-release", "uses: jaxxstorm/action-install-gh-release@v1\nwith:\n  repo: acme/tool\n  token: ${{ secrets.PAT }}", "contents:read"},
	{"action jbolda/covector/packages/action", "uses: jbolda/covector/packages/action@covector-v0\nwith:\n  command: version-or-publish\n  token: ${{ secrets.PAT }}", "actions:read,contents:write,pull_requests:write"},
	{"action jdx/mise-action", "uses: jdx/mise-action@v2\nwith:\n  github_token: ${{ secrets.PAT }}", "metadata:read"},
	{"action juliangruber/approve-pull-request-action", "uses: juliangruber/approve-pull-request-action@v2\nwith:\n  github-token: ${{ secrets.PAT }}\n  number: 1", "pull_requests:write"},
	{"action juliangruber/find-pull-request-action", "uses: juliangruber/find-pull-request-action@v1\nwith:\n  github-token: ${{ secrets.PAT }}\n  branch: main", "pull_requests:read"},
	{"action juliangruber/merge-pull-request-action", "uses: juliangruber/merge-pull-request-action@v1\nwith:\n  github-token: ${{ secrets.PAT }}\n  number: 1", "contents:write"},
	{"action JuliaRegistries/TagBot", "uses: JuliaRegistries/TagBot@v1\nwith:\n  token: ${{ secrets.PAT }}", "contents:write,issues:write,pull_requests:read"},
	{"action jwalton/gh-find-current-pr", "uses: jwalton/gh-find-current-pr@v1\nwith:\n  github-token: ${{ secrets.PAT }}", "pull_requests:read"},
	{"action korthout/backport-action", "uses: korthout/backport-action@v3\nwith:\n  github_token: ${{ secrets.PAT }}", "pull_requests:write"}, // it pushes with the checkout's credential, which the workflows permission then goes to
	{"action lasith-kg/dispatch-workflow", "uses: lasith-kg/dispatch-workflow@v2\nwith:\n  dispatch-method: workflow_dispatch\n  workflow: ci.yml\n  token: ${{ secrets.PAT }}", "actions:write"},
	{"action leonsteinhaeuser/project-beta-automations", "uses: leonsteinhaeuser/project-beta-automations@v2\nwith:\n  gh_token: ${{ secrets.PAT }}\n  organization: acme\n  project_id: 1\n  resource_node_id: X\n  status_value: Done", "organization_projects:write"},
	{"action LouisBrunner/checks-action", "uses: LouisBrunner/checks-action@v2\nwith:\n  token: ${{ secrets.PAT }}\n  name: test\n  conclusion: success", "checks:write"},
	{"action lycheeverse/lychee-action", "uses: lycheeverse/lychee-action@v2\nwith:\n  token: ${{ secrets.PAT }}", "contents:read"},
	{"action MarcoIeni/release-plz-action", "uses: MarcoIeni/release-plz-action@v0.5\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write,pull_requests:write"},
	{"action MatteoGabriele/agentscan-action", "uses: MatteoGabriele/agentscan-action@v1\nwith:\n  github-token: ${{ secrets.PAT }}", "issues:write,pull_requests:write"},
	{"action Mattraks/delete-workflow-runs", "uses: Mattraks/delete-workflow-runs@v2\nwith:\n  token: ${{ secrets.PAT }}\n  retain_days: 30", "actions:write,contents:read"},
	{"action micnncim/action-label-syncer", "uses: micnncim/action-label-syncer@v1\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "issues:write"},
	{"action mikepenz/action-gh-release", "uses: mikepenz/action-gh-release@v1\nwith:\n  token: ${{ secrets.PAT }}", "contents:write"},
	{"action mikepenz/action-junit-report", "uses: mikepenz/action-junit-report@v5\nwith:\n  report_paths: '**/TEST-*.xml'\n  token: ${{ secrets.PAT }}", "checks:write"},
	{"action mikepenz/action-junit-report comment", "uses: mikepenz/action-junit-report@v5\nwith:\n  report_paths: '**/TEST-*.xml'\n  comment: true\n  token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action MishaKav/jest-coverage-comment", "uses: MishaKav/jest-coverage-comment@v1\nwith:\n  github-token: ${{ secrets.PAT }}", "contents:read,pull_requests:write"},
	{"action MishaKav/pytest-coverage-comment", "uses: MishaKav/pytest-coverage-comment@v1\nwith:\n  github-token: ${{ secrets.PAT }}", "contents:read,pull_requests:write"},
	{"action moonrepo/setup-rust", "uses: moonrepo/setup-rust@v1\nwith:\n  bins: cargo-nextest\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "metadata:read"},
	{"action Mozilla-Actions/sccache-action", "uses: mozilla-actions/sccache-action@v0.0.9\nwith:\n  token: ${{ secrets.PAT }}", "metadata:read"},
	{"action myrotvorets/set-commit-status-action", "uses: myrotvorets/set-commit-status-action@v2\nwith:\n  token: ${{ secrets.PAT }}\n  status: success", "statuses:write"},
	{"action necojackarc/auto-request-review", "uses: necojackarc/auto-request-review@v0.13.0\nwith:\n  token: ${{ secrets.PAT }}", "contents:read,members:read,pull_requests:write"},
	{"action orgoro/coverage", "uses: orgoro/coverage@v3\nwith:\n  coverageFile: coverage.xml\n  token: ${{ secrets.PAT }}", "contents:read,pull_requests:write"},
	{"action orhun/git-cliff-action", "uses: orhun/git-cliff-action@v4\nwith:\n  github_token: ${{ secrets.PAT }}", "pull_requests:read"},
	{"action ossf/scorecard-action", "uses: ossf/scorecard-action@v2\nwith:\n  results_file: results.sarif\n  results_format: sarif\n  repo_token: ${{ secrets.PAT }}", "administration:read,checks:read,contents:read,issues:read,pull_requests:read"},
	{"action ouzi-dev/commit-status-updater", "uses: ouzi-dev/commit-status-updater@v2\nwith:\n  token: ${{ secrets.PAT }}\n  status: success", "statuses:write"},
	{"action oven-sh/setup-bun", "uses: oven-sh/setup-bun@v2\nwith:\n  token: ${{ secrets.PAT }}", "metadata:read"},
	{"action pascalgn/size-label-action", "uses: pascalgn/size-label-action@v0.5.5\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "pull_requests:write"},
	{"action peter-evans/create-pull-request", "uses: peter-evans/create-pull-request@v7\nwith:\n  token: ${{ secrets.PAT }}", "contents:write,pull_requests:write,workflows:write"},
	{"action peter-evans/create-pull-request branch-suffix", "uses: peter-evans/create-pull-request@v7\nwith:\n  token: ${{ secrets.PAT }}\n  branch-suffix: random", "contents:write,pull_requests:write"},
	{"action changesets/action", "uses: changesets/action@v1\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write,pull_requests:write,workflows:write"},
	{"action plbstl/first-contribution", "uses: plbstl/first-contribution@v4\nwith:\n  token: ${{ secrets.PAT }}", "contents:read,issues:write,members:read,pull_requests:write"},
	{"action poseidon/wait-for-status-checks", "uses: poseidon/wait-for-status-checks@v0.6.0\nwith:\n  token: ${{ secrets.PAT }}", "checks:read"},
	{"action py-cov-action/python-coverage-comment-action", "uses: py-cov-action/python-coverage-comment-action@v3\nwith:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "actions:read,contents:write,pull_requests:write"},
	{"action python-semantic-release/publish-action", "uses: python-semantic-release/publish-action@v10\nwith:\n  github_token: ${{ secrets.PAT }}", "contents:write"},
	{"action python-semantic-release/python-semantic-release", "uses: python-semantic-release/python-semantic-release@v10\nwith:\n  github_token: ${{ secrets.PAT }}", "contents:write"},
	{"action qltysh/qlty-action/coverage", "uses: qltysh/qlty-action/coverage@v1\nwith:\n  files: coverage/lcov.info\n  github-token: ${{ secrets.PAT }}", "metadata:read"},
	{"action ravsamhq/notify-slack-action", "uses: ravsamhq/notify-slack-action@v2\nwith:\n  status: success\n  token: ${{ secrets.PAT }}", "actions:read"},
	{"action release-plz/action", "uses: release-plz/action@v0.5\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}\n  CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}", "contents:write,pull_requests:write"},
	{"action repo-sync/github-sync", "uses: repo-sync/github-sync@v2\nwith:\n  source_repo: acme/upstream\n  source_branch: main\n  destination_branch: main\n  github_token: ${{ secrets.PAT }}", "contents:write,workflows:write"},
	{"action requarks/changelog-action", "uses: requarks/changelog-action@v1\nwith:\n  tag: v1.0.0\n  token: ${{ secrets.PAT }}", "contents:read,pull_requests:read"},
	{"action reviewdog/action-actionlint", "uses: reviewdog/action-actionlint@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action reviewdog/action-alex", "uses: reviewdog/action-alex@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action reviewdog/action-black", "uses: reviewdog/action-black@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action reviewdog/action-detect-secrets", "uses: reviewdog/action-detect-secrets@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action reviewdog/action-eslint", "uses: reviewdog/action-eslint@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action dessant/lock-threads locking issues only", "uses: dessant/lock-threads@v5\nwith:\n  process-only: issues\n  github-token: ${{ secrets.PAT }}", "issues:write"},
	{"action dessant/lock-threads", "uses: dessant/lock-threads@v5\nwith:\n  github-token: ${{ secrets.PAT }}", "discussions:write,issues:write,pull_requests:write"},
	{"action reviewdog/action-eslint reviewing the pull request", "uses: reviewdog/action-eslint@v1\nwith:\n  reporter: github-pr-review\n  github_token: ${{ secrets.PAT }}", "pull_requests:write"},
	{"action reviewdog/action-eslint as a check", "uses: reviewdog/action-eslint@v1\nwith:\n  reporter: github-check\n  github_token: ${{ secrets.PAT }}", "checks:write"},
	{"action reviewdog/action-flake8", "uses: reviewdog/action-flake8@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action reviewdog/action-languagetool", "uses: reviewdog/action-languagetool@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action reviewdog/action-markdownlint", "uses: reviewdog/action-markdownlint@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action reviewdog/action-remark-lint", "uses: reviewdog/action-remark-lint@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action reviewdog/action-rubocop", "uses: reviewdog/action-rubocop@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action reviewdog/action-staticcheck", "uses: reviewdog/action-staticcheck@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action reviewdog/action-stylelint", "uses: reviewdog/action-stylelint@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action reviewdog/action-tflint", "uses: reviewdog/action-tflint@v1\nwith:\n  github_token: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"action rickstaa/action-create-tag", "uses: rickstaa/action-create-tag@v1\nwith:\n  tag: v1.0.0\n  github_token: ${{ secrets.PAT }}", "contents:write"},
	{"action robinraju/release-downloader", "uses: robinraju/release-downloader@v1\nwith:\n  repository: acme/tool\n  latest: true\n  token: ${{ secrets.PAT }}", "contents:read"},
	{"action romeovs/lcov-reporter-action", "uses: romeovs/lcov-reporter-action@v0.4.0\nwith:\n  github-token: ${{ secrets.PAT }}", "contents:read,pull_requests:write"},
	{"action rust-build/rust-build.action", "uses: rust-build/rust-build.action@v1\nwith:\n  RUSTTARGET: x86_64-unknown-linux-musl\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"action rustsec/audit-check", "uses: rustsec/audit-check@v2\nwith:\n  token: ${{ secrets.PAT }}", "checks:write,issues:write"},
	{"action s0/git-publish-subdir-action", "uses: s0/git-publish-subdir-action@v2\nenv:\n  REPO: self\n  BRANCH: gh-pages\n  FOLDER: build\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"action scalacenter/sbt-dependency-submission", "uses: scalacenter/sbt-dependency-submission@v3\nwith:\n  token: ${{ secrets.PAT }}", "contents:write"},
	{"action shivammathur/setup-php", "uses: shivammathur/setup-php@v2\nwith:\n  php-version: '8.3'\n  github-token: ${{ secrets.PAT }}", "contents:read"},
	{"action shufo/auto-assign-reviewer-by-files", "uses: shufo/auto-assign-reviewer-by-files@v1\nwith:\n  token: ${{ secrets.PAT }}", "contents:read,members:read,pull_requests:write"},
	{"action Sibz/github-status-action", "uses: Sibz/github-status-action@v1\nwith:\n  authToken: ${{ secrets.PAT }}\n  context: ci\n  state: success\n  sha: ${{ github.sha }}", "statuses:write"},
	{"action srvaroa/labeler", "uses: srvaroa/labeler@v1\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:read,issues:write,pull_requests:write"},
	{"action super-linter/super-linter", "uses: super-linter/super-linter@v7\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:read,pull_requests:write,statuses:write"},
	{"action taiki-e/create-gh-release-action", "uses: taiki-e/create-gh-release-action@v1\nwith:\n  token: ${{ secrets.PAT }}", "contents:write"},
	{"action taiki-e/install-action", "uses: taiki-e/install-action@v2\nwith:\n  tool: cargo-hack\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "metadata:read"},
	{"action taiki-e/upload-rust-binary-action", "uses: taiki-e/upload-rust-binary-action@v1\nwith:\n  bin: app\n  token: ${{ secrets.PAT }}", "contents:write"},
	{"action terraform-linters/setup-tflint", "uses: terraform-linters/setup-tflint@v4\nwith:\n  github_token: ${{ secrets.PAT }}", "metadata:read"},
	{"action tgymnich/fork-sync", "uses: tgymnich/fork-sync@v2.0\nwith:\n  token: ${{ secrets.PAT }}\n  owner: upstream-org\n  base: main\n  head: main", "contents:write,pull_requests:write,workflows:write"},
	{"action the-actions-org/workflow-dispatch", "uses: the-actions-org/workflow-dispatch@v4\nwith:\n  workflow: deploy.yml\n  token: ${{ secrets.PAT }}", "actions:write"},
	{"action thehanimo/pr-title-checker", "uses: thehanimo/pr-title-checker@v1\nwith:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:read,pull_requests:write"},
	{"action tibdex/backport", "uses: tibdex/backport@v2\nwith:\n  github_token: ${{ secrets.PAT }}", "contents:write,pull_requests:write,workflows:write"},
	{"action titoportas/update-project-fields", "uses: titoportas/update-project-fields@v0.1.0\nwith:\n  project-url: https://github.com/orgs/acme/projects/1\n  github-token: ${{ secrets.PAT }}\n  item-id: X\n  field-keys: Status\n  field-values: Done", "organization_projects:write"},
	{"action toshimaru/auto-author-assign", "uses: toshimaru/auto-author-assign@v2\nwith:\n  repo-token: ${{ secrets.PAT }}", "issues:write,pull_requests:write"},
	{"action tspascoal/get-user-teams-membership", "uses: tspascoal/get-user-teams-membership@v3\nwith:\n  username: octocat\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "members:read"},
	{"action vsoch/pull-request-action", "uses: vsoch/pull-request-action@1.1.1\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}\n  PULL_REQUEST_BRANCH: main", "pull_requests:write"},
	{"action wearerequired/lint-action", "uses: wearerequired/lint-action@v2\nwith:\n  eslint: true\n  github_token: ${{ secrets.PAT }}", "checks:write"},
	{"action wearerequired/lint-action auto_fix", "uses: wearerequired/lint-action@v2\nwith:\n  eslint: true\n  auto_fix: true\n  github_token: ${{ secrets.PAT }}", "checks:write,contents:write"},
	{"action ytanikin/pr-conventional-commits", "uses: ytanikin/pr-conventional-commits@1.4.0\nwith:\n  task_types: '[\"feat\",\"fix\"]'\n  token: ${{ secrets.PAT }}", "pull_requests:write"},
	{"action zgosalvez/github-actions-report-lcov", "uses: zgosalvez/github-actions-report-lcov@v4\nwith:\n  coverage-files: coverage/lcov.info\n  github-token: ${{ secrets.PAT }}", "pull_requests:write"},
	{"action astral-sh/setup-uv", "uses: astral-sh/setup-uv@v7\nwith:\n  github-token: ${{ secrets.PAT }}", "metadata:read"},
	{"action crowdin/github-action", "uses: crowdin/github-action@v2\nwith:\n  download_translations: true\n  token: ${{ secrets.CROWDIN_PERSONAL_TOKEN }}\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write,pull_requests:write"},
	{"action crowdin/github-action uploading only", "uses: crowdin/github-action@v2\nwith:\n  upload_sources: true\n  download_translations: false\n  token: ${{ secrets.CROWDIN_PERSONAL_TOKEN }}\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", ""},
	{"action jlumbroso/free-disk-space (no token)", "uses: jlumbroso/free-disk-space@v1.3.1\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", ""},
	{"action Gr1N/setup-poetry (no token)", "uses: Gr1N/setup-poetry@v9\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", ""},
	{"action rui314/setup-mold (no token)", "uses: rui314/setup-mold@v1\nenv:\n  GH_TOKEN: ${{ secrets.PAT }}", ""},
	{"action step-security/harden-runner", "uses: step-security/harden-runner@v2\nwith:\n  egress-policy: audit\n  token: ${{ secrets.PAT }}", "metadata:read"},
	{"action SvanBoxel/gitlab-mirror-and-ci-action", "uses: SvanBoxel/gitlab-mirror-and-ci-action@master\nwith:\n  args: https://gitlab.example.com/acme/demo\nenv:\n  GITLAB_PASSWORD: ${{ secrets.GITLAB_PASSWORD }}\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "statuses:write"},
	{"action Swatinem/rust-cache (no token)", "uses: Swatinem/rust-cache@v2\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", ""},
	{"action pnpm/action-setup (no token)", "uses: pnpm/action-setup@v4\nwith:\n  version: 9\n  run_install: false\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", ""},
	{"action tauri-apps/create-pull-request", "uses: tauri-apps/create-pull-request@v3\nwith:\n  token: ${{ secrets.PAT }}\n  branch: release", "contents:write,pull_requests:write,workflows:write"},
	{"action knqyf263/trivy-issue-action", "uses: knqyf263/trivy-issue-action@v0.0.6\nwith:\n  label: vulnerability\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "issues:write"},
	{"action tombi-toml/setup-tombi (no token)", "uses: tombi-toml/setup-tombi@v1\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", ""},
	{"gh pr merge --auto", "run: gh pr merge --auto --squash 12\nenv:\n  GH_TOKEN: ${{ secrets.PAT }}", "contents:write,pull_requests:write"},
	{"gh release create", "run: gh release create v1.2.3 --generate-notes\nenv:\n  GH_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"tool goreleaser", "run: goreleaser release --clean\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"tool semantic-release", "run: npx semantic-release\nenv:\n  GH_TOKEN: ${{ secrets.PAT }}", "contents:write,issues:write,pull_requests:write"},
	{"tool release-it", "run: npx release-it --ci\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"tool lerna version", "run: npx lerna version --create-release github --yes\nenv:\n  GH_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"tool changeset version", "run: npx changeset version\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:read,pull_requests:read"},
	{"tool release-please release-pr", "run: npx release-please release-pr --repo-url acme/demo\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write,issues:write,pull_requests:write"},
	{"tool release-plz release-pr", "run: release-plz release-pr\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write,pull_requests:write"},
	{"tool release-plz release", "run: release-plz release\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"tool dist host", "run: dist host --steps=create --steps=upload\nenv:\n  GH_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"tool dist build", "run: dist build --artifacts=global\nenv:\n  GH_TOKEN: ${{ secrets.PAT }}", "metadata:read"},
	{"tool renovate", "run: npx renovate\nenv:\n  RENOVATE_TOKEN: ${{ secrets.PAT }}", "administration:read,checks:write,contents:write,issues:write,members:read,pull_requests:write,statuses:write,vulnerability_alerts:read,workflows:write"},
	{"tool danger", "run: npx danger ci\nenv:\n  DANGER_GITHUB_API_TOKEN: ${{ secrets.PAT }}", "pull_requests:write,statuses:write"},
	{"tool reviewdog", "run: reviewdog -reporter=github-pr-review -f=golangci-lint\nenv:\n  REVIEWDOG_GITHUB_API_TOKEN: ${{ secrets.PAT }}", "checks:write,pull_requests:write"},
	{"tool hub release", "run: hub release create -m v1 v1\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"tool ghr", "run: ghr v1.0.0 dist/\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"tool mise (public downloads)", "run: mise install\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "metadata:read"},
	{"tool aqua (public downloads)", "run: aqua install\nenv:\n  AQUA_GITHUB_TOKEN: ${{ secrets.PAT }}", "metadata:read"},
	{"tool brew bump-formula-pr (not supported)", "run: brew bump-formula-pr --url https://example.com/x.tgz acme\nenv:\n  HOMEBREW_GITHUB_API_TOKEN: ${{ secrets.PAT }}", ""},
	{"action dawidd6/action-homebrew-bump-formula no tap (not supported)", "uses: dawidd6/action-homebrew-bump-formula@v4\nwith:\n  token: ${{ secrets.PAT }}\n  formula: tool", "contents:write,pull_requests:write"},
	{"action dawidd6/action-homebrew-bump-formula tap homebrew/core (not supported)", "uses: dawidd6/action-homebrew-bump-formula@v4\nwith:\n  token: ${{ secrets.PAT }}\n  tap: Homebrew/core\n  formula: tool", "contents:write,pull_requests:write"},
	{"action mislav/bump-homebrew-formula-action no homebrew-tap (not supported)", "uses: mislav/bump-homebrew-formula-action@v3\nwith:\n  formula-name: tool\nenv:\n  COMMITTER_TOKEN: ${{ secrets.PAT }}", "contents:write,pull_requests:write"},
	{"action mislav/bump-homebrew-formula-action homebrew-tap named", "uses: mislav/bump-homebrew-formula-action@v3\nwith:\n  formula-name: tool\n  homebrew-tap: acme/homebrew-tap\nenv:\n  COMMITTER_TOKEN: ${{ secrets.PAT }}", "contents:write,pull_requests:write"},
	{"action vedantmgoyal9/winget-releaser (not supported)", "uses: vedantmgoyal9/winget-releaser@v2\nwith:\n  identifier: Acme.Tool\n  token: ${{ secrets.PAT }}", "contents:write,pull_requests:write"},
	{"tool copilot", "run: copilot -p 'triage this issue'\nenv:\n  COPILOT_GITHUB_TOKEN: ${{ secrets.PAT }}", "copilot_requests:write"},
	{"tool asdf (public downloads)", "run: asdf install\nenv:\n  GITHUB_API_TOKEN: ${{ secrets.PAT }}", "metadata:read"},
	{"action babel/actions/create-pull-request", "uses: babel/actions/create-pull-request@v2\nwith:\n  token: ${{ secrets.PAT }}\n  branch: update\n  title: Update", "pull_requests:write"},
	{"action artursouza/sticky-pull-request-comment", "uses: artursouza/sticky-pull-request-comment@v2.2.0\nwith:\n  GITHUB_TOKEN: ${{ secrets.PAT }}\n  message: hi", "pull_requests:write"},
	{"action xt0rted/slash-command-action", "uses: xt0rted/slash-command-action@v2\nwith:\n  repo-token: ${{ secrets.PAT }}\n  command: deploy", "issues:write"},
	{"action xt0rted/pull-request-comment-branch", "uses: xt0rted/pull-request-comment-branch@v3\nwith:\n  repo_token: ${{ secrets.PAT }}", "contents:read,issues:read,pull_requests:read"},
	{"action zephyrproject-rtos/action-first-interaction", "uses: zephyrproject-rtos/action-first-interaction@v1.1.1-zephyr-5\nwith:\n  repo-token: ${{ secrets.PAT }}\n  issue-message: hi", "issues:write,pull_requests:write"},
	{"action imhoffd/needs-reply", "uses: imhoffd/needs-reply@v2\nwith:\n  repo-token: ${{ secrets.PAT }}\n  issue-label: needs reply", "issues:write,pull_requests:write"},
	{"action larsoner/circleci-artifacts-redirector-action", "uses: larsoner/circleci-artifacts-redirector-action@master\nwith:\n  repo-token: ${{ secrets.PAT }}\n  artifact-path: 0/docs/index.html", "statuses:write"},
	{"action ben-z/gh-action-mutex", "uses: ben-z/gh-action-mutex@v1.0.0-alpha.10\nwith:\n  repo-token: ${{ secrets.PAT }}", "contents:write"},
	{"action multimediallc/codeowners-plus", "uses: multimediallc/codeowners-plus@v1\nwith:\n  github-token: ${{ secrets.PAT }}", "members:read,pull_requests:write"},
	{"action spyder-ide/action-close-duplicate-issues", "uses: spyder-ide/action-close-duplicate-issues@v1\nwith:\n  repo-token: ${{ secrets.PAT }}", "issues:write"},
	{"action yanthomasdev/lunaria-action", "uses: yanthomasdev/lunaria-action@v0.1.0\nwith:\n  token: ${{ secrets.PAT }}", "pull_requests:write"},
	{"action beckermr/turnstyle-python", "uses: beckermr/turnstyle-python@v2\nwith:\n  github-token: ${{ secrets.PAT }}", "actions:read"},
	{"action visiky/dingtalk-release-notify", "uses: visiky/dingtalk-release-notify@main\nwith:\n  GITHUB_TOKEN: ${{ secrets.PAT }}\n  DING_TALK_TOKEN: ${{ secrets.DING }}", "contents:read"},
	{"action oxsecurity/megalinter", "uses: oxsecurity/megalinter/flavors/go@v8\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "pull_requests:write,statuses:write"},
	{"action de-vri-es/setup-git-credentials", "uses: de-vri-es/setup-git-credentials@v2\nwith:\n  credentials: https://x:${{ secrets.PAT }}@github.com/", "contents:read"},
	// A tap USER/NAME is USER/homebrew-NAME; with no_fork the branch goes
	// to the tap itself, else brew forks it into the token's account.
	{"action dawidd6/action-homebrew-bump-formula no_fork", "uses: dawidd6/action-homebrew-bump-formula@v4\nwith:\n  token: ${{ secrets.PAT }}\n  no_fork: true\n  tap: acme/tap\n  formula: tool\n  user_name: bot\n  user_email: bot@example.com", "contents:write,pull_requests:write"},
	{"action dawidd6/action-homebrew-bump-formula fork (not supported)", "uses: dawidd6/action-homebrew-bump-formula@v4\nwith:\n  token: ${{ secrets.PAT }}\n  tap: acme/homebrew-tap\n  formula: tool", "contents:write,pull_requests:write"},
	{"image docker://ghcr.io/calmh/github-org-members", "uses: docker://ghcr.io/calmh/github-org-members:latest\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:read,members:read"},
}

// unnamedTargetCases are rows whose action writes to repositories the
// step does not name (other_repos_written): the plan lists the
// permissions but leaves the job to a person, since whether an
// installation can reach those repositories (a user's fork, another
// organisation) decides between an App and a user token.
var unnamedTargetCases = []rowCase{
	{"action dawidd6/action-homebrew-bump-formula tap at run time", "uses: dawidd6/action-homebrew-bump-formula@v4\nwith:\n  token: ${{ secrets.PAT }}\n  no_fork: true\n  tap: ${{ vars.TAP }}\n  formula: tool", "contents:write,pull_requests:write"},
	{"action dawidd6/action-homebrew-bump-formula tap from a secret", "uses: dawidd6/action-homebrew-bump-formula@v4\nwith:\n  token: ${{ secrets.PAT }}\n  no_fork: true\n  tap: ${{ secrets.TAP }}\n  formula: tool", "contents:write,pull_requests:write"},
	{"action sorenlouv/backport-github-action to another owner's fork", "uses: sorenlouv/backport-github-action@v9\nwith:\n  github_token: ${{ secrets.PAT }}\n  repo_fork_owner: ${{ vars.FORK_OWNER }}", "contents:write,pull_requests:write,workflows:write"},
	{"action snok/container-retention-policy", "uses: snok/container-retention-policy@v3\nwith:\n  account: acme\n  token: ${{ secrets.PAT }}\n  image-names: web\n  cut-off: 2w", "packages:write"},
	{"tool publib-golang", "run: npx -p publib@latest publib-golang\nenv:\n  GITHUB_TOKEN: ${{ secrets.PAT }}", "contents:write"},
	{"action BetaHuhn/repo-file-sync-action", "uses: BetaHuhn/repo-file-sync-action@v1\nwith:\n  GH_PAT: ${{ secrets.PAT }}", "contents:write,pull_requests:write,workflows:write"},
}

func TestUnnamedTargetsAreReviewed(t *testing.T) {
	for _, tc := range unnamedTargetCases {
		t.Run(tc.name, func(t *testing.T) {
			want, err := knowledge.ParsePermissions(tc.want)
			if err != nil {
				t.Fatal(err)
			}
			root := caseRepo(t, tc.step)
			j := planJob(t, root, "case", "secrets.PAT")
			if j.Decision != "manual_review" || knowledge.Permissions(j.Permissions).String() != want.String() {
				t.Errorf("decision %s, permissions %v; want manual_review with %s", j.Decision, j.Permissions, want)
			}
			named := false
			for _, r := range j.Review {
				named = named || strings.Contains(r.Text, "which the step does not name") || strings.Contains(r.Text, "a repository named only when the step runs")
			}
			if !named {
				t.Errorf("no review item names the unnamed targets: %+v", j.Review)
			}
		})
	}
}

func TestRowCases(t *testing.T) {
	for _, tc := range rowCases {
		t.Run(tc.name, func(t *testing.T) {
			want, err := knowledge.ParsePermissions(tc.want)
			if err != nil {
				t.Fatal(err)
			}
			root := caseRepo(t, tc.step)
			findings, out := scanCase(t, root)
			if strings.Contains(string(out), "not in the knowledge base") {
				t.Errorf("scan does not know it:\n%s", out)
			}
			for _, f := range findings {
				if f.Credential == "secrets.PAT" && f.Kind != "pat" {
					t.Errorf("secrets.PAT is %s, want pat", f.Kind)
				}
			}
			j := planJob(t, root, "case", "secrets.PAT")
			if j.Decision == "manual_review" || knowledge.Permissions(j.Permissions).String() != want.String() {
				t.Errorf("decision %s, permissions %v; want %s", j.Decision, j.Permissions, want)
			}
			if strings.HasSuffix(tc.name, "(not supported)") && j.Decision != "not_supported" {
				t.Errorf("decision %s, want not_supported", j.Decision)
			}
		})
	}
}

// otherServiceCases are one step each for rows of knowledge/data whose
// credentials go to another service: a step that gives secrets.KEY to
// such an action. The scan must call it not_github, and the plan then has
// no job for it.
var otherServiceCases = []struct {
	name string
	// step is the step's YAML without the leading "- ".
	step string
}{
	{"action act10ns/slack", "uses: act10ns/slack@v2\nwith:\n  status: success\n  webhook-url: ${{ secrets.KEY }}"},
	{"action akhileshns/heroku-deploy", "uses: akhileshns/heroku-deploy@v3.13.15\nwith:\n  heroku_api_key: ${{ secrets.KEY }}\n  heroku_app_name: app\n  heroku_email: a@example.com"},
	{"action aliencube/microsoft-teams-actions", "uses: aliencube/microsoft-teams-actions@v0.8.0\nwith:\n  webhook_uri: ${{ secrets.KEY }}"},
	{"action nextcloud-releases/nextcloud-appstore-push-action", "uses: nextcloud-releases/nextcloud-appstore-push-action@v1\nwith:\n  app_name: mail\n  download_url: https://example.com/mail.tar.gz\n  app_private_key: ${{ secrets.KEY }}"},
	{"action apple-actions/import-codesign-certs", "uses: apple-actions/import-codesign-certs@v3\nwith:\n  p12-file-base64: ${{ secrets.KEY }}\n  p12-password: ${{ secrets.P12_PASSWORD }}"},
	{"action bencherdev/bencher", "uses: bencherdev/bencher@main\nenv:\n  BENCHER_API_TOKEN: ${{ secrets.KEY }}"},
	{"action bluwy/release-for-reddit-action", "uses: bluwy/release-for-reddit-action@v2\nwith:\n  username: ${{ secrets.USER }}\n  password: ${{ secrets.KEY }}"},
	{"action bufbuild/buf-action token", "uses: bufbuild/buf-action@v1\nwith:\n  token: ${{ secrets.KEY }}"},
	{"action burnett01/rsync-deployments", "uses: burnett01/rsync-deployments@7.0.1\nwith:\n  remote_key: ${{ secrets.KEY }}\n  remote_host: example.com"},
	{"action cbrgm/mastodon-github-action", "uses: cbrgm/mastodon-github-action@v2\nwith:\n  url: https://mastodon.social\n  access-token: ${{ secrets.KEY }}\n  message: released"},
	{"action codacy/codacy-coverage-reporter-action", "uses: codacy/codacy-coverage-reporter-action@v1\nwith:\n  project-token: ${{ secrets.KEY }}"},
	{"action CodSpeedHQ/action", "uses: CodSpeedHQ/action@v4\nwith:\n  run: cargo codspeed run\n  token: ${{ secrets.KEY }}"},
	{"action replicatedhq/replicated-actions/create-cluster", "uses: replicatedhq/replicated-actions/create-cluster@v1.19.0\nwith:\n  api-token: ${{ secrets.KEY }}\n  kubernetes-distribution: kind"},
	{"action dokku/github-action", "uses: dokku/github-action@master\nwith:\n  git_remote_url: ssh://dokku@example.com:22/app\n  ssh_private_key: ${{ secrets.KEY }}"},
	{"action easingthemes/ssh-deploy", "uses: easingthemes/ssh-deploy@v5\nwith:\n  SSH_PRIVATE_KEY: ${{ secrets.KEY }}\n  REMOTE_HOST: example.com"},
	{"action expo/expo-github-action token", "uses: expo/expo-github-action@v8\nwith:\n  eas-version: latest\n  token: ${{ secrets.KEY }}"},
	{"action garnet-org/action api_token", "uses: garnet-org/action@v2\nwith:\n  api_token: ${{ secrets.KEY }}"},
	{"action gitleaks/gitleaks-action GITLEAKS_LICENSE", "uses: gitleaks/gitleaks-action@v2\nenv:\n  GITLEAKS_LICENSE: ${{ secrets.KEY }}\n  GITHUB_TOKEN: ${{ github.token }}"},
	{"action Homebrew/actions/setup-commit-signing", "uses: Homebrew/actions/setup-commit-signing@main\nwith:\n  signing_key: ${{ secrets.KEY }}"},
	{"action ilshidur/action-discord", "uses: Ilshidur/action-discord@0.3.2\nenv:\n  DISCORD_WEBHOOK: ${{ secrets.KEY }}"},
	{"action inception-health/otel-export-trace-action otlpHeaders", "uses: inception-health/otel-export-trace-action@v1\nwith:\n  otlpEndpoint: grpc://api.honeycomb.io:443/\n  otlpHeaders: ${{ secrets.KEY }}\n  githubToken: ${{ github.token }}"},
	{"action jakejarvis/s3-sync-action", "uses: jakejarvis/s3-sync-action@v0.5.1\nenv:\n  AWS_S3_BUCKET: ${{ secrets.BUCKET }}\n  AWS_SECRET_ACCESS_KEY: ${{ secrets.KEY }}"},
	{"action paambaati/codeclimate-action", "uses: paambaati/codeclimate-action@v9\nenv:\n  CC_TEST_REPORTER_ID: ${{ secrets.KEY }}"},
	{"action peter-evans/dockerhub-description", "uses: peter-evans/dockerhub-description@v4\nwith:\n  username: acme\n  password: ${{ secrets.KEY }}"},
	{"action pixta-dev/repository-mirroring-action", "uses: pixta-dev/repository-mirroring-action@v1\nwith:\n  target_repo_url: git@gitlab.com:acme/web.git\n  ssh_private_key: ${{ secrets.KEY }}"},
	{"action qltysh/qlty-action/coverage token", "uses: qltysh/qlty-action/coverage@v1\nwith:\n  token: ${{ secrets.KEY }}\n  files: coverage/lcov.info"},
	{"action r0adkll/upload-google-play", "uses: r0adkll/upload-google-play@v1\nwith:\n  serviceAccountJsonPlainText: ${{ secrets.KEY }}\n  packageName: com.example\n  releaseFiles: app.aab"},
	{"action release-plz/action token", "uses: release-plz/action@v0.5\nwith:\n  token: ${{ secrets.KEY }}\nenv:\n  GITHUB_TOKEN: ${{ github.token }}"},
	{"action samkirkland/ftp-deploy-action", "uses: SamKirkland/FTP-Deploy-Action@v4.3.5\nwith:\n  server: ftp.example.com\n  username: deploy\n  password: ${{ secrets.KEY }}"},
	{"action sarisia/actions-status-discord", "uses: sarisia/actions-status-discord@v1\nwith:\n  webhook: ${{ secrets.KEY }}"},
	{"action shimataro/ssh-key-action", "uses: shimataro/ssh-key-action@v2\nwith:\n  key: ${{ secrets.KEY }}\n  known_hosts: unnecessary"},
	{"action tsickert/discord-webhook", "uses: tsickert/discord-webhook@v6\nwith:\n  webhook-url: ${{ secrets.KEY }}\n  content: released"},
	{"action wzieba/firebase-distribution-github-action", "uses: wzieba/Firebase-Distribution-Github-Action@v1\nwith:\n  appId: x\n  serviceCredentialsFileContent: ${{ secrets.KEY }}\n  file: app.apk"},
	{"action crowdin/github-action token", "uses: crowdin/github-action@v2\nwith:\n  upload_sources: true\n  token: ${{ secrets.KEY }}"},
	{"action digital-blueprint/gitlab-pipeline-trigger-action", "uses: digital-blueprint/gitlab-pipeline-trigger-action@v1\nwith:\n  host: gitlab.example.com\n  id: 1\n  ref: main\n  trigger_token: ${{ secrets.TRIGGER }}\n  access_token: ${{ secrets.KEY }}"},
}

func TestOtherServiceCases(t *testing.T) {
	for _, tc := range otherServiceCases {
		t.Run(tc.name, func(t *testing.T) {
			root := caseRepo(t, tc.step)
			findings, out := scanCase(t, root)
			found := false
			for _, f := range findings {
				if f.Credential == "secrets.KEY" {
					found = true
					if f.Kind != "not_github" {
						t.Errorf("secrets.KEY is %s, want not_github", f.Kind)
					}
				}
			}
			if !found {
				t.Fatalf("no finding for secrets.KEY:\n%s", out)
			}
			if _, ok := planJobs(t, root)[[2]string{"case", "secrets.KEY"}]; ok {
				t.Error("the plan has a job for secrets.KEY")
			}
		})
	}
}

// persistedCases are actions whose rows say they push with the
// credentials actions/checkout persisted: the job checks out with
// secrets.PAT, then runs the action, and the plan must grant the
// checkout's credential contents:write.
var persistedCases = []struct {
	name string
	// step is the action's step YAML without the leading "- ".
	step string
}{
	{"action actions-ecosystem/action-push-tag", "uses: actions-ecosystem/action-push-tag@v1\nwith:\n  tag: v1.0.0"},
	{"action jamesgeorge007/github-activity-readme", "uses: jamesgeorge007/github-activity-readme@master\nenv:\n  GITHUB_TOKEN: ${{ github.token }}"},
	{"action changesets/action", "uses: changesets/action@v1\nwith:\n  publish: pnpm release\nenv:\n  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}"},
	{"action helm/chart-releaser-action", "uses: helm/chart-releaser-action@v1.7.0\nenv:\n  CR_TOKEN: ${{ secrets.GITHUB_TOKEN }}"},
}

func TestPersistedCases(t *testing.T) {
	for _, tc := range persistedCases {
		t.Run(tc.name, func(t *testing.T) {
			root := caseRepo(t, "uses: actions/checkout@v4\nwith:\n  token: ${{ secrets.PAT }}", tc.step)
			j := planJob(t, root, "case", "secrets.PAT")
			if j.Decision == "manual_review" || j.Permissions["contents"] != "write" {
				t.Errorf("decision %s, permissions %v; want contents: write", j.Decision, j.Permissions)
			}
		})
	}
}

// checkoutOnlyCases are actions whose rows say they neither push nor
// read a token: the job checks out with secrets.PAT, then runs the
// action, and the plan must decide the job with only the checkout's
// contents: read.
var checkoutOnlyCases = []struct {
	name string
	// step is the action's step YAML without the leading "- ".
	step string
}{
	{"action fregante/setup-git-user", "uses: fregante/setup-git-user@v2"},
	{"action jlumbroso/free-disk-space", "uses: jlumbroso/free-disk-space@v1.3.1"},
}

func TestCheckoutOnlyCases(t *testing.T) {
	for _, tc := range checkoutOnlyCases {
		t.Run(tc.name, func(t *testing.T) {
			root := caseRepo(t, "uses: actions/checkout@v4\nwith:\n  token: ${{ secrets.PAT }}", tc.step)
			j := planJob(t, root, "case", "secrets.PAT")
			if want := (knowledge.Permissions{"contents": "read"}); j.Decision == "manual_review" || knowledge.Permissions(j.Permissions).String() != want.String() {
				t.Errorf("decision %s, permissions %v; want contents: read", j.Decision, j.Permissions)
			}
		})
	}
}

// caseRepo writes a checkout whose one workflow has the job "case", on
// push, running steps (each a step's YAML without the leading "- ").
func caseRepo(t *testing.T, steps ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("on: push\njobs:\n  case:\n    runs-on: ubuntu-latest\n    steps:\n")
	for _, st := range steps {
		b.WriteString("      - " + strings.ReplaceAll(st, "\n", "\n        ") + "\n")
	}
	return writeRepo(t, map[string]string{".github/workflows/case.yml": b.String()})
}

// caseFinding is what the row tests read of a finding.
type caseFinding struct {
	Credential string `json:"credential"`
	Kind       string `json:"kind"`
}

// scanCase runs scan --format json on root and returns its findings and
// output.
func scanCase(t *testing.T, root string) ([]caseFinding, []byte) {
	t.Helper()
	var scan struct {
		Findings []caseFinding `json:"findings"`
	}
	out := runJSON(t, "scan", "--format", "json", root)
	if err := json.Unmarshal(out, &scan); err != nil {
		t.Fatal(err)
	}
	return scan.Findings, out
}

// TestUnavailableInputSaysWhatToKeep checks that a row of
// action-inputs.tsv that puts the work out of an installation token's
// reach gives the plan its reason and its fallback.
func TestUnavailableInputSaysWhatToKeep(t *testing.T) {
	root := caseRepo(t, "uses: dawidd6/action-homebrew-bump-formula@v4\nwith:\n  token: ${{ secrets.PAT }}\n  formula: tool")
	var plan struct {
		Jobs []struct {
			Job        string   `json:"job"`
			Credential string   `json:"credential"`
			Decision   string   `json:"decision"`
			Reasons    []string `json:"reasons"`
			Fallback   string   `json:"fallback"`
		} `json:"jobs"`
	}
	if err := json.Unmarshal(runJSON(t, "plan", "--format", "json", root), &plan); err != nil {
		t.Fatal(err)
	}
	for _, j := range plan.Jobs {
		if j.Job != "case" || j.Credential != "secrets.PAT" {
			continue
		}
		if j.Decision != "not_supported" {
			t.Errorf("decision %s, want not_supported", j.Decision)
		}
		if !strings.Contains(strings.Join(j.Reasons, "\n"), "tap not given: ") {
			t.Errorf("no reason names the unset tap input: %q", j.Reasons)
		}
		if !strings.Contains(j.Fallback, "classic token (public_repo)") {
			t.Errorf("fallback %q does not say which token to keep", j.Fallback)
		}
		return
	}
	t.Fatal("no plan row for case / secrets.PAT")
}

// TestModelsInference checks the GitHub Models action: its token needs
// models: read, which only GITHUB_TOKEN is given, and its MCP mode needs a
// personal access token by the action's own statement.
func TestModelsInference(t *testing.T) {
	for _, tc := range []struct {
		name, step, decision, block string
	}{
		{"inference", "uses: actions/ai-inference@v2\nwith:\n  prompt: hi\n  token: ${{ secrets.PAT }}", "github_token", "models: read"},
		{"mcp", "uses: actions/ai-inference@v2\nwith:\n  prompt: hi\n  enable-github-mcp: true\n  token: ${{ secrets.PAT }}", "not_supported", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := caseRepo(t, tc.step)
			var plan struct {
				Jobs []struct {
					Credential       string `json:"credential"`
					Decision         string `json:"decision"`
					PermissionsBlock string `json:"permissions_block"`
				} `json:"jobs"`
			}
			if err := json.Unmarshal(runJSON(t, "plan", "--format", "json", root), &plan); err != nil {
				t.Fatal(err)
			}
			for _, j := range plan.Jobs {
				if j.Credential != "secrets.PAT" {
					continue
				}
				if j.Decision != tc.decision {
					t.Errorf("decision %s, want %s", j.Decision, tc.decision)
				}
				if !strings.Contains(j.PermissionsBlock, tc.block) {
					t.Errorf("permissions block %q lacks %q", j.PermissionsBlock, tc.block)
				}
				return
			}
			t.Fatal("no plan row for secrets.PAT")
		})
	}
}

// TestReviewsStartReviewWorkflows checks that a job approving pull
// requests keeps an App token when a workflow of the repository runs on
// pull_request_review (an approval made with GITHUB_TOKEN starts none),
// and takes GITHUB_TOKEN when none does.
func TestReviewsStartReviewWorkflows(t *testing.T) {
	approve := "on: pull_request_target\njobs:\n  approve:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh pr review --approve \"$PR\"\n        env:\n          GH_TOKEN: ${{ secrets.PAT }}\n          PR: ${{ github.event.pull_request.html_url }}\n"
	merge := "on:\n  pull_request_review:\n    types: [submitted]\njobs:\n  merge:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo approved\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"a workflow runs on reviews", map[string]string{".github/workflows/approve.yml": approve, ".github/workflows/merge.yml": merge}, "github_app"},
		{"no workflow runs on reviews", map[string]string{".github/workflows/approve.yml": approve}, "github_token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := planJob(t, writeRepo(t, tc.files), "approve", "secrets.PAT")
			if j.Decision != tc.want {
				t.Errorf("decision %s, want %s", j.Decision, tc.want)
			}
		})
	}
}

// TestReadyForReviewStartsWorkflows checks that gh pr ready keeps an App
// token where a workflow runs on pull_request ready_for_review.
func TestReadyForReviewStartsWorkflows(t *testing.T) {
	ready := "on: workflow_dispatch\njobs:\n  ready:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh pr ready 12 --repo acme/web\n        env:\n          GH_TOKEN: ${{ secrets.PAT }}\n"
	sync := "on:\n  pull_request:\n    types: [ready_for_review]\njobs:\n  sync:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ready\n"
	j := planJob(t, writeRepo(t, map[string]string{".github/workflows/ready.yml": ready, ".github/workflows/sync.yml": sync}), "ready", "secrets.PAT")
	if j.Decision != "github_app" {
		t.Errorf("decision %s, want github_app", j.Decision)
	}
}
