package verify

import (
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/pat2app/pat2app/expression"
)

// stepRefs are the variables and secrets a token step reads.
type stepRefs struct {
	Vars, Secrets []string
}

// snippetRefs reads the vars.NAME and secrets.NAME references of a token
// step as plan.json wrote it (whatever its inputs are called), with
// actionlint's expression parser.
func snippetRefs(snippet string) (stepRefs, error) {
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(snippet), &root); err != nil {
		return stepRefs{}, fmt.Errorf("the token step does not parse as YAML: %w", err)
	}
	vars, secrets := map[string]bool{}, map[string]bool{}
	var walkErr error
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode {
			if err := exprRefs(n.Value, vars, secrets); err != nil && walkErr == nil {
				walkErr = err
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&root)
	return stepRefs{Vars: sortedSet(vars), Secrets: sortedSet(secrets)}, walkErr
}

// exprRefs adds the vars and secrets properties read in the ${{ }}
// expressions of s.
func exprRefs(s string, vars, secrets map[string]bool) error {
	for _, sp := range expression.Find(s) {
		e := sp.Parse()
		if e.Root == nil {
			return fmt.Errorf("expression %q: %v", s[sp.Start:sp.End], e.Err)
		}
		for _, p := range e.Paths() {
			if len(p.Parts) < 2 {
				continue
			}
			switch strings.ToLower(p.Parts[0]) {
			case "vars":
				vars[strings.ToUpper(p.Parts[1])] = true
			case "secrets":
				secrets[strings.ToUpper(p.Parts[1])] = true
			}
		}
	}
	return nil
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
