package repocode

import (
	"cmp"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/pat2app/pat2app/scanner/shellops"
	"github.com/pat2app/pat2app/scanner/toxconf"
)

// runTox follows tox -e NAMES into the commands of those environments in
// the tox configuration (scanner/toxconf). tox hands its commands only
// the variables pass_env names (and those set_env sets), so a credential
// in its environment reaches them only so.
func (f *Follower) runTox(r *shellops.Run) shellops.Followed {
	if !r.DirKnown {
		return shellops.Followed{Note: "the working directory is not known"}
	}
	dir := r.Dir
	if root, ok := r.Flags["--root"]; ok {
		d, why, ok := resolve(dir, true, root, "")
		if !ok {
			return shellops.Followed{Note: "tox --root " + root + ": " + cmp.Or(why, "not a repository folder")}
		}
		dir = d
	}
	p, note := f.configFile(r, dir, "tox", "-c", toxconf.Names, func(q string) bool {
		conf, err := f.toxConfig(q)
		return err != nil || conf.Found // tox's, or not readable: said below
	})
	if p == "" {
		return shellops.Followed{Note: cmp.Or(note, "no tox configuration in "+dir)}
	}
	fl := f.read(p)
	if fl.missing {
		return shellops.Followed{Note: p + " is not in the checkout"}
	}
	if fl.err != nil {
		return shellops.Followed{Handled: true, Uses: unread(r, p, 0, "", "could not be read: "+fl.err.Error())}
	}
	conf, err := f.toxConfig(p)
	if err != nil {
		return shellops.Followed{Handled: true, Uses: unread(r, p, toxconf.ErrorLine(err), "", "could not be read: "+err.Error())}
	}
	if _, ok := r.Flags["-m"]; ok {
		return shellops.Followed{Handled: true, Uses: unread(r, p, 0, "", "runs the environments of the labels "+r.Flags["-m"]+", which are not read")}
	}
	names := strings.FieldsFunc(r.Target, func(c rune) bool { return c == ',' })
	if len(names) == 0 {
		names = conf.EnvList
	}
	if slices.Contains(names, "ALL") || slices.Contains(names, "all") {
		names = slices.Sorted(maps.Keys(conf.Envs))
	}
	if len(names) == 0 || strings.ContainsAny(r.Target, "{}$") {
		return shellops.Followed{Handled: true, Uses: unread(r, p, 0, "", "runs environments chosen at run time or not listed ("+cmp.Or(r.Target, "no env_list")+")")}
	}
	key := p + "#tox#" + strings.Join(names, ",")
	if why, ok := f.push(key); !ok {
		return shellops.Followed{Handled: true, Uses: unread(r, p, 0, "", why)}
	}
	defer f.pop()
	memo := memoKey("tox", p, strings.Join(names, ","), r)
	if res, ok := f.memo[memo]; ok {
		return copyFollowed(res)
	}
	out := shellops.Followed{Handled: true, Accounted: true}
	stored := r.Base.Stored
	argEnv := map[string][]string{}
	posargs := argWords("tox_arg_", r.Args, argEnv)
	for _, n := range names {
		e := conf.Env(n)
		env := toxEnv(r.Env, e)
		for k, v := range argEnv {
			env[k] = v
		}
		for _, c := range e.Commands {
			text := fillPosargs(c.Text, strings.Join(posargs, " "))
			stored = f.shellText(r, p, shellPiece{text: text, shell: "sh", start: max(c.Line, 1), env: env, dir: dir,
				name: r.Base.Name, what: "tox environment " + n + "'s command is only partly read"}, stored, &out)
		}
	}
	f.memo[memo] = out
	return copyFollowed(out)
}

// toxParse is a tox configuration as parsed once.
type toxParse struct {
	conf *toxconf.Config
	err  error
}

// toxConfig parses a tox configuration once.
func (f *Follower) toxConfig(p string) (*toxconf.Config, error) {
	fl := f.read(p)
	if fl.missing {
		return nil, errors.New("not in the checkout")
	}
	if fl.err != nil {
		return nil, fl.err
	}
	if c, ok := fl.parsed["tox"].(toxParse); ok {
		return c.conf, c.err
	}
	c, err := toxconf.Parse(p, fl.data)
	if fl.parsed == nil {
		fl.parsed = map[string]any{}
	}
	fl.parsed["tox"] = toxParse{c, err}
	return c, err
}

// toxEnv is the credentials an environment's commands see: those of the
// variables its pass_env names, and of the variables its set_env sets
// from tox's own environment ({env:NAME}, written $NAME or ${NAME}).
func toxEnv(outer map[string][]string, e *toxconf.Env) map[string][]string {
	env := map[string][]string{}
	for k, v := range outer {
		if e.Passes(k) {
			env[k] = v
		}
	}
	for k, v := range e.SetEnv {
		for name, creds := range outer {
			if strings.Contains(v, "${"+name+"}") || strings.Contains(v, "$"+name) {
				env[k] = codeflow.Union(env[k], creds...)
			}
		}
	}
	return env
}

// fillPosargs writes the positional arguments given after -- in place of
// {posargs}, or the default {posargs:DEFAULT} gives when there are none.
func fillPosargs(text, posargs string) string {
	for {
		i := strings.Index(text, "{posargs")
		if i < 0 {
			return text
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			return text
		}
		def := strings.TrimPrefix(text[i+len("{posargs"):i+j], ":")
		val := posargs
		if val == "" {
			val = def
		}
		text = text[:i] + val + text[i+j+1:]
	}
}
