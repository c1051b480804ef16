// Package knowledge is the one lookup every stage reads for what pat2app
// knows: which GitHub App permission each REST endpoint needs, what popular
// actions, gh commands and command-line tools do with a token, GitHub's
// OpenAPI operation ids (and octokit's method names for them), the
// permissions of common GraphQL fields, what secret, input and variable
// names say, which hosts are GitHub's, and the one table that reconciles
// permission names between GitHub's docs data, App manifests and the
// GITHUB_TOKEN `permissions:` block.
//
// The tables are generated from the tab-separated files in data/ (see
// data/README.md) by `go run ./knowledge/data` and committed as
// zz_generated_*.go, so building needs neither the network nor anything
// outside the repository. Every table is read-only; functions that hand out
// a Permissions map return a copy.
//
// Sources and their terms: each row of data/ names its source. The endpoint
// rows are GitHub's docs data (github/docs
// src/github-apps/data/fpt-2022-11-28/server-to-server-permissions.json;
// github/docs licenses its content CC-BY-4.0 and its code MIT, and does not
// say which covers src/), the REST operations come from @octokit/openapi and
// @octokit/plugin-rest-endpoint-methods (MIT), the other rows from the
// actions' and tools' own files and documentation.
//
// The Go files beside the generated ones hold no facts: they index the
// tables and answer the lookups (Action, MatchGH, Tool, MatchEndpoint,
// CanonicalPermission, NameMeans, ...).
package knowledge

//go:generate go run ./data -data data -out .
