package fix

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

// applyVerified applies the edits of every planned job to text and keeps
// them only when they verify (see verifyAll). A job whose edits do not
// verify is refused and the rest are applied and verified again; a problem
// that cannot be traced to one job refuses them all. It returns the
// rewritten text and the edits kept, in text order. before is text parsed.
func applyVerified(text string, before *yaml.Node, planned []*jobEdit) (string, []edit) {
	for round := 0; ; round++ {
		var live []*jobEdit
		var edits []edit
		for _, je := range planned {
			if len(je.edits) > 0 {
				live = append(live, je)
				edits = append(edits, je.edits...)
			}
		}
		if len(live) == 0 {
			return text, nil
		}
		out, err := applyEdits(text, edits)
		var failed map[*jobEdit]error
		if err == nil {
			failed, err = verifyAll(text, out, before, live)
		}
		if err == nil && len(failed) == 0 {
			return out, edits
		}
		for _, je := range live {
			switch {
			case err != nil:
				je.refuse(err)
			case failed[je] != nil:
				je.refuse(failed[je])
			case round > 0:
				// A second round that still fails: nothing is kept.
				je.refuse(fmt.Errorf("another job's rewrite in this file did not verify"))
			}
		}
	}
}

// verifyAll checks a rewrite two ways before it is kept. First, the
// rewritten text must mean exactly what the intended node-level edits
// mean: every value outside the rewritten jobs unchanged, and each job equal
// to the original job with the replaced values, the new permissions and the
// new steps. Second, actionlint must not find a problem in it that the
// original did not have. Problems of one job are returned by job; an error
// is a problem that cannot be traced to one job. before is the original's
// document mapping.
//
// The documents are compared key by key (each top-level value, then each
// job), never decoded whole: decoding a mapping checks its keys pairwise,
// which for a jobs mapping of thousands of jobs costs more than the rest.
func verifyAll(beforeText, afterText string, before *yaml.Node, live []*jobEdit) (map[*jobEdit]error, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(afterText), &doc); err != nil {
		return nil, fmt.Errorf("the rewrite does not parse: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, fmt.Errorf("the rewrite does not parse as one document")
	}
	after := doc.Content[0]
	edited := map[string]*jobEdit{}
	for _, je := range live {
		edited[je.name] = je
	}
	failed := map[*jobEdit]error{}
	top := sameMapping(before, after, func(key string, b, a *yaml.Node) error {
		if key != "jobs" {
			return sameValue(b, a)
		}
		return sameMapping(b, a, func(name string, b, a *yaml.Node) error {
			je := edited[name]
			if je == nil {
				return sameValue(b, a)
			}
			exp, err := je.expected()
			if err == nil {
				var got any
				if err = a.Decode(&got); err == nil && !reflect.DeepEqual(got, exp) {
					err = fmt.Errorf("the rewritten job %q does not read back as intended", name)
				}
			}
			if err != nil {
				failed[je] = err
			}
			return nil
		})
	})
	if top != nil {
		return nil, top
	}
	news := lintDelta([]byte(beforeText), []byte(afterText))
	if len(news) == 0 {
		return failed, nil
	}
	byJob := jobAtLine(&doc, live)
	perJob := map[*jobEdit][]string{}
	for _, e := range news {
		je := byJob(e.Line)
		if je == nil {
			return nil, fmt.Errorf("actionlint cannot parse the rewrite: line %d: %s", e.Line, e.Message)
		}
		perJob[je] = append(perJob[je], fmt.Sprintf("line %d: %s", e.Line, e.Message))
	}
	for je, msgs := range perJob {
		if failed[je] == nil {
			failed[je] = fmt.Errorf("actionlint cannot parse the rewrite: %s", strings.Join(msgs, "; "))
		}
	}
	return failed, nil
}

// errOutside refuses a rewrite that changed what it did not mean to.
var errOutside = fmt.Errorf("the rewrite changed something outside the jobs it rewrote")

