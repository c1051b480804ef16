package knowledge

// extraEndpointTable lists endpoints workflows call that GitHub's
// permission data (github-app-permissions.tsv) does not list. MatchEndpoint
// finds them with Extra set on their rows; EndpointRows does not return
// them, so it stays a faithful copy of the source.
var extraEndpointTable = [...]endpointSource{
	// Upload a release asset (served by uploads.github.com). The docs data
	// has no row; gh-cli-permissions.tsv (gh release upload: contents:write),
	// step-security/secure-repo knowledge-base (alexellis/upload-assets:
	// contents: write "to upload release assets") and the
	// x-accepted-github-permissions header (contents=write) agree.
	{"contents", "Contents", "write", "POST", "/repos/{owner}/{repo}/releases/{release_id}/assets", "upload-a-release-asset", true, true, false},
	// Search. The docs data lists only GET /search/labels (metadata:read);
	// gh-cli-permissions.tsv (gh search ..., from octokit/app-permissions)
	// gives metadata:read for the others. Results cover only repositories
	// the installation can read; private issues and code also need
	// issues/pull_requests/contents read on those repositories.
	{"metadata", "Metadata", "read", "GET", "/search/issues", "search-issues-and-pull-requests", true, true, false},
	{"metadata", "Metadata", "read", "GET", "/search/repositories", "search-repositories", true, true, false},
	{"metadata", "Metadata", "read", "GET", "/search/code", "search-code", true, true, false},
	{"metadata", "Metadata", "read", "GET", "/search/commits", "search-commits", true, true, false},
}
