package ghaw

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// A lock file's run steps are bash. Two things the compiler writes in them
// are configuration rather than commands: here-documents that carry JSON
// (the MCP gateway's configuration, safe outputs' config.json), and the
// command that starts the agent inside gh-aw's firewall (awf), whose
// --exclude-env options keep credentials out of the agent's sandbox.

// maxScript bounds the scripts read.
const maxScript = 1 << 20

// HereDoc is one here-document of a script.
type HereDoc struct {
	// Line is the script line (1-based) of the here-document's first
	// line of text.
	Line int
	// Text is its body as written (not expanded).
	Text string
	// Commands are the programs of the pipeline the here-document feeds
	// (each command's first word and the words after it, as written):
	// `cat <<EOF | node x.cjs` gives cat and node x.cjs.
	Commands [][]string
	// Targets are the files the pipeline's commands write with > or >>.
	Targets []string
}

// exprRE finds workflow expressions, which bash cannot parse.
var exprRE = regexp.MustCompile(`\$\{\{.*?\}\}`)

// maskExprs replaces each ${{ ... }} with a word of the same length, so
// that offsets into the masked text are offsets into the original.
func maskExprs(s string) string {
	return exprRE.ReplaceAllStringFunc(s, func(e string) string {
		return "X" + strings.Repeat("_", len(e)-1)
	})
}

// parseScript parses a bash script with its expressions masked.
func parseScript(script string) (*syntax.File, string, error) {
	if len(script) > maxScript {
		return nil, "", fmt.Errorf("script is %d bytes, over the %d-byte limit", len(script), maxScript)
	}
	masked := maskExprs(script)
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(masked), "")
	if err != nil {
		return nil, "", err
	}
	return f, masked, nil
}

// HereDocs lists a script's here-documents with the pipelines they feed.
func HereDocs(script string) ([]HereDoc, error) {
	f, _, err := parseScript(script)
	if err != nil {
		return nil, err
	}
	var out []HereDoc
	syntax.Walk(f, func(n syntax.Node) bool {
		st, ok := n.(*syntax.Stmt)
		if !ok {
			return true
		}
		pipe := pipeline(st)
		for _, s := range pipe {
			for _, r := range s.Redirs {
				if r.Hdoc == nil || (r.Op != syntax.Hdoc && r.Op != syntax.DashHdoc) {
					continue
				}
				start, end := r.Hdoc.Pos().Offset(), r.Hdoc.End().Offset()
				if end > uint(len(script)) || start > end {
					continue
				}
				h := HereDoc{Line: int(r.Hdoc.Pos().Line()), Text: hereDocBody(script[start:end], r.Word, script)}
				for _, p := range pipe {
					if words := callWords(p, script); len(words) > 0 {
						h.Commands = append(h.Commands, words)
					}
					for _, pr := range p.Redirs {
						if (pr.Op == syntax.RdrOut || pr.Op == syntax.AppOut || pr.Op == syntax.RdrClob) && pr.Word != nil {
							h.Targets = append(h.Targets, wordText(pr.Word, script))
						}
					}
				}
				out = append(out, h)
			}
		}
		return false // a pipeline's statements are read with it
	})
	return out, nil
}

// hereDocBody drops the closing delimiter line from a here-document's
// text, when the parser's range holds it.
func hereDocBody(text string, delim *syntax.Word, script string) string {
	if delim == nil {
		return text
	}
	d := wordText(delim, script)
	trimmed := strings.TrimRight(text, "\n")
	i := strings.LastIndexByte(trimmed, '\n')
	if strings.TrimLeft(trimmed[i+1:], "\t") == d {
		return trimmed[:i+1]
	}
	return text
}

// pipeline flattens a statement that is a pipe (a | b | c) into its
// statements; any other statement is its own.
func pipeline(st *syntax.Stmt) []*syntax.Stmt {
	if b, ok := st.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.Pipe || b.Op == syntax.PipeAll) {
		return append(pipeline(b.X), pipeline(b.Y)...)
	}
	return []*syntax.Stmt{st}
}

// callWords is a simple command's words as written in the script, nil
// for any other command.
func callWords(st *syntax.Stmt, script string) []string {
	c, ok := st.Cmd.(*syntax.CallExpr)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(c.Args))
	for _, w := range c.Args {
		out = append(out, wordText(w, script))
	}
	return out
}

// wordText is a word as written, without its quotes.
func wordText(w *syntax.Word, script string) string {
	start, end := w.Pos().Offset(), w.End().Offset()
	if end > uint(len(script)) || start > end {
		return ""
	}
	return strings.NewReplacer(`"`, "", `'`, "").Replace(script[start:end])
}

// Runs reports whether command words run a file named name (its base
// name): `node x/start_mcp_gateway.cjs`, `"$NODE" "${DIR}/x.cjs"`,
// `bash x.sh`.
func Runs(words []string, name string) bool {
	for _, w := range words {
		if path.Base(strings.TrimSpace(w)) == name {
			return true
		}
	}
	return false
}

// Sandbox is how a step starts the agent in gh-aw's firewall (awf).
type Sandbox struct {
	// Line is the script line of the awf command.
	Line int
	// Excluded are the variables --exclude-env keeps out of the sandbox.
	Excluded []string
	// EnvAll is true when --env-all passes the step's environment in.
	EnvAll bool
}

// FindSandbox reports the awf command of a script (run directly or
// through sudo), with the variables it keeps out of the agent's sandbox.
func FindSandbox(script string) (Sandbox, bool) {
	f, _, err := parseScript(script)
	if err != nil {
		return Sandbox{}, false
	}
	var sb Sandbox
	found := false
	syntax.Walk(f, func(n syntax.Node) bool {
		c, ok := n.(*syntax.CallExpr)
		if !ok || found {
			return !found
		}
		words := make([]string, 0, len(c.Args))
		for _, w := range c.Args {
			words = append(words, wordText(w, script))
		}
		i := 0
		if len(words) > 0 && words[0] == "sudo" {
			// sudo's own options (-E, -n, --preserve-env=...) come first.
			for i = 1; i < len(words) && strings.HasPrefix(words[i], "-"); i++ {
			}
		}
		if i >= len(words) || path.Base(words[i]) != "awf" {
			return true
		}
		found = true
		sb.Line = int(c.Pos().Line())
		for j := i + 1; j < len(words); j++ {
			w := words[j]
			switch {
			case w == "--":
				return false // the agent's own command follows
			case w == "--env-all":
				sb.EnvAll = true
			case w == "--exclude-env" && j+1 < len(words):
				sb.Excluded = append(sb.Excluded, words[j+1])
				j++
			case strings.HasPrefix(w, "--exclude-env="):
				sb.Excluded = append(sb.Excluded, strings.TrimPrefix(w, "--exclude-env="))
			}
		}
		return false
	})
	return sb, found
}
