package apptoken

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// CredentialRequest is what git tells a credential helper (the
// git-credential input format: key=value lines ending with a blank line).
type CredentialRequest struct {
	Protocol string
	Host     string
	// Path is owner/name(.git) when git sends it (credential.useHttpPath).
	Path string
}

// maxCredentialInput bounds what is read from git.
const maxCredentialInput = 64 << 10

// ReadCredentialRequest reads git's request.
func ReadCredentialRequest(r io.Reader) (CredentialRequest, error) {
	var req CredentialRequest
	sc := bufio.NewScanner(io.LimitReader(r, maxCredentialInput))
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			break
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return req, fmt.Errorf("git credential input: a line without '=' (%d bytes)", len(line))
		}
		switch k {
		case "protocol":
			req.Protocol = v
		case "host":
			req.Host = v
		case "path":
			req.Path = v
		case "url":
			if u, err := url.Parse(v); err == nil {
				req.Protocol, req.Host, req.Path = u.Scheme, u.Host, strings.TrimPrefix(u.Path, "/")
			}
		}
	}
	if err := sc.Err(); err != nil {
		return req, fmt.Errorf("git credential input: %w", err)
	}
	return req, nil
}

// Repo returns the owner and repository name of the request's path, when
// git sent one.
func (c CredentialRequest) Repo() (owner, name string, ok bool) {
	p := strings.TrimSuffix(strings.Trim(c.Path, "/"), ".git")
	owner, name, ok = strings.Cut(p, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return "", "", false
	}
	return owner, name, true
}

// ForHost reports whether the request is for the GitHub host of apiURL,
// over https (or plain http when the API itself is, as in tests). A helper
// answers nothing for other hosts, so the token never goes elsewhere.
func (c CredentialRequest) ForHost(apiURL string) bool {
	u, err := url.Parse(webURL(apiURL))
	if err != nil {
		return false
	}
	return strings.EqualFold(c.Host, u.Host) && c.Protocol == u.Scheme
}

// WriteCredential answers git with the token as the password of
// x-access-token, and its expiry so git does not reuse it past it.
func WriteCredential(w io.Writer, token string, expires time.Time) error {
	if strings.ContainsAny(token, "\n\r\x00") {
		return errors.New("git credential output: the token has a line break")
	}
	_, err := fmt.Fprintf(w, "username=x-access-token\npassword=%s\npassword_expiry_utc=%s\n\n", token, strconv.FormatInt(expires.Unix(), 10))
	return err
}
