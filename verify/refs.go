package verify

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
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
	for {
		i := strings.Index(s, "${{")
		if i < 0 {
			return nil
		}
		node, perr := actionlint.NewExprParser().Parse(actionlint.NewExprLexer(s[i+3:]))
		if perr != nil {
			return fmt.Errorf("expression %q: %s", s[i:], perr.Message)
		}
		actionlint.VisitExprNode(node, func(n, _ actionlint.ExprNode, entering bool) {
			if !entering {
				return
			}
			var recv actionlint.ExprNode
			var prop string
			switch d := n.(type) {
			case *actionlint.ObjectDerefNode:
				recv, prop = d.Receiver, d.Property
			case *actionlint.IndexAccessNode:
				if lit, ok := d.Index.(*actionlint.StringNode); ok {
					recv, prop = d.Operand, lit.Value
				}
			}
			if v, ok := recv.(*actionlint.VariableNode); ok {
				switch strings.ToLower(v.Name) {
				case "vars":
					vars[strings.ToUpper(prop)] = true
				case "secrets":
					secrets[strings.ToUpper(prop)] = true
				}
			}
		})
		end := strings.Index(s[i:], "}}")
		if end < 0 {
			return nil
		}
		s = s[i+end+2:]
	}
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
