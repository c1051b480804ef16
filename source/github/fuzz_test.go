package github

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func tarGz(files map[string]string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	_ = tw.WriteHeader(&tar.Header{Name: "o-r-abc/", Typeflag: tar.TypeDir})
	for _, p := range []string{".github/actions/a/action.yml", ".github/workflows/ci.yml", "README", "action.yml", "src/x.go"} {
		if c, ok := files[p]; ok {
			_ = tw.WriteHeader(&tar.Header{Name: "o-r-abc/" + p, Typeflag: tar.TypeReg, Size: int64(len(c)), Mode: 0o644})
			_, _ = tw.Write([]byte(c))
		}
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

func TestReadArchive(t *testing.T) {
	refs, err := readArchive(bytes.NewReader(tarGz(map[string]string{
		".github/workflows/ci.yml": ciYAML, ".github/actions/a/action.yml": compositeYAML, "README": "x", "action.yml": compositeYAML, "src/x.go": "package x",
	})), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, r := range refs {
		paths = append(paths, r.Path)
		if r.OID != gitBlobID(r.data) {
			t.Errorf("%s: oid %s", r.Path, r.OID)
		}
	}
	want := []string{".github/actions/a/action.yml", ".github/workflows/ci.yml", "action.yml"}
	if len(paths) != len(want) {
		t.Fatalf("paths = %v, want %v", paths, want)
	}
	for i := range want {
		if paths[i] != want[i] {
			t.Errorf("paths = %v, want %v", paths, want)
		}
	}
	if _, err := readArchive(bytes.NewReader(tarGz(map[string]string{".github/workflows/ci.yml": ciYAML})), 10); err == nil {
		t.Errorf("a file over the size limit must be an error")
	}
	// git's id of "hello\n" (git hash-object).
	if got := gitBlobID([]byte("hello\n")); got != "ce013625030ba8dba906f756967f9e9ca394464a" {
		t.Errorf("gitBlobID = %s", got)
	}
}

// FuzzReadArchive: archives come from the network; any bytes must give
// files or an error, never a panic, and only wanted paths.
func FuzzReadArchive(f *testing.F) {
	f.Add(tarGz(map[string]string{".github/workflows/ci.yml": ciYAML, "action.yml": "x"}))
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, b []byte) {
		refs, err := readArchive(bytes.NewReader(b), 1<<16)
		if err != nil {
			return
		}
		ok, _ := checkListing(refs)
		for _, r := range ok {
			if !wantedFile(r.Path) || !cleanPath(r.Path) || r.OID != gitBlobID(r.data) {
				t.Fatalf("bad ref %+v", r)
			}
		}
	})
}

// FuzzGraphQLTree: GraphQL answers are decoded and walked; paths that come
// out must be wanted, without "..", and ids valid.
func FuzzGraphQLTree(f *testing.F) {
	f.Add([]byte(`{"isEmpty":false,"defaultBranchRef":{"name":"main"},"gh":{"entries":[{"name":"workflows","type":"tree","oid":"aa","object":{"entries":[{"name":"ci.yml","type":"blob","oid":"abcd1234"}]}}]},"a1":{"oid":"ffff0000","byteSize":3}}`))
	f.Add([]byte(`{"gh":{"entries":[{"name":"..","type":"tree","object":{"entries":[{"name":"x","type":"tree"}]}}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var g gqlRepo
		if json.Unmarshal(b, &g) != nil || g.GH == nil {
			return
		}
		deep := false
		ok, _ := checkListing(walkEntries(nil, ".github", g.GH.Entries, &deep))
		for _, r := range ok {
			if !wantedFile(r.Path) || !validOID(r.OID) || slices.Contains(strings.Split(r.Path, "/"), "..") {
				t.Fatalf("bad ref %+v", r)
			}
		}
	})
}

func TestGraphQLURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.github.com/":         "https://api.github.com/graphql",
		"https://ghe.example.com/api/v3/": "https://ghe.example.com/api/graphql",
		"http://127.0.0.1:4000/":          "http://127.0.0.1:4000/graphql",
		"http://127.0.0.1:4000/prefix/":   "http://127.0.0.1:4000/prefix/graphql",
	} {
		u, _ := url.Parse(in)
		if got := graphQLURL(u); got != want {
			t.Errorf("graphQLURL(%s) = %s, want %s", in, got, want)
		}
	}
}
