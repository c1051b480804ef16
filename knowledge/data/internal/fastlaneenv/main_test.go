package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestRun reads testdata/fastlane: env_name: options, ENV[...], ENV.fetch
// and ENV.key? reads, each name once with the first file that reads it,
// and nothing from spec/.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(os.DirFS("testdata"), "abc123", &out); err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if !strings.HasPrefix(l, "#") {
			rows = append(rows, l)
		}
	}
	src := "\tfastlane/fastlane@abc123 fastlane/lib/fastlane/actions/set_github_release.rb"
	want := []string{"name\tsource", "FL_GITHUB_RELEASE_API_TOKEN" + src, "FL_GITHUB_RELEASE_SERVER_URL" + src, "GHE_HOST" + src, "GITHUB_API_TOKEN" + src, "USE_GHE" + src}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
}
