package scanner

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/repofiles"
	"github.com/pat2app/pat2app/scanner/fastlaneconf"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// A fastlane run has every variable of its step's environment, and its
// lanes are code of the repository that may read any of them. A variable
// fastlane does not read by its name (knowledge.FastlaneReadsEnv) and no
// tool of the knowledge base reads either is read only where a file names
// it: the repository's Fastfile, Matchfile, scripts and build files, and
// (out of sight) gems and plugins written for this one name, which pat2app
// takes not to exist. With the repository on this machine every file can be
// searched for the name, and where it is named says what is done with it.

// Limits of one search of a repository's files for a name.
const (
	maxMentionFiles = 200_000
	maxMentionBytes = 1 << 30
	maxMentionsKept = 20
)

// mention is a line of a repository file that names a variable.
type mention struct {
	file string
	line int
	text string
}

// nameSearch is what a search of a repository's files found for a name:
// the lines that name it (the first maxMentionsKept) and how many files;
// why, when not empty, says why the search is not complete.
type nameSearch struct {
	at    []mention
	files int
	why   string
}

// nameMentions caches the searches of one repository, shared by the
// readings of its composite actions (analyseRemote).
type nameMentions struct {
	byName map[string]nameSearch
}

// fastlaneCommand reads a fastlane run's use of the credential in its
// environment variable u.Var (what toolUse said fastlane may read through
// its configuration) when the name is the repository's own: it reports
// true, having recorded what the files that name it do, when the search of
// every file of the repository on this machine is complete. No file names
// it: neither fastlane nor what its lanes run reads it. A Matchfile's
// git_url or git authorization takes it: match clones that repository, and
// pushes the certificates it makes unless it runs read-only. Any other
// file that names it is left for review at its line. It reports false,
// leaving toolUse's entry, for a name fastlane or another tool reads by
// convention, and when the repository cannot be searched.
func (js *jobState) fastlaneCommand(b *builder, u shellops.Use, ev inventory.Evidence) bool {
	k := u.Var
	if k == "" || conventionalEnv(k) {
		return false
	}
	found := js.a.rs.searchName(k)
	if found.why != "" {
		return false
	}
	subj := inventory.Subject{Command: "fastlane"}
	matchfiles := map[string]fastlaneconf.Matchfile{}
	var other []mention
	for _, m := range found.at {
		if path.Base(m.file) != "Matchfile" {
			other = append(other, m)
			continue
		}
		mf, read := matchfiles[m.file]
		if !read {
			data, err := fs.ReadFile(js.a.rs.repo.Tree, m.file)
			if err != nil {
				other = append(other, m)
				continue
			}
			mf = fastlaneconf.ParseMatchfile(data)
			matchfiles[m.file] = mf
		}
		if line, ok := mf.Creds[k]; !ok || line != m.line || mf.Repo == "" {
			other = append(other, m)
			continue
		}
		js.matchStorage(b, mf, m, u.Args, subj)
	}
	for _, m := range other {
		b.unresolvedAt(inventory.Unresolved{Evidence: inventory.Evidence{File: m.file, Line: m.line, Text: oneLine(m.text, 120)}, Subject: subj,
			Reason: "fastlane runs the repository's lanes and what they call, and this file names $" + k + "; what it does with it is not read"})
	}
	if rest := found.files - filesOf(found.at); rest > 0 {
		b.unresolvedAt(inventory.Unresolved{Evidence: ev, Subject: subj,
			Reason: strconv.Itoa(rest) + " more files of the repository name $" + k + "; fastlane may run them"})
	}
	return true
}

