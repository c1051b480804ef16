package scanner

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestDockerSecretMounts: the ids RUN --mount=type=secret mounts, the
// target's base name standing for a missing id, and a build argument
// making them unknown.
func TestDockerSecretMounts(t *testing.T) {
	for _, tc := range []struct {
		dockerfile string
		want       []string
		known      bool
	}{
		{"FROM x\nRUN go build", nil, true},
		{"FROM x\nRUN --mount=type=secret,id=GIT_AUTH_TOKEN git config", []string{"GIT_AUTH_TOKEN"}, true},
		{"RUN --mount=type=secret,target=/run/secrets/npmrc npm ci", []string{"npmrc"}, true},
		{"RUN --mount=type=cache,target=/root/.cache go build", nil, true},
		{"RUN --mount=type=secret,id=$NAME x", nil, false},
	} {
		got, known := dockerSecretMounts(tc.dockerfile)
		if known != tc.known || known && !slices.Equal(slices.Sorted(maps.Keys(got)), tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
			t.Errorf("dockerSecretMounts(%q) = %v, %v; want %v, %v", tc.dockerfile, got, known, tc.want, tc.known)
		}
	}
}

// TestBuildSecretID: the secret name whose value names the credential.
func TestBuildSecretID(t *testing.T) {
	raw := "NPMRC=${{ secrets.NPMRC }}\nGIT_AUTH_TOKEN=${{ secrets.BOT_PAT }}\n"
	if got := buildSecretID(raw, "secrets.BOT_PAT"); got != "GIT_AUTH_TOKEN" {
		t.Errorf("buildSecretID = %q, want GIT_AUTH_TOKEN", got)
	}
	if got := buildSecretID(raw, "secrets.OTHER"); got != "" {
		t.Errorf("buildSecretID of an absent credential = %q", got)
	}
}

// FuzzDockerSecretMounts: any Dockerfile text is read without a panic,
// and every id found is named in the text.
func FuzzDockerSecretMounts(f *testing.F) {
	f.Add("RUN --mount=type=secret,id=A,target=/x cmd")
	f.Add("RUN --mount=type=secret,target=/run/secrets/b --mount=type=secret,id=c x")
	f.Fuzz(func(t *testing.T, s string) {
		ids, _ := dockerSecretMounts(s)
		for id := range ids {
			if !strings.Contains(s, id) {
				t.Errorf("id %q is not in the text", id)
			}
		}
	})
}
