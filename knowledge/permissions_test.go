package knowledge

import (
	"strings"
	"testing"
)

func TestParsePermissions(t *testing.T) {
	tests := []struct {
		in      string
		want    string // Permissions.String()
		wantErr string
	}{
		{"", "", ""},
		{"contents:write,pull_requests:write", "contents:write,pull_requests:write", ""},
		{" contents : read , contents:write ", "contents:write", ""},
		{"contents:write,contents:read", "contents:write", ""},
		{"pull-requests:WRITE", "pull_requests:write", ""},
		{"emails:read", "email_addresses:read", ""},
		{"id_token:write,pages:write", "id_token:write,pages:write", ""},
		{"id-token=write", "id_token:write", ""},
		{"organization_projects:admin", "organization_projects:admin", ""},
		{"contents", "", "want name:access"},
		{"contents:none", "", "not read, write or admin"},
		{"bogus:read", "", "unknown permission name"},
		{"notifications:read", "", "unknown permission name"},
	}
	for _, tt := range tests {
		got, err := ParsePermissions(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParsePermissions(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParsePermissions(%q): %v", tt.in, err)
			continue
		}
		if got.String() != tt.want {
			t.Errorf("ParsePermissions(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPermissionsAddMergeClone(t *testing.T) {
	p := Permissions{}
	p.Add("contents", "read")
	p.Add("contents", "write")
	p.Add("contents", "read")
	p.Add("issues", "bogus")
	p.Add("issues", "read")
	p.Add("issues", "bogus")
	if p.String() != "contents:write,issues:read" {
		t.Fatalf("after Add: %q", p)
	}
	o := Permissions{"contents": "admin", "pages": "write", "issues": "read"}
	p.Merge(o)
	if p.String() != "contents:admin,issues:read,pages:write" {
		t.Fatalf("after Merge: %q", p)
	}
	c := p.Clone()
	c.Add("workflows", "write")
	if _, ok := p["workflows"]; ok {
		t.Fatal("Clone shares storage with the original")
	}
	if n := Permissions(nil).Clone(); n == nil || len(n) != 0 {
		t.Fatalf("nil Clone = %#v", n)
	}
	if got := (Permissions{"id_token": "write", "pages": "write"}).AppOnly().String(); got != "pages:write" {
		t.Errorf("AppOnly = %q", got)
	}
}

func TestAccessRank(t *testing.T) {
	for in, want := range map[string]int{"read": 1, "write": 2, "admin": 3, "": 0, "Write": 0, "none": 0} {
		if got := AccessRank(in); got != want {
			t.Errorf("AccessRank(%q) = %d, want %d", in, got, want)
		}
	}
}

func FuzzParsePermissions(f *testing.F) {
	for _, s := range []string{"contents:write,pull_requests:write", "id-token=write", "", ",,", "a:b:c", "emails:read"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePermissions(s)
		if err != nil {
			return
		}
		for n, a := range p {
			if AccessRank(a) == 0 {
				t.Fatalf("ParsePermissions(%q) gave access %q for %q", s, a, n)
			}
			if !IsAppPermission(n) && !IsJobOnlyPermission(n) {
				t.Fatalf("ParsePermissions(%q) gave unknown name %q", s, n)
			}
		}
		// The String form parses back to the same set.
		q, err := ParsePermissions(p.String())
		if err != nil || q.String() != p.String() {
			t.Fatalf("round trip of %q: %q, %v", p, q, err)
		}
	})
}