// sameMapping compares two mappings key by key with same: the same keys,
// in the same order, none twice, each pair of values accepted by same.
func sameMapping(b, a *yaml.Node, same func(key string, b, a *yaml.Node) error) error {
	if b.Kind != yaml.MappingNode || a.Kind != yaml.MappingNode || len(b.Content) != len(a.Content) {
		return errOutside
	}
	seen := make(map[string]bool, len(b.Content)/2)
	for i := 0; i+1 < len(b.Content); i += 2 {
		kb, ka := b.Content[i], a.Content[i]
		if kb.Kind != yaml.ScalarNode || ka.Kind != yaml.ScalarNode || kb.Value != ka.Value || kb.Tag != ka.Tag || seen[kb.Value] {
			return errOutside
		}
		seen[kb.Value] = true
		if err := same(kb.Value, b.Content[i+1], a.Content[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// sameValue reports whether two nodes decode to the same value.
func sameValue(b, a *yaml.Node) error {
	var vb, va any
	if err := b.Decode(&vb); err != nil {
		return fmt.Errorf("the original does not decode: %w", err)
	}
	if err := a.Decode(&va); err != nil {
		return fmt.Errorf("the rewrite does not decode: %w", err)
	}
	if !reflect.DeepEqual(vb, va) {
		return errOutside
	}
	return nil
}

// expected is what the job must decode to after its edits.
func (je *jobEdit) expected() (any, error) {
	var exp any
	if err := cloneWith(je.job, je.newValues).Decode(&exp); err != nil {
		return nil, fmt.Errorf("decode the job: %w", err)
	}
	expJob, ok := exp.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the job is not a mapping")
	}
	if je.perms != nil {
		m := map[string]any{}
		for k, v := range je.perms {
			m[k] = v
		}
		expJob["permissions"] = m
	}
	if len(je.inserted) > 0 || len(je.addIf) > 0 {
		old, _ := expJob["steps"].([]any)
		var list []any
		for i, st := range old {
			for _, n := range je.inserted[i] {
				var v any
				if err := n.Decode(&v); err != nil {
					return nil, fmt.Errorf("decode the new step: %w", err)
				}
				list = append(list, v)
			}
			if cond, ok := je.addIf[i]; ok {
				m, ok := st.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("step %d is not a mapping", i+1)
				}
				m["if"] = cond
			}
			list = append(list, st)
		}
		expJob["steps"] = list
	}
	return expJob, nil
}

// jobAtLine returns a function naming the rewritten job that holds a line
// of the rewritten document (nil for a line outside them).
func jobAtLine(doc *yaml.Node, live []*jobEdit) func(int) *jobEdit {
	byName := map[string]*jobEdit{}
	for _, je := range live {
		byName[je.name] = je
	}
	type span struct {
		line int
		je   *jobEdit
	}
	var spans []span // each job key's line, in order, with its edit (or nil)
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		if jobs := mapValue(doc.Content[0], "jobs"); jobs != nil && jobs.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(jobs.Content); i += 2 {
				spans = append(spans, span{jobs.Content[i].Line, byName[jobs.Content[i].Value]})
			}
			if next := nextKeyLine(doc.Content[0], jobs); next > 0 {
				spans = append(spans, span{next, nil})
			}
		}
	}
	return func(line int) *jobEdit {
		i := sort.Search(len(spans), func(i int) bool { return spans[i].line > line })
		if i == 0 {
			return nil
		}
		return spans[i-1].je
	}
}

// nextKeyLine is the line of the key after value v in mapping m, or 0.
func nextKeyLine(m, v *yaml.Node) int {
	for i := 1; i+1 < len(m.Content); i += 2 {
		if m.Content[i] == v {
			return m.Content[i+1].Line
		}
	}
	return 0
}

// cloneWith deep-copies n, giving the scalars in values their new values.
func cloneWith(n *yaml.Node, values map[*yaml.Node]string) *yaml.Node {
	c := *n
	if v, ok := values[n]; ok {
		c.Value = v
	}
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = cloneWith(k, values)
	}
	return &c
}

// lintDelta returns the problems actionlint's parser reports in after that
// it does not report in before (problems are compared without positions,
// which the rewrite moves).
func lintDelta(before, after []byte) []*actionlint.Error {
	_, eb := actionlint.Parse(before)
	_, ea := actionlint.Parse(after)
	seen := map[string]int{}
	for _, e := range eb {
		seen[e.Kind+"\x00"+e.Message]++
	}
	var news []*actionlint.Error
	for _, e := range ea {
		k := e.Kind + "\x00" + e.Message
		if seen[k] > 0 {
			seen[k]--
			continue
		}
		news = append(news, e)
	}
	return news
}
