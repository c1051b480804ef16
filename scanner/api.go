// Package scanner finds every credential referenced by GitHub Actions
// workflows and composite actions, follows it through env, inputs, run
// scripts, github-script code and reusable workflows, and turns what it sees
// into API operations with file:line evidence.
package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"sync"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// Options configure a Scanner.
type Options struct {
	// Config is the parsed .pat2app.yaml; nil means defaults.
	Config *config.Config
	// MaxFileSize is the largest file read, in bytes; 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// Actions gives the repositories of actions the knowledge base has no
	// row for, to read them at the ref a step pins; nil leaves them
	// unread ("action not read (offline)").
	Actions ActionSource
	// CheckoutConfig gives, in a local scan, the configuration of the
	// checkout at root (its own .pat2app.yaml over Config): it names that
	// repository and decides its findings' kinds. Nil, or a nil result,
	// means Config; an error is an input error of the checkout, which is
	// then scanned with Config.
	CheckoutConfig func(root string) (*config.Config, error)
}

// DefaultMaxFileSize is the largest workflow file read (larger ones are
// refused with an error naming the file).
const DefaultMaxFileSize = 4 << 20

// File is one file of a repository: its repository-relative path (or, for a
// bare workflow file given on the command line, the path as given) and its
// content.
type File struct {
	Path string
	Data []byte
}

// RepoFiles is a repository's workflow files and composite actions, however
// they were obtained (a checkout, the API, a git ref).
type RepoFiles struct {
	// Name is owner/name, or the folder name when there is no remote.
	Name string
	// Config is the configuration of this repository's findings; nil
	// means the scanner's.
	Config *config.Config
	// DefaultBranch is the ref links point at, when known.
	DefaultBranch string
	// URL is the repository's web address, when known.
	URL   string
	Files []File
	// Tree reads the repository's other files (the scripts, package.json,
	// Makefile and sources its workflows run), by slash-separated path
	// from the repository root: a checkout's, or in an organisation scan
	// the repository's at the commit its workflows were read at, fetched
	// when first opened; nil when they are not available (a workflow file
	// given alone, a git ref). Paths must not lead out of the repository
	// (os.Root's FS and the organisation scan's tree refuse them).
	Tree fs.FS
	// TreeLocal is set when Tree is on this machine (a checkout): reading
	// every file costs no request, so a search of all of them for a
	// variable's name is allowed.
	TreeLocal bool
	// AllWorkflows is true when Files holds every workflow of the
	// repository: it was read whole (a checkout, an organisation scan, a
	// git ref) and no workflow file was left unread. Only then does the
	// scan say that no workflow runs on an event.
	AllWorkflows bool
	// TreeNote says why Tree is nil, for the entries of the scripts that
	// are not read; empty means the scan has only workflow and action
	// files.
	TreeNote string
}

// Scanner scans workflow files. It holds no per-scan state and is safe for
// concurrent use.
type Scanner struct {
	cfg     *config.Config
	maxSize int64
	// readers lends each scanning goroutine a shell-script reader whose
	// parser buffers outlive one script.
	readers sync.Pool
	// source gives actions' repositories; actions holds what was read of
	// them.
	source  ActionSource
	actions actionReads
	// workflows holds what was read of reusable workflows of other
	// repositories, through source when it is a WorkflowSource.
	workflows workflowReads
	// checkoutConfig is Options.CheckoutConfig.
	checkoutConfig func(root string) (*config.Config, error)
}

// New returns a Scanner.
func New(opts Options) *Scanner {
	cfg := opts.Config
	if cfg == nil {
		cfg = config.Default()
	}
	maxSize := opts.MaxFileSize
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	s := &Scanner{cfg: cfg, maxSize: maxSize, source: opts.Actions, checkoutConfig: opts.CheckoutConfig}
	s.readers.New = func() any { return new(shellops.Reader) }
	return s
}

// Fingerprint identifies a finding across line moves: repo + file + job +
// credential, hashed.
func Fingerprint(repo, file, job, credential string) string {
	// The hash of repo NUL file NUL job NUL credential, joined in a buffer
	// on the stack.
	var buf [256]byte
	b := append(buf[:0], repo...)
	b = append(append(b, 0), file...)
	b = append(append(b, 0), job...)
	b = append(append(b, 0), credential...)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}
