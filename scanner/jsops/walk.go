package jsops

import (
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/js"
)

// ordered is a js.IVisitor that visits nodes in source order: js.Walk visits
// an if's body before its condition, a loop's body before its head and a
// call's arguments before its callee, which would pair calls with the wrong
// tokens when locating them.
type ordered func(js.INode)

func (v ordered) Exit(js.INode) {}

func (v ordered) Enter(n js.INode) js.IVisitor {
	v(n)
	switch n := n.(type) {
	case *js.IfStmt:
		v.walk(n.Cond, n.Body, n.Else)
	case *js.ForStmt:
		v.walk(n.Init, n.Cond, n.Post)
		v.block(n.Body)
	case *js.ForInStmt:
		v.walk(n.Init, n.Value)
		v.block(n.Body)
	case *js.ForOfStmt:
		v.walk(n.Init, n.Value)
		v.block(n.Body)
	case *js.WhileStmt:
		v.walk(n.Cond, n.Body)
	case *js.WithStmt:
		v.walk(n.Cond, n.Body)
	case *js.TryStmt:
		v.block(n.Body)
		if n.Binding != nil {
			js.Walk(v, n.Binding)
		}
		v.block(n.Catch)
		v.block(n.Finally)
	case *js.SwitchStmt:
		v.walk(n.Init)
		for i := range n.List {
			c := &n.List[i]
			v.walk(c.Cond)
			for _, s := range c.List {
				v.walk(s)
			}
		}
	case *js.FuncDecl:
		if n.Name != nil {
			js.Walk(v, n.Name)
		}
		js.Walk(v, &n.Params)
		js.Walk(v, &n.Body)
	case *js.ArrowFunc:
		js.Walk(v, &n.Params)
		js.Walk(v, &n.Body)
	case *js.MethodDecl:
		js.Walk(v, &n.Name)
		js.Walk(v, &n.Params)
		js.Walk(v, &n.Body)
	case *js.CallExpr:
		v.walk(n.X)
		js.Walk(v, &n.Args)
	case *js.NewExpr:
		v.walk(n.X)
		if n.Args != nil {
			js.Walk(v, n.Args)
		}
	case *js.TemplateExpr:
		v.walk(n.Tag)
		for i := range n.List {
			js.Walk(v, &n.List[i])
		}
	default:
		return v
	}
	return nil
}

// walk visits nodes that may be nil interfaces.
func (v ordered) walk(nodes ...js.INode) {
	for _, n := range nodes {
		if n != nil {
			js.Walk(v, n)
		}
	}
}

// block visits a block that may be a nil pointer.
func (v ordered) block(b *js.BlockStmt) {
	if b != nil {
		js.Walk(v, b)
	}
}

// callSites lists, per function name, the offsets of the name tokens of
// plain calls `name(...)` in source order. A name preceded by `.`, `?.`,
// `function` or `new`, or whose argument list is followed by `{` or `=>`
// (a declaration, method or arrow function), is not a call.
func callSites(src []byte) map[string][]int {
	type tok struct {
		tt  js.TokenType
		off int
		s   string
	}
	var toks []tok
	buf := make([]byte, len(src), len(src)+1)
	copy(buf, src)
	l := js.NewLexer(parse.NewInputBytes(buf))
	off := 0
	for {
		tt, data := l.Next()
		if tt == js.DivToken || tt == js.DivEqToken {
			if len(toks) == 0 || regexpMayFollow(toks[len(toks)-1].tt) {
				tt, data = l.RegExp()
			}
		}
		if tt == js.ErrorToken {
			break
		}
		switch tt {
		case js.WhitespaceToken, js.LineTerminatorToken, js.CommentToken, js.CommentLineTerminatorToken:
		default:
			t := tok{tt: tt, off: off}
			if js.IsIdentifier(tt) {
				t.s = string(data)
			}
			toks = append(toks, t)
		}
		off += len(data)
	}
	sites := map[string][]int{}
	for i := 0; i+1 < len(toks); i++ {
		if !js.IsIdentifier(toks[i].tt) || toks[i+1].tt != js.OpenParenToken {
			continue
		}
		if i > 0 {
			switch toks[i-1].tt {
			case js.DotToken, js.OptChainToken, js.FunctionToken, js.NewToken:
				continue
			}
		}
		depth, j := 0, i+1
		for ; j < len(toks); j++ {
			if toks[j].tt == js.OpenParenToken {
				depth++
			} else if toks[j].tt == js.CloseParenToken {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		if j+1 < len(toks) && (toks[j+1].tt == js.OpenBraceToken || toks[j+1].tt == js.ArrowToken) {
			continue
		}
		sites[toks[i].s] = append(sites[toks[i].s], toks[i].off)
	}
	return sites
}

// regexpMayFollow tells whether a `/` after a token of type tt starts a
// regular expression rather than a division.
func regexpMayFollow(tt js.TokenType) bool {
	switch {
	case js.IsIdentifier(tt), js.IsNumeric(tt):
		return false
	}
	switch tt {
	case js.CloseParenToken, js.CloseBracketToken, js.StringToken, js.TemplateToken,
		js.TemplateEndToken, js.RegExpToken, js.ThisToken, js.SuperToken,
		js.TrueToken, js.FalseToken, js.NullToken, js.IncrToken, js.DecrToken:
		return false
	}
	return true
}
