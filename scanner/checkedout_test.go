package scanner

import "testing"

func TestRepoEnvValue(t *testing.T) {
	for _, tc := range []struct {
		raw, want string
		ok        bool
	}{
		{"open-telemetry/opentelemetry-collector", "open-telemetry/opentelemetry-collector", true},
		{"${{ github.repository }}", "{owner}/{repo}", true},
		{"${{github.event.repository.full_name}}", "{owner}/{repo}", true},
		{"${{ github.repository_owner }}/site", "{owner}/site", true},
		{" acme/app.js ", "acme/app.js", true},
		{"${{ inputs.repo }}", "", false},
		{"acme/${{ matrix.name }}", "", false},
		{"${{ github.event.pull_request.head.repo.full_name }}", "", false},
		{"https://github.com/acme/app", "", false},
		{"acme/app/sub", "", false},
		{"hello world", "", false},
		{"", "", false},
		{"{repo}/{owner}", "", false},
	} {
		got, ok := repoEnvValue(tc.raw)
		if ok != tc.ok || ok && got != tc.want {
			t.Errorf("repoEnvValue(%q) = %q, %v; want %q, %v", tc.raw, got, ok, tc.want, tc.ok)
		}
	}
}
