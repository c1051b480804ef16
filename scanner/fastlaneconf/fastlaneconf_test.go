package fastlaneconf

import (
	"maps"
	"strings"
	"testing"
)

func TestParseMatchfile(t *testing.T) {
	for _, c := range []struct {
		name, file string
		repo       string
		creds      map[string]int
		readOnly   bool
	}{
		{"token in git_url", "git_url(\"https://#{ENV['FASTLANE_REPO_PAT']}@github.com/acme/certs\")\ntype(\"development\")\n",
			"acme/certs", map[string]int{"FASTLANE_REPO_PAT": 1}, false},
		{"user and token, .git, no parentheses", "# certificates\ngit_url \"https://x-access-token:#{ENV[\"CERTS_TOKEN\"]}@github.com/acme/certs.git\"\nreadonly(true)\n",
			"acme/certs", map[string]int{"CERTS_TOKEN": 2}, true},
		{"fetch with a default", "git_url(\"https://#{ENV.fetch('T', '')}@github.com/acme/certs\")\n",
			"acme/certs", map[string]int{"T": 1}, false},
		{"basic authorization", "git_url(\"https://github.com/acme/certs.git\")\ngit_basic_authorization(Base64.strict_encode64(\"bot:#{ENV['MATCH_PAT']}\"))\n",
			"acme/certs", map[string]int{"MATCH_PAT": 2}, false},
		{"ssh address", "git_url(\"git@github.com:acme/certs.git\")\n", "", map[string]int{}, false},
		{"address from the environment", "git_url(ENV['MATCH_GIT_URL'])\n", "", map[string]int{}, false},
		{"repository named at run time", "git_url(\"https://#{ENV['T']}@github.com/#{ENV['ORG']}/certs\")\n", "", map[string]int{}, false},
		{"another host", "git_url(\"https://#{ENV['T']}@gitlab.com/acme/certs\")\n", "", map[string]int{}, false},
		{"commented out", "# git_url(\"https://#{ENV['T']}@github.com/acme/certs\")\n", "", map[string]int{}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := ParseMatchfile([]byte(c.file))
			if m.Repo != c.repo || !maps.Equal(m.Creds, c.creds) || m.ReadOnly != c.readOnly {
				t.Errorf("got repo %q creds %v read-only %v, want %q %v %v", m.Repo, m.Creds, m.ReadOnly, c.repo, c.creds, c.readOnly)
			}
		})
	}
}

func TestReadOnlyOnCI(t *testing.T) {
	for _, c := range []struct {
		name, file string
		want       bool
	}{
		{"platform before_all", "default_platform :ios\n\nplatform :ios do\n  before_all do\n    setup_ci\t\n    create_keychain(name: 'x')\n  end\n\n  lane :beta do\n    match(type: 'appstore')\n  end\nend\n", true},
		{"top-level before_all", "before_all do |lane|\n  setup_ci(provider: 'circleci')\nend\nplatform :ios do\n  lane :a do\n  end\nend\nplatform :mac do\nend\n", true},
		{"inside a condition", "platform :ios do\n  before_all do\n    if ENV['CI'] == 'true'\n      setup_ci\n    end\n  end\nend\n", false},
		{"modifier condition", "before_all do\n  setup_ci if is_ci\nend\n", false},
		{"in a lane only", "platform :ios do\n  lane :beta do\n    setup_ci\n    match\n  end\nend\n", false},
		{"one platform's, two platforms", "platform :ios do\n  before_all do\n    setup_ci\n  end\nend\nplatform :mac do\n  lane :a do\n    match\n  end\nend\n", false},
		{"made writable again", "before_all do\n  setup_ci\nend\nlane :certs do\n  match(readonly: false)\nend\n", false},
		{"MATCH_READONLY assigned", "before_all do\n  setup_ci\n  ENV['MATCH_READONLY'] = 'false'\nend\n", false},
		{"commented out", "before_all do\n  # setup_ci\n  cocoapods\nend\n", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := ReadOnlyOnCI([]byte(c.file)); got != c.want {
				t.Errorf("ReadOnlyOnCI = %v, want %v", got, c.want)
			}
		})
	}
}

// FuzzParseMatchfile: any text reads without a panic, and every
// credential it finds is on a line of the file with a repository named.
func FuzzParseMatchfile(f *testing.F) {
	f.Add("git_url(\"https://#{ENV['T']}@github.com/acme/certs\")\nreadonly(true)\n")
	f.Add("git_basic_authorization(Base64.strict_encode64(\"u:#{ENV.fetch('T', '')}\"))\ngit_url 'https://github.com/a/b.git'\n")
	f.Add("git_url(\"#{\"")
	f.Fuzz(func(t *testing.T, s string) {
		m := ParseMatchfile([]byte(s))
		lines := len(strings.Split(s, "\n"))
		for name, l := range m.Creds {
			if name == "" || l < 1 || l > lines {
				t.Fatalf("credential %q at line %d of %d", name, l, lines)
			}
		}
		if m.Repo != "" && (m.RepoLine < 1 || m.RepoLine > lines) {
			t.Fatalf("repository %q at line %d of %d", m.Repo, m.RepoLine, lines)
		}
	})
}

// FuzzReadOnlyOnCI: any text reads without a panic, and a file that names
// no setup_ci is never read-only.
func FuzzReadOnlyOnCI(f *testing.F) {
	f.Add("platform :ios do\n  before_all do\n    setup_ci\n  end\nend\n")
	f.Add("before_all do\n\tsetup_ci\nend\n")
	f.Fuzz(func(t *testing.T, s string) {
		if ReadOnlyOnCI([]byte(s)) && !strings.Contains(s, "setup_ci") {
			t.Fatalf("read-only without setup_ci: %q", s)
		}
	})
}
