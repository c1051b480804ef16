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
package knowledge

//go:generate go run ./internal/gentables -shared ../../shared/data -out .
