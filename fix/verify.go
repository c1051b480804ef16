package fix

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

// verify checks a rewrite two ways before it is kept. First, the rewritten
// text must mean exactly what the intended node-level edit means: every value
// outside the job unchanged, and the job equal to the original job with the
// replaced values, the new permissions and the new steps. Second, actionlint
// must not find a problem in it that the original did not have.
func verify(before, after string, name string, job *yaml.Node, newValues map[*yaml.Node]string, perms map[string]string, steps []*yaml.Node) error {
	var b, a any
	if err := yaml.Unmarshal([]byte(before), &b); err != nil {
		return fmt.Errorf("the original does not decode: %w", err)
	}
	if err := yaml.Unmarshal([]byte(after), &a); err != nil {
		return fmt.Errorf("the rewrite does not parse: %w", err)
	}
	var exp any
	if err := cloneWith(job, newValues).Decode(&exp); err != nil {
		return fmt.Errorf("decode the job: %w", err)
	}
	expJob, ok := exp.(map[string]any)
	if !ok {
		return fmt.Errorf("the job is not a mapping")
	}
	if perms != nil {
		m := map[string]any{}
		for k, v := range perms {
			m[k] = v
		}
		expJob["permissions"] = m
	}
	if len(steps) > 0 {
		var list []any
		for _, s := range steps {
			var v any
			if err := s.Decode(&v); err != nil {
				return fmt.Errorf("decode the new step: %w", err)
			}
			list = append(list, v)
		}
		old, _ := expJob["steps"].([]any)
		expJob["steps"] = append(list, old...)
	}
	gotJob, restA := splitJob(a, name)
	_, restB := splitJob(b, name)
	if !reflect.DeepEqual(gotJob, any(expJob)) {
		return fmt.Errorf("the rewritten job %q does not read back as intended", name)
	}
	if !reflect.DeepEqual(restA, restB) {
		return fmt.Errorf("the rewrite changed something outside job %q", name)
	}
	return lintDelta([]byte(before), []byte(after))
}

// splitJob returns jobs.<name> and the document without it. The document is
// modified; callers pass a fresh decode.
func splitJob(doc any, name string) (any, any) {
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, doc
	}
	jobs, ok := m["jobs"].(map[string]any)
	if !ok {
		return nil, doc
	}
	j := jobs[name]
	delete(jobs, name)
	return j, doc
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

// lintDelta fails when actionlint's parser reports a problem in after that
// it does not report in before (problems are compared without positions,
// which the rewrite moves).
func lintDelta(before, after []byte) error {
	_, eb := actionlint.Parse(before)
	_, ea := actionlint.Parse(after)
	seen := map[string]int{}
	for _, e := range eb {
		seen[e.Kind+"\x00"+e.Message]++
	}
	var news []string
	for _, e := range ea {
		k := e.Kind + "\x00" + e.Message
		if seen[k] > 0 {
			seen[k]--
			continue
		}
		news = append(news, fmt.Sprintf("line %d: %s", e.Line, e.Message))
	}
	if len(news) > 0 {
		return fmt.Errorf("actionlint cannot parse the rewrite: %s", strings.Join(news, "; "))
	}
	return nil
}
