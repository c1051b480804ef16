package github

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/pat2app/pat2app/scanner"
)

// gitBlobID is the git object id of data, as trees and GraphQL name it.
func gitBlobID(data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// tarball reads the wanted files of r's default branch from its tar
// archive. git archive writes entries in tree order, so .github/ comes
// before most of the repository and reading stops once the root entries are
// past action.yml; the rest of the download is abandoned.
func (c *Client) tarball(ctx context.Context, r *repoMeta) ([]fileRef, string, error) {
	ref := r.DefaultBranch
	if ref == "" {
		ref = "HEAD"
	}
	u := c.gh.BaseURL() + "repos/" + url.PathEscape(r.Owner) + "/" + url.PathEscape(r.Name) + "/tarball/" + url.PathEscape(ref)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, "", fmt.Errorf("tarball of %s: %w", r.full(), err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("tarball of %s: %w", r.full(), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", &repoError{Status: resp.StatusCode, Msg: "tarball: " + http.StatusText(resp.StatusCode)}
	}
	refs, commit, err := readArchiveCommit(resp.Body, scanner.DefaultMaxFileSize)
	if err != nil {
		return nil, "", fmt.Errorf("tarball of %s: %w", r.full(), err)
	}
	return refs, commit, nil
}

// readArchive collects wanted files from a .tar.gz whose entries sit under
// one top folder. An entry outside that folder, or whose path is not clean,
// is listed with its problem (checkListing reports it), never read as a
// file of the repository.
func readArchive(body io.Reader, maxSize int64) ([]fileRef, error) {
	refs, _, err := readArchiveCommit(body, maxSize)
	return refs, err
}

// readArchiveCommit is readArchive that also returns the commit the
// archive was made of, when its global header says (git archive writes
// it as the pax comment).
func readArchiveCommit(body io.Reader, maxSize int64) ([]fileRef, string, error) {
	zr, err := gzip.NewReader(body)
	if err != nil {
		return nil, "", err
	}
	tr := tar.NewReader(zr)
	var out []fileRef
	top, commit := "", ""
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out, commit, nil
		}
		if err != nil {
			return nil, "", err
		}
		if h.Typeflag == tar.TypeXGlobalHeader && top == "" {
			if c := h.PAXRecords["comment"]; len(c) == 40 && validOID(c) {
				commit = c
			}
			continue
		}
		if h.Typeflag != tar.TypeReg && h.Typeflag != tar.TypeDir {
			continue // pax headers, links
		}
		dir, p, _ := strings.Cut(h.Name, "/")
		if top == "" {
			top = dir
		}
		if dir != top {
			if h.Typeflag == tar.TypeReg {
				out = append(out, fileRef{Path: h.Name, problem: fmt.Sprintf("the archive holds %q outside the repository's folder", h.Name)})
			}
			continue
		}
		if p == "" {
			continue // the top folder
		}
		first, _, _ := strings.Cut(p, "/")
		if first > "action.yml" { // ".github" < "action.yaml" < "action.yml"
			return out, commit, nil // the rest cannot hold a wanted file
		}
		if h.Typeflag != tar.TypeReg || !wantedFile(p) {
			continue
		}
		if !cleanPath(p) {
			out = append(out, fileRef{Path: p, problem: fmt.Sprintf("the archive holds %q, which is not a clean path inside the repository", p)})
			continue
		}
		if h.Size > maxSize {
			return nil, "", fmt.Errorf("%s is larger than %d bytes", p, maxSize)
		}
		data, err := io.ReadAll(io.LimitReader(tr, maxSize+1))
		if err != nil {
			return nil, "", fmt.Errorf("read %s: %w", p, err)
		}
		out = append(out, fileRef{Path: p, OID: gitBlobID(data), Size: int64(len(data)), data: data})
	}
}
