package shellops

import "mvdan.cc/sh/v3/syntax"

// symlinkLoop reports the loop scripts use to resolve their own path
// through symbolic links before taking its folder:
//
//	while [ -h "$SOURCE" ]; do
//	  DIR=$(cd -P "$(dirname "$SOURCE")" && pwd)
//	  SOURCE=$(readlink "$SOURCE")
//	  [[ $SOURCE != /* ]] && SOURCE=$DIR/$SOURCE
//	done
//
// Its condition tests a link (-h, -L) and its body only assigns values
// made by path commands (readlink, dirname, cd, pwd, realpath, basename)
// and tests: it runs no other command.
func symlinkLoop(c *syntax.WhileClause) bool {
	if c.Until || len(c.Cond) != 1 || len(c.Do) == 0 || !linkTest(c.Cond[0].Cmd) {
		return false
	}
	for _, st := range c.Do {
		if !pathAssign(st.Cmd) {
			return false
		}
	}
	return true
}

// linkTest reports [ -h X ], [ -L X ], test -h X and [[ -h X ]].
func linkTest(cmd syntax.Command) bool {
	switch c := cmd.(type) {
	case *syntax.TestClause:
		u, ok := c.X.(*syntax.UnaryTest)
		return ok && u.Op == syntax.TsSmbLink
	case *syntax.CallExpr:
		var words []string
		for _, w := range c.Args {
			words = append(words, w.Lit())
		}
		switch {
		case len(words) == 4 && words[0] == "[" && words[3] == "]":
			return words[1] == "-h" || words[1] == "-L"
		case len(words) == 3 && words[0] == "test":
			return words[1] == "-h" || words[1] == "-L"
		}
	}
	return false
}

// pathAssign reports a command that only assigns values whose command
// substitutions run path commands, or a test followed by && and such an
// assignment.
func pathAssign(cmd syntax.Command) bool {
	switch c := cmd.(type) {
	case *syntax.CallExpr:
		if len(c.Args) > 0 || len(c.Assigns) == 0 {
			return false
		}
		for _, as := range c.Assigns {
			if as.Value != nil && !onlyPathCommands(as.Value) {
				return false
			}
		}
		return true
	case *syntax.BinaryCmd:
		_, isTest := c.X.Cmd.(*syntax.TestClause)
		return c.Op == syntax.AndStmt && isTest && pathAssign(c.Y.Cmd)
	}
	return false
}

// pathCommands are the commands a path is made with.
var pathCommands = map[string]bool{"readlink": true, "dirname": true, "cd": true, "pwd": true, "realpath": true, "basename": true}

// onlyPathCommands reports whether every command a word's command
// substitutions run is a path command.
func onlyPathCommands(w *syntax.Word) bool {
	ok := true
	syntax.Walk(w, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.CallExpr:
			if len(n.Args) == 0 || !pathCommands[n.Args[0].Lit()] {
				ok = false
			}
		case *syntax.Stmt:
			switch n.Cmd.(type) {
			case *syntax.CallExpr, *syntax.BinaryCmd, nil:
			default:
				ok = false
			}
		}
		return ok
	})
	return ok
}
