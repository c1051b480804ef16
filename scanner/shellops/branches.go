package shellops

import (
	"slices"

	"mvdan.cc/sh/v3/syntax"
)

// Code that may not run (a branch, a loop body) is read with a.cond above
// zero. In a loop body, and in code a Session marks as a branch, every
// assignment is merged at once with the variable's value before: a later
// read may see either. An arm of an if, case, && or || is read as
// straight-line code: an assignment holds until the arm ends, so
// `endpoint=URL; curl "$endpoint"` in a function called under an if
// reads URL. When the arm ends, each variable it assigned is merged with
// its value before the arm, as if assigned under a.cond.

// arm records, for the branch arm being read, each variable's value
// before the arm first assigned it (nil: unset), in assignment order.
type arm struct {
	saved map[string]*variable
	order []string
}

// enterArm starts reading a branch arm.
func (a *analyzer) enterArm() {
	a.cond++
	a.arms = append(a.arms, &arm{saved: map[string]*variable{}})
}

// leaveArm ends the arm enterArm started; the variables keep their values
// at its end, and the arm says what they were before it.
func (a *analyzer) leaveArm() *arm {
	a.cond--
	r := a.arms[len(a.arms)-1]
	a.arms = a.arms[:len(a.arms)-1]
	return r
}

// inArm reports whether the innermost code that may not run is a branch
// arm (not a loop body, nor a Session branch).
func (a *analyzer) inArm() bool {
	return len(a.arms) > 0 && a.armDepth == a.cond
}

// noteAssign records, in the innermost arm, a variable's value before the
// arm first changes it.
func (a *analyzer) noteAssign(name string) {
	if len(a.arms) > 0 {
		a.arms[len(a.arms)-1].save(name, a.vars[name])
	}
}

// save records v as name's value before the arm, unless the arm already
// holds one.
func (r *arm) save(name string, v *variable) {
	if _, ok := r.saved[name]; ok {
		return
	}
	r.saved[name] = cloneVar(v)
	r.order = append(r.order, name)
}

// cloneVar copies a variable so that later changes in place (an indexed
// array element appended) do not reach the copy.
func cloneVar(v *variable) *variable {
	if v == nil {
		return nil
	}
	c := *v
	c.arr = slices.Clone(v.arr)
	c.alts = slices.Clone(v.alts)
	return &c
}

// readArms reads the n arms of a conditional in turn. After each, every
// variable it assigned is merged with its value when the arm began, so a
// later arm (an elif's condition runs after the if's) and the code after
// the conditional see each value any arm may have left.
func (a *analyzer) readArms(n int, read func(i int) value) value {
	var out value
	before := map[string]*variable{}
	var order []string
	for i := 0; i < n; i++ {
		a.enterArm()
		depth := a.armDepth
		a.armDepth = a.cond
		out.appendValue(read(i))
		a.armDepth = depth
		r := a.leaveArm()
		for _, name := range r.order {
			if _, ok := before[name]; !ok {
				before[name] = r.saved[name]
				order = append(order, name)
			}
			// Merged with its value when the arm began, which holds
			// what earlier arms left.
			a.mergeInto(name, r.saved[name])
		}
	}
	// Names the arms assigned belong to the enclosing arm too.
	if len(a.arms) > 0 {
		for _, name := range order {
			a.arms[len(a.arms)-1].save(name, before[name])
		}
	}
	return out
}

// mergeInto merges a variable's value at the end of an arm with prev, its
// value before the arm, as an assignment under a.cond does.
func (a *analyzer) mergeInto(name string, prev *variable) {
	cur := a.vars[name]
	switch {
	case cur == nil:
		// Unset in the arm: the value before may still hold.
		if prev != nil {
			a.vars[name] = cloneVar(prev)
		}
	case prev == nil:
		// Set only in the arm: taken as set, as an assignment under
		// a.cond to an unset variable is.
	case cur.isArr || prev.isArr:
		if cur.isArr && prev.isArr && !hasPrefixValues(cur.arr, prev.arr) {
			// Reassigned in the arm: either list (one appended to in
			// the arm already starts with the list before).
			elems := append(slices.Clone(prev.arr), cur.arr...)
			if len(elems) > maxParts {
				elems = elems[:maxParts]
			}
			cur.arr = elems
		}
	default:
		a.vars[name] = mergedVar(name, prev, cur.val, cur.alts, cur.exported, a.allExport)
	}
}

// armStmts reads the statements of one branch arm.
func (a *analyzer) armStmts(stmts []*syntax.Stmt, stdin value) value {
	return a.readArms(1, func(int) value { return a.stmts(stmts, stdin) })
}

// hasPrefixValues reports whether list starts with the values of prefix.
func hasPrefixValues(list, prefix []value) bool {
	if len(prefix) > len(list) {
		return false
	}
	for i, v := range prefix {
		if list[i].String() != v.String() {
			return false
		}
	}
	return true
}