// matchStorage records match's use of a Matchfile's credential: a clone
// of its git storage, and a push of the certificates and profiles it makes
// unless it runs read-only (readonly(true), --readonly or readonly:true on
// the command line, or setup_ci first in a before_all of the Fastfile
// beside it, which on CI sets MATCH_READONLY).
func (js *jobState) matchStorage(b *builder, mf fastlaneconf.Matchfile, m mention, args []string, subj inventory.Subject) {
	ev := inventory.Evidence{File: m.file, Line: m.line, Text: oneLine(m.text, 120)}
	b.signal(1, true, "match's git storage "+mf.Repo+" ("+ev.Located()+")")
	b.target(mf.Repo)
	b.op(inventory.Operation{Kind: inventory.OpGit, Method: "GIT", Path: "clone (match's git storage)", Name: "clone", Repos: []string{mf.Repo}, Subject: subj, Evidence: ev})
	readOnly := mf.ReadOnly && !mf.Writable || slices.ContainsFunc(args, func(a string) bool {
		return a == "--readonly" || a == "readonly:true"
	})
	if !readOnly && !mf.Writable {
		fastfile, err := fs.ReadFile(js.a.rs.repo.Tree, path.Join(path.Dir(m.file), "Fastfile"))
		readOnly = err == nil && fastlaneconf.ReadOnlyOnCI(fastfile)
	}
	if readOnly {
		return
	}
	b.op(inventory.Operation{Kind: inventory.OpGit, Method: "GIT", Path: "push (match's git storage: the certificates and profiles it makes when it does not run read-only)", Name: "push",
		Writes: true, Repos: []string{mf.Repo}, Subject: subj, Evidence: ev})
}

// conventionalEnv reports a variable some program reads by its name,
// unseen: fastlane (knowledge/data/fastlane-env.tsv), a tool of
// knowledge/data/tools.tsv, a name GitHub tools or another service's read
// (env-vars.tsv), or one the runner sets.
func conventionalEnv(k string) bool {
	return knowledge.FastlaneReadsEnv(k) || knowledge.ToolReadsEnv(k) || knowledge.IsGitHubTokenEnv(k) || knowledge.IsGitHubTokenVarName(k) ||
		knowledge.IsOtherServiceEnv(k) || knowledge.IsRunnerDefaultEnv(k) || knowledge.IsRunnerToken(k)
}

// filesOf is the number of files among mentions.
func filesOf(at []mention) int {
	seen := map[string]bool{}
	for _, m := range at {
		seen[m.file] = true
	}
	return len(seen)
}

// searchName finds the lines of the repository's files that name k as a
// word, once per name in a scan. Workflows and action metadata are left
// out: the scan reads them. The search needs the repository on this
// machine (RepoFiles.TreeLocal): why says so otherwise, and when a limit
// stops it.
func (rs *repoScan) searchName(k string) nameSearch {
	if r, ok := rs.mentions.byName[k]; ok {
		return r
	}
	r := rs.readMentions(k)
	rs.mentions.byName[k] = r
	return r
}

// errSearchLimit stops a search that reached a limit.
var errSearchLimit = errors.New("the repository is larger than a search reads")

func (rs *repoScan) readMentions(k string) nameSearch {
	if rs.repo.Tree == nil || !rs.repo.TreeLocal {
		return nameSearch{why: "the repository's files are not on this machine"}
	}
	var r nameSearch
	word := []byte(k)
	files, total := 0, 0
	err := fs.WalkDir(rs.repo.Tree, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if c := repofiles.Classify(p); c == repofiles.Workflow || c == repofiles.Action {
			return nil
		}
		files++
		if files > maxMentionFiles {
			return errSearchLimit
		}
		data, err := fs.ReadFile(rs.repo.Tree, p)
		if err != nil {
			return err
		}
		total += len(data)
		if total > maxMentionBytes {
			return errSearchLimit
		}
		if !bytes.Contains(data, word) {
			return nil
		}
		named := false
		for i, line := range strings.Split(string(data), "\n") {
			if !shellops.Mentions(line, k) {
				continue
			}
			if !named {
				named = true
				r.files++
			}
			if len(r.at) < maxMentionsKept {
				r.at = append(r.at, mention{file: p, line: i + 1, text: strings.TrimSpace(line)})
			}
		}
		return nil
	})
	if err != nil {
		return nameSearch{why: fmt.Sprintf("the search of the repository's files stopped: %v", err)}
	}
	return r
}
