package github

import (
	"os"
	"testing"
)

// TestWriteBlobOnlyNew: a blob the cache holds is not written again (its
// file keeps its identity); a damaged one is replaced; content that is not
// the object's is never written.
func TestWriteBlobOnlyNew(t *testing.T) {
	c := diskCache{dir: t.TempDir()}
	data := []byte("on: push\n")
	oid := gitBlobID(data)
	c.writeBlob(oid, data)
	p := c.path("blobs", oid)
	before, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	c.writeBlob(oid, data)
	after, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Errorf("a blob already cached was written again")
	}
	if err := os.WriteFile(p, []byte("on: pull\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.writeBlob(oid, data)
	if got, ok := c.readBlob(oid); !ok || string(got) != string(data) {
		t.Errorf("a damaged blob was not replaced: %q %v", got, ok)
	}
	other := gitBlobID([]byte("x"))
	c.writeBlob(other, data)
	if _, err := os.Stat(c.path("blobs", other)); err == nil {
		t.Errorf("content that is not the object's was cached")
	}
}
