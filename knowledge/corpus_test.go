package knowledge

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// corpusLabels is the part of ../shared/corpus/labels.yaml these tests read.
type corpusLabels []struct {
	File     string `yaml:"file"`
	Findings []struct {
		Job         string            `yaml:"job"`
		Operations  []string          `yaml:"operations"`
		Permissions map[string]string `yaml:"permissions"`
	} `yaml:"findings"`
}

func readCorpusLabels(t *testing.T) corpusLabels {
	t.Helper()
	p := filepath.Join("../../shared/corpus", "labels.yaml")
	b, err := os.ReadFile(p)
	if os.IsNotExist(err) {
		t.Skipf("skipping: %s not found (the corpus exists only in the pat2app workspace, not in clones)", p)
	}
	if err != nil {
		t.Fatalf("read %s: %v", p, err)
	}
	var labels corpusLabels
	if err := yaml.Unmarshal(b, &labels); err != nil {
		t.Fatalf("parse %s: %v", p, err)
	}
	return labels
}

// TestCorpusPermissionNames checks that every permission the hand labels
// give is a name this package accepts and may emit.
func TestCorpusPermissionNames(t *testing.T) {
	for _, e := range readCorpusLabels(t) {
		for _, f := range e.Findings {
			for name, access := range f.Permissions {
				if !IsAppPermission(name) {
					t.Errorf("%s job %s: label permission %q is not an App permission", e.File, f.Job, name)
				}
				if AccessRank(access) == 0 {
					t.Errorf("%s job %s: label access %q", e.File, f.Job, access)
				}
			}
		}
	}
}

var (
	labelRESTRe    = regexp.MustCompile(`^(GET|POST|PUT|PATCH|DELETE) (\S+)`)
	labelGraphQLRe = regexp.MustCompile(`^graphql: (mutation|query) (\w+)`)
)

// TestCorpusOperationsKnown checks that the REST routes and GraphQL fields
// the labels name are found: REST in the permission table or, failing
// that, in the OpenAPI description; GraphQL in the GraphQL table.
func TestCorpusOperationsKnown(t *testing.T) {
	// Label texts that are not REST routes on purpose.
	notRoutes := map[string]bool{
		"public": true, // "GET public release/tarball endpoints"
		"/repos/hashicorp/consul/pull/{number}/comments": true, // wrong in the workflow, labelled as such
	}
	rest, gql := 0, 0
	for _, e := range readCorpusLabels(t) {
		for _, f := range e.Findings {
			for _, op := range f.Operations {
				if m := labelRESTRe.FindStringSubmatch(op); m != nil {
					path := strings.TrimRight(m[2], ";,")
					if notRoutes[path] {
						continue
					}
					rest++
					if _, ok := MatchEndpoint(m[1], path); ok {
						continue
					}
					if _, _, ok := MatchOperation(m[1], path); !ok {
						t.Errorf("%s: %s %s matches no endpoint or operation", e.File, m[1], path)
					}
					continue
				}
				if m := labelGraphQLRe.FindStringSubmatch(op); m != nil {
					gql++
					if _, ok := GraphQLField(m[2], m[1] == "mutation"); !ok {
						t.Errorf("%s: GraphQL %s %s not in the GraphQL table", e.File, m[1], m[2])
					}
				}
			}
		}
	}
	if rest < 50 || gql < 10 {
		t.Errorf("read only %d REST and %d GraphQL operations from the labels", rest, gql)
	}
}
