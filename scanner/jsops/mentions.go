package jsops

import (
	"strings"

	"github.com/tdewolff/parse/v2/js"
)

// A module's strings can show a GitHub request or a push that no call or
// command the reading understands makes: a route handed to a client of a
// shape it does not know, a command line run by a function it does not
// follow. Such a string is listed (Program.Unattributed) so that the
// module is never taken to use nothing.

// mention checks one string of the module.
func (a *analyzer) mention(n js.INode) {
	var text string
	off := -1
	switch e := n.(type) {
	case *js.LiteralExpr:
		if e.TokenType != js.StringToken {
			return
		}
		text, _ = a.stringLiteral(*e)
		off = a.offset(e.Data)
	case *js.TemplateExpr:
		if e.Tag != nil && isDollarTag(e.Tag) {
			return // a command, read as one
		}
		var b strings.Builder
		for _, p := range e.List {
			b.WriteString(templateChunk(a.source(p.Value)))
			b.WriteString("{x}")
		}
		b.WriteString(templateChunk(a.source(e.Tail)))
		text = b.String()
		off = a.firstOffset(e, 0)
	default:
		return
	}
	if off < 0 || len(text) > maxStringLen {
		return
	}
	line := a.line(off)
	switch {
	case isAPIRouteText(text):
		if !a.routeAttributed(text, line) {
			a.prog.module.Unattributed = append(a.prog.module.Unattributed, Flow{Line: line, Evidence: truncate(strings.TrimSpace(text), maxEvidence)})
		}
	case isGitPushText(text):
		if !a.pushAttributed(line) {
			a.prog.module.Unattributed = append(a.prog.module.Unattributed, Flow{Line: line, Evidence: truncate(strings.TrimSpace(text), maxEvidence)})
		}
	}
}

// isGitPushText reports a command line that runs git push.
func isGitPushText(s string) bool {
	f := strings.Fields(s)
	for i := 0; i+1 < len(f); i++ {
		if f[i] == "git" && f[i+1] == "push" {
			return true
		}
	}
	return false
}

// routeAttributed reports whether a call read sends the route: one at the
// same line, or one whose path is the route's (a route kept in a
// variable). A bare API base URL is attributed to any GitHub call.
func (a *analyzer) routeAttributed(text string, line int) bool {
	_, path := splitRoute(text)
	path = routeShape(path)
	bare := path == "/" || path == "" || strings.HasPrefix(path, "http")
	for _, c := range a.calls {
		if c.Line == line {
			return true
		}
		switch c.Kind {
		case KindRequest, KindREST, KindGraphQL, KindUnknown:
			if bare {
				return true
			}
			_, cp := splitRoute(c.Route)
			cp = routeShape(cp)
			if c.Route != "" && (cp == path || strings.HasPrefix(cp, path) || strings.HasPrefix(path, cp) && cp != "/") {
				return true
			}
		}
	}
	return false
}

// pushAttributed reports whether a command read at line, or one that
// pushes, accounts for a git push command line.
func (a *analyzer) pushAttributed(line int) bool {
	for _, c := range a.prog.module.Commands {
		if c.Line == line || isGitPushText(c.Text) {
			return true
		}
	}
	return false
}

// IsAPIRouteText reports text that names a GitHub API request ("VERB
// /path", an api.github.com URL, a path under the API's top-level
// folders).
func IsAPIRouteText(s string) bool { return isAPIRouteText(s) }

// routeShape drops a path's query and writes each {placeholder} as {}, so
// that a route's text and a call's match whatever their holes are named.
func routeShape(path string) string {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(path, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(path[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(path[:i] + "{}")
		path = path[i+j+1:]
	}
	b.WriteString(path)
	return b.String()
}
