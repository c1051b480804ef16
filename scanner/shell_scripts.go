package scanner

import (
	"sort"
	"strings"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/redact"
	"github.com/pat2app/pat2app/scanner/jsops"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// Run steps whose shell is a language rather than a shell: node and
// python. Their scripts are not read as bash.

// codeRead is a credential a script reads, and where it reads it first.
type codeRead struct {
	cred string
	// line is the script line; via is env (process.env.NAME) or arg (an
	// expression in the code).
	line int
	via  string
	text string
}

// nodeScript reads a `shell: node` script with jsops: the API calls it
// makes through clients built from a credential (new Octokit({auth:
// process.env.T}), getOctokit(...)) are operations of that credential,
// its fetch calls to the API operations of every credential it reads; a
// credential it reads for nothing visible is an unresolved use on the line
// that reads it. The operations go to the job's findings here; the uses
// returned say which credentials the script used.
func (js *jobState) nodeScript(in shellops.Input) shellops.Result {
	var res shellops.Result
	reads := nodeReads(in)
	if len(reads) == 0 {
		return res
	}
	calls, err := jsops.Analyze(in.Script)
	all := make([]string, 0, len(reads))
	for _, r := range reads {
		all = append(all, r.cred)
	}
	byCred := map[string][]jsops.Call{}
	for _, c := range calls {
		creds := all
		if c.Client != "" {
			creds = clientCreds(c.Client, in)
		}
		for _, cr := range creds {
			byCred[cr] = append(byCred[cr], c)
		}
	}
	subj := inventory.Subject{Command: "node"}
	for _, r := range reads {
		cs := byCred[r.cred]
		u := shellops.Use{Credential: r.cred, Line: in.FileLine(r.line), Command: "node", Via: r.via, Evidence: oneLine(r.text, 120)}
		switch {
		case len(cs) > 0:
			js.callOps(js.a.get(js.id, r.cred), cs, subj, "", func(i int) inventory.Evidence {
				return at(in.FileLine(cs[i].Line), oneLine(cs[i].Evidence, 120))
			})
			u.Host, u.GitHub = "api.github.com", +1
		case err != nil:
			u.Unresolved = "node code could not be read (" + err.Error() + "); it reads the credential here"
		default:
			u.Unresolved = "node code reads the credential here; what it does with it is not visible"
		}
		res.Uses = append(res.Uses, u)
	}
	return res
}

// nodeReads lists the credentials node code reads: process.env.NAME
// (also destructured from process.env) of a variable that carries one,
// and expressions in the code, each at the first line that reads it.
func nodeReads(in shellops.Input) []codeRead {
	var out []codeRead
	seen := map[string]bool{}
	add := func(creds []string, line int, via, text string) {
		for _, c := range creds {
			if !seen[c] {
				seen[c] = true
				out = append(out, codeRead{cred: c, line: line, via: via, text: text})
			}
		}
	}
	names := sortedKeys(in.Cred)
	for i, text := range strings.Split(in.Script, "\n") {
		line := i + 1
		for _, m := range processEnvRE.FindAllStringSubmatch(text, -1) {
			add(in.Cred[m[1]+m[2]], line, "env", text)
		}
		if strings.Contains(text, "process.env") {
			for _, n := range names {
				if shellops.Mentions(text, n) {
					add(in.Cred[n], line, "env", text)
				}
			}
		}
		for _, sp := range findExprs(text) {
			add(in.Exprs[sp.Text], line, "arg", text)
		}
	}
	return out
}

// clientCreds are the credentials a client's construction names.
func clientCreds(client string, in shellops.Input) []string {
	var out []string
	for _, m := range processEnvRE.FindAllStringSubmatch(client, -1) {
		out = appendUnique(out, in.Cred[m[1]+m[2]]...)
	}
	for _, sp := range findExprs(client) {
		out = appendUnique(out, in.Exprs[sp.Text]...)
	}
	return out
}

// pythonGitHubMarks are what marks a line of Python as calling GitHub:
// an API URL, the PyGithub and ghapi clients, gh run as a subprocess.
var pythonGitHubMarks = []string{
	"api.github.com", "uploads.github.com", "GITHUB_API_URL", "GITHUB_GRAPHQL_URL",
	"Github(", "from github import", "import github", "GhApi(", "from ghapi", `"gh"`, `'gh'`,
}

// pythonScript reads a `shell: python` script line by line: each line that
// names a credential (os.environ["T"], os.getenv("T"), an expression) is an
// unresolved use on that line, and each line that calls GitHub (an API
// URL, PyGithub, ghapi, gh as a subprocess) an unresolved GitHub use of
// every credential the script reads. A fuller reader of Python is not
// needed to send the job to review with the lines to read.
func (js *jobState) pythonScript(in shellops.Input) shellops.Result {
	reader := js.a.s.readers.Get().(*shellops.Reader)
	res := reader.Analyze(in)
	js.a.s.readers.Put(reader)
	creds := map[string]string{}
	for i := range res.Uses {
		u := &res.Uses[i]
		u.Command = "python"
		if _, ok := creds[u.Credential]; !ok {
			creds[u.Credential] = u.Via
		}
	}
	if len(creds) == 0 {
		return res
	}
	calls := false
	for i, text := range strings.Split(in.Script, "\n") {
		t := strings.TrimSpace(text)
		if t == "" || strings.HasPrefix(t, "#") || !hasAny(t, pythonGitHubMarks) {
			continue
		}
		calls = true
		for _, c := range sortedKeys(creds) {
			res.Uses = append(res.Uses, shellops.Use{Credential: c, Line: in.FileLine(i + 1), Command: "python", Via: creds[c],
				Host: "api.github.com", GitHub: +1, Evidence: oneLine(redact.String(t), 120),
				Unresolved: "python code calls GitHub here with a credential it reads; the call is not read"})
		}
	}
	if calls {
		for i := range res.Uses {
			if res.Uses[i].GitHub == 0 {
				res.Uses[i].GitHub = +1
			}
		}
	}
	sort.SliceStable(res.Uses, func(i, j int) bool { return res.Uses[i].Line < res.Uses[j].Line })
	return res
}

func hasAny(s string, marks []string) bool {
	for _, m := range marks {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}
