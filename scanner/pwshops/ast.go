package pwshops

// The syntax tree of a PowerShell script, at the level the reader needs:
// statements, pipelines, commands with their arguments, and expressions
// whose values may carry a credential. Offsets are byte offsets into the
// parsed text; lines are computed from them.

// node is where a piece of syntax starts and ends in the text.
type node struct {
	off, end int
}

// stmt is a statement.
type stmt interface{ at() node }

func (n node) at() node { return n }

func (n *node) setAt(off, end int) { n.off, n.end = off, end }

// chainStmt is pipelines joined by && and ||: the first always runs, the
// others may not.
type chainStmt struct {
	node
	pipes []*pipeline
}

// pipeline is commands and expressions joined by |.
type pipeline struct {
	node
	elems []*element
}

// element is one stage of a pipeline: a command or an expression, with
// its redirections.
type element struct {
	node
	cmd    *command
	expr   expr
	redirs []redirect
}

// redirect is `> target`, `>> target`, `2>&1`, ...
type redirect struct {
	// stream is the stream redirected: "1" (also written as nothing), "2",
	// ..., "*".
	stream string
	app    bool
	// target is nil for a merge into another stream (2>&1).
	target expr
}

// command is a command call: a name and its arguments.
type command struct {
	node
	// invoke is "&" (call operator), "." (dot-source) or "".
	invoke string
	name   expr
	args   []arg
}

// arg is one argument of a command: a parameter (-Name, -Name:value), a
// value, or a splatted variable (@name).
type arg struct {
	node
	// param is the parameter name without its dash, "" for a value.
	param string
	// colon is true for -Name:value (value is then set).
	colon bool
	value expr
	// splat is the variable splatted with @name.
	splat string
	// verbatim is the rest of the line after --%, passed as written.
	verbatim bool
}

// assignStmt is `target op value`.
type assignStmt struct {
	node
	target expr
	op     string
	value  stmt
}

// ifStmt is if / elseif / else.
type ifStmt struct {
	node
	conds  []stmt
	bodies [][]stmt
	els    []stmt
}

// loopStmt is foreach, for, while, do-while and do-until.
type loopStmt struct {
	node
	kind string
	// variable is foreach's loop variable.
	variable string
	// heads are the conditions, the collection, for's parts.
	heads []stmt
	body  []stmt
}

// switchStmt is switch (value) { cond { body } ... }.
type switchStmt struct {
	node
	value   stmt
	conds   []expr
	bodies  [][]stmt
	hasFile bool
}

// tryStmt is try { } catch { } finally { } and trap { }.
type tryStmt struct {
	node
	body    []stmt
	catches [][]stmt
	finally []stmt
}

// funcStmt is a function or filter definition.
type funcStmt struct {
	node
	name   string
	params []param
	body   []stmt
}

// param is one parameter of a function or script block.
type param struct {
	name string
	def  expr
}

// paramStmt is a param(...) block at the start of a script, function or
// script block.
type paramStmt struct {
	node
	params []param
}

// flowStmt is return, throw, exit, break and continue.
type flowStmt struct {
	node
	kind  string
	value stmt
}

// blockStmt is statements run as a group: begin/process/end, data and
// unnamed blocks.
type blockStmt struct {
	node
	body []stmt
}

// skippedStmt is a statement the reader does not follow (class and enum
// definitions, using, configuration): its lines are read as unread.
type skippedStmt struct {
	node
	what string
}

// expr is an expression.
type expr interface{ at() node }

// litExpr is text known as written: a number, a single-quoted string, a
// bareword without variables.
type litExpr struct {
	node
	text string
}

// strExpr is text with variables and subexpressions in it: a
// double-quoted string, a here-string, or a bareword such as
// --token=$t.
type strExpr struct {
	node
	parts []expr
}

// varExpr is $name, ${name}, $env:NAME, $script:name.
type varExpr struct {
	node
	// scope is env, script, global, local, private, using, variable, ""
	// (lower case).
	scope string
	name  string
}

// subExpr is $(...) and @(...).
type subExpr struct {
	node
	body []stmt
}

// parenExpr is (pipeline).
type parenExpr struct {
	node
	body []stmt
}

// hashExpr is @{ key = value; ... }.
type hashExpr struct {
	node
	keys []expr
	vals []stmt
}

// arrayExpr is a, b, c.
type arrayExpr struct {
	node
	elems []expr
}

// binExpr is l op r, op in lower case (+, -f, -join, -eq, ..).
type binExpr struct {
	node
	op   string
	l, r expr
}

// unaryExpr is op x: -not, !, -, +, ++, --, -join, -split, a cast
// ([type]x, op is the type).
type unaryExpr struct {
	node
	op string
	x  expr
}

// memberExpr is x.name, x::name, x.name(args), x::name(args).
type memberExpr struct {
	node
	x      expr
	name   expr
	static bool
	call   bool
	args   []expr
}

// indexExpr is x[i].
type indexExpr struct {
	node
	x, i expr
}

// typeExpr is [type].
type typeExpr struct {
	node
	name string
}

// blockExpr is a script block { param(...) ... }.
type blockExpr struct {
	node
	params []param
	body   []stmt
}

// splatExpr is @name in an expression.
type splatExpr struct {
	node
	name string
}
