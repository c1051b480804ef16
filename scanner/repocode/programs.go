package repocode

import (
	"github.com/pat2app/pat2app/knowledge"
	"strings"

	"github.com/pat2app/pat2app/scanner/codeflow"
	"github.com/pat2app/pat2app/scanner/gqlops"
	"github.com/pat2app/pat2app/scanner/jsops"
)

// programs puts what a Python or Go reading found in the terms the
// JavaScript reading uses, one program per file ("" for the file read), so
// one reporting serves all three.
func programs(calls []codeflow.Request, cmds []codeflow.Command, flows []codeflow.Flow) map[string]*jsops.Program {
	byFile := map[string]*jsops.Program{}
	get := func(file string) *jsops.Program {
		if byFile[file] == nil {
			byFile[file] = &jsops.Program{}
		}
		return byFile[file]
	}
	for _, c := range calls {
		p := get(c.File)
		p.Calls = append(p.Calls, asCall(c))
	}
	for _, c := range cmds {
		p := get(c.File)
		c.File = ""
		p.Commands = append(p.Commands, c)
	}
	for _, fw := range flows {
		p := get(fw.File)
		fw.File = ""
		p.Flows = append(p.Flows, fw)
	}
	return byFile
}

// asCall is a request as a JavaScript call: a REST route, a GraphQL
// document, a request to another host, or unknown.
func asCall(c codeflow.Request) jsops.Call {
	jc := jsops.Call{Line: c.Line, Auth: c.Auth, Host: c.Host, Evidence: c.Evidence}
	if c.Repo != "" {
		jc.Owner, jc.Repo, _ = strings.Cut(c.Repo, "/")
	}
	switch {
	case c.Unknown != "":
		jc.Kind = jsops.KindUnknown
		jc.Evidence += " (" + c.Unknown + ")"
	case c.Host == knowledge.RawContentHost && c.Path != "":
		jc.Kind, jc.Route = jsops.KindRequest, c.Method+" "+c.Path
	case c.Host != "" && c.Host != "api.github.com":
		jc.Kind = jsops.KindOther
	case c.Path == "/graphql" && c.GraphQL != "":
		ops, err := gqlops.Parse(c.GraphQL)
		if err != nil || len(ops) == 0 {
			jc.Kind = jsops.KindUnknown
			jc.Evidence += " (GraphQL query could not be read)"
			break
		}
		jc.Kind, jc.GraphQL = jsops.KindGraphQL, ops
	case c.Path == "/graphql":
		jc.Kind = jsops.KindUnknown
		jc.Evidence += " (GraphQL query is built at run time)"
	default:
		jc.Kind, jc.Route = jsops.KindRequest, c.Method+" "+c.Path
	}
	return jc
}
