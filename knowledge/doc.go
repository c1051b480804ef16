// Package knowledge holds the embedded facts the scanner and planner look
// up: which GitHub App permission each REST endpoint needs, which token
// inputs and permissions popular actions have, which permissions gh CLI
// commands need, GitHub's OpenAPI operation ids (and octokit's method names
// for them), the permissions of common GraphQL fields, and the one table that
// reconciles permission names between GitHub's docs data, App manifests and
// the GITHUB_TOKEN `permissions:` block.
//
// The tables are generated from ../shared/data and from npm packages by
// internal/gentables and committed as zz_generated_*.go, so building the
// binary needs neither the shared data nor the network. Every table is
// read-only; functions that hand out a Permissions map return a copy.
//
// Regenerating (maintainers only; CI never does):
//
//	go generate ./knowledge   # TSVs + `npm pack` of @octokit/openapi and
//	                          # @octokit/plugin-rest-endpoint-methods
//	cd knowledge && go run ./internal/gentables -shared ../../shared/data -out .
//	                          # TSV tables only, offline
//
// Sources and their terms: the endpoint table is GitHub's docs data
// (github/docs src/github-apps/data/fpt-2022-11-28/server-to-server-permissions.json;
// github/docs licenses its content CC-BY-4.0 and its code MIT, and does not
// say which covers src/), the action and gh tables are the project's own
// research (../shared/data/README.md), the REST tables come from
// @octokit/openapi and @octokit/plugin-rest-endpoint-methods (MIT).
//
// The npm package versions are pinned in internal/gentables; bump them
// there. Hand-maintained facts live beside the generated ones: names.go
// (permission-name reconciliation, with sources), extra_endpoints.go
// (endpoints the docs data lacks) and graphql.go.
package knowledge

//go:generate go run ./internal/gentables -shared ../../shared/data -openapi -out .
