package actionsrc

import (
	"slices"
	"strings"

	"github.com/pat2app/pat2app/scanner/jsops"
)

// TokenUse is what a JavaScript action's source shows it does with a
// value given through one input or environment variable.
type TokenUse struct {
	// Calls are the calls the value may make: those through clients made
	// from it, and those through clients whose token the source does not
	// show (a parameter, a field), which may be any token's.
	Calls []Call
	// Reaches is true when the source shows the value is a token the
	// action uses: a client is made from it, or (an input) its default is
	// the workflow's token.
	Reaches bool
	// Untraced is true when some client's token could not be followed to
	// an input or variable, so this value may be it.
	Untraced bool
}

// TokenUse returns what the source does with the input called name, or
// with the environment variable called name when env is true.
func (a *Action) TokenUse(name string, env bool) TokenUse {
	var u TokenUse
	if !env && a.Meta != nil {
		if in, ok := a.Meta.Input(name); ok && in.DefaultsToToken() {
			u.Reaches = true
		}
	}
	from := func(t jsops.Token) bool {
		if env {
			return slices.ContainsFunc(t.Env, func(e string) bool { return strings.EqualFold(e, name) })
		}
		return slices.Contains(t.Inputs, strings.ToLower(name))
	}
	for _, c := range a.Clients {
		if from(c.Token) {
			u.Reaches = true
		}
		if !c.Token.Traced {
			u.Untraced = true
		}
	}
	for _, c := range a.Calls {
		switch {
		case c.Token == nil || !c.Token.Traced:
			u.Untraced = u.Untraced || c.Kind != jsops.KindExec && c.Kind != jsops.KindUnknown
			u.Calls = append(u.Calls, c)
		case from(*c.Token):
			u.Reaches = true
			u.Calls = append(u.Calls, c)
		}
	}
	return u
}

// TokenInputs are the inputs the source shows take a token: those whose
// default is the workflow's token and those a client is made from.
func (a *Action) TokenInputs() []string {
	var out []string
	add := func(n string) {
		n = strings.ToLower(n)
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	if a.Meta != nil {
		for _, in := range a.Meta.Inputs {
			if in.DefaultsToToken() {
				add(in.Name)
			}
		}
	}
	for _, c := range a.Clients {
		for _, in := range c.Token.Inputs {
			if a.Meta == nil {
				add(in)
			} else if _, ok := a.Meta.Input(in); ok {
				add(in)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TokenEnv are the environment variables the source makes a client from.
func (a *Action) TokenEnv() []string {
	var out []string
	for _, c := range a.Clients {
		for _, e := range c.Token.Env {
			if !slices.Contains(out, e) {
				out = append(out, e)
			}
		}
	}
	slices.Sort(out)
	return out
}
