package knowledge

import (
	"errors"
	"fmt"
	"strings"
	"sync"
)

// GHCommand is one row of gh-cli-permissions.tsv: a gh command form and the
// App permissions it needs with an installation token.
type GHCommand struct {
	// Command is the form as typed, e.g. "gh pr merge --auto".
	Command string
	// Permissions are the App permissions (and possibly job-only ones); empty
	// when the command cannot work with an installation token or depends on
	// its arguments.
	Permissions Permissions
	// API is the REST or GraphQL call gh makes.
	API string
	// Notes holds extra permissions for optional flags and caveats.
	Notes string
	// Dynamic is true for `gh api` forms whose permission depends on the
	// endpoint or query given.
	Dynamic bool
	// Unavailable is true when an installation token cannot run the
	// command at all (Notes says why).
	Unavailable bool
	// Triggers says what the command's events are when those must start
	// other workflows ("opens pull requests whose CI must run").
	Triggers string
	// StartsNone is true for a form whose events no workflow runs on
	// (gh release create --draft): it overrides the triggers of the
	// command's other forms.
	StartsNone bool
}

// ghSource is the generated form of one row of data/gh-commands.tsv.
type ghSource struct {
	command, permissions, api, notes string
	dynamic, unavailable, startsNone bool
	triggers, source                 string
}

// ghForm is a parsed command form: its words after "gh" and its flags.
type ghForm struct {
	words []string
	flags []ghFlag
}

type ghFlag struct{ name, value string }

func parseGHForm(command string) ghForm {
	f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(command), "gh "))
	var form ghForm
	for i := 0; i < len(f); i++ {
		if strings.HasPrefix(f[i], "-") {
			fl := ghFlag{name: f[i]}
			if i+1 < len(f) && !strings.HasPrefix(f[i+1], "-") {
				fl.value = f[i+1]
				i++
			}
			form.flags = append(form.flags, fl)
			continue
		}
		form.words = append(form.words, f[i])
	}
	return form
}

func (s ghSource) toCommand() GHCommand {
	p, err := ParsePermissions(s.permissions)
	if err != nil {
		p = Permissions{} // a test checks every row parses
	}
	return GHCommand{
		Command:     s.command,
		Permissions: p,
		API:         s.api,
		Notes:       s.notes,
		Dynamic:     s.dynamic,
		Unavailable: s.unavailable,
		Triggers:    s.triggers,
		StartsNone:  s.startsNone,
	}
}

var ghForms = sync.OnceValue(func() []ghForm {
	forms := make([]ghForm, len(ghTable))
	for i, s := range ghTable {
		forms[i] = parseGHForm(s.command)
	}
	return forms
})

// ghFlagRow is the generated form of one row of data/gh-flags.tsv.
type ghFlagRow struct {
	command, short, long string
	takesValue           bool
}

// ghAliasRow is the generated form of one row of data/gh-aliases.tsv.
type ghAliasRow struct {
	alias, word string
}

// ghFlagIndex is data/gh-flags.tsv and data/gh-aliases.tsv indexed.
type ghFlagIndex struct {
	// short maps a command's words ("pr merge") to its short flags' long
	// forms.
	short map[string]map[string]string
	// apiValue holds the `gh api` flags (short and long) that take a value.
	apiValue map[string]bool
	// aliases maps a subcommand alias to the word the table uses.
	aliases map[string]string
}

var ghFlags = sync.OnceValue(func() *ghFlagIndex {
	ix := &ghFlagIndex{short: map[string]map[string]string{}, apiValue: map[string]bool{}, aliases: map[string]string{}}
	for _, r := range ghFlagTable {
		cmd := strings.TrimPrefix(r.command, "gh ")
		if r.short != "" {
			if ix.short[cmd] == nil {
				ix.short[cmd] = map[string]string{}
			}
			ix.short[cmd][r.short] = r.long
		}
		if cmd == "api" && r.takesValue {
			ix.apiValue[r.long] = true
			if r.short != "" {
				ix.apiValue[r.short] = true
			}
		}
	}
	for _, r := range ghAliasTable {
		ix.aliases[r.alias] = r.word
	}
	return ix
})

// ghArgs is a gh command line split into leading words and flags.
type ghArgs struct {
	args []string
}

// hasWords reports whether words are the leading command words of a. Flag
// tokens in between are skipped; a flag without "=" whose next token is not
// the expected word is taken to consume that token as its value.
func (a ghArgs) hasWords(words []string) bool {
	i := 0
	for _, w := range words {
		for i < len(a.args) && strings.HasPrefix(a.args[i], "-") {
			if !strings.Contains(a.args[i], "=") && i+1 < len(a.args) && a.args[i+1] != w && !strings.HasPrefix(a.args[i+1], "-") {
				i++
			}
			i++
		}
		if i >= len(a.args) || !sameGHWord(a.args[i], w) {
			return false
		}
		i++
	}
	return true
}

func sameGHWord(arg, word string) bool {
	if strings.EqualFold(arg, word) {
		return true
	}
	a, ok := ghFlags().aliases[strings.ToLower(arg)]
	return ok && a == word
}

// hasFlag reports whether the flag (with its value, when the table gives
// one) appears anywhere in a, as --flag, --flag=value or a known short form.
func (a ghArgs) hasFlag(words []string, fl ghFlag) bool {
	short := ghFlags().short[strings.Join(words, " ")]
	for i, arg := range a.args {
		name, val, hasVal := strings.Cut(arg, "=")
		if long, ok := short[name]; ok {
			name = long
		}
		if name != fl.name {
			continue
		}
		if fl.value == "" {
			// A switch turned off (--draft=false) is not the form
			// the switch names.
			return !hasVal || !strings.EqualFold(val, "false")
		}
		if !hasVal && i+1 < len(a.args) {
			val = a.args[i+1]
		}
		if strings.EqualFold(val, fl.value) {
			return true
		}
	}
	return false
}

// MatchGH finds the gh command form for args (the words after "gh", e.g.
// ["pr","merge","--auto","--squash","123"]). Among the forms whose words
// lead args and whose flags all appear in args (anywhere; "--flag=value"
// and the command's short flags count), the one with most words, then most
// flags, wins; ties go to the table's order.
func MatchGH(args []string) (GHCommand, bool) {
	all := matchGH(args)
	if len(all) == 0 {
		return GHCommand{}, false
	}
	return ghTable[all[0]].toCommand(), true
}

// MatchGHAll returns every form that applies to args, best first: the
// MatchGH winner, then the other flag variants present (e.g. both
// "gh pr merge --auto" and "gh pr merge --delete-branch"), then the plain
// form. Merging their Permissions gives what the whole command line needs.
func MatchGHAll(args []string) []GHCommand {
	idx := matchGH(args)
	out := make([]GHCommand, len(idx))
	for i, j := range idx {
		out[i] = ghTable[j].toCommand()
	}
	return out
}

func matchGH(args []string) []int {
	a := ghArgs{args: args}
	forms := ghForms()
	var hits []int
	for i, f := range forms {
		if !a.hasWords(f.words) {
			continue
		}
		ok := true
		for _, fl := range f.flags {
			if !a.hasFlag(f.words, fl) {
				ok = false
				break
			}
		}
		if ok {
			hits = append(hits, i)
		}
	}
	if len(hits) == 0 {
		return nil
	}
	// Keep only forms with the longest word list, then sort by flag count
	// (stable: table order breaks ties).
	maxWords := 0
	for _, i := range hits {
		maxWords = max(maxWords, len(forms[i].words))
	}
	var best []int
	for _, i := range hits {
		if len(forms[i].words) == maxWords {
			best = append(best, i)
		}
	}
	for i := 1; i < len(best); i++ {
		for j := i; j > 0 && len(forms[best[j]].flags) > len(forms[best[j-1]].flags); j-- {
			best[j], best[j-1] = best[j-1], best[j]
		}
	}
	return best
}

// GHCommands returns every gh command form in table order.
func GHCommands() []GHCommand {
	out := make([]GHCommand, len(ghTable))
	for i, s := range ghTable {
		out[i] = s.toCommand()
	}
	return out
}

// GHAPICall is what `gh api` will request, read from its arguments.
type GHAPICall struct {
	// Method is upper case: -X/--method, else POST when fields or --input
	// are given, else GET.
	Method string
	// Path is the endpoint with a leading slash (gh's {owner}/{repo}/{branch}
	// placeholders kept), "/graphql" for GraphQL, or a full URL as given.
	Path string
	// IsGraphQL is true for the "graphql" endpoint.
	IsGraphQL bool
	// Query is the GraphQL text from -f/-F query=...; empty when it comes
	// from a file.
	Query string
	// QueryFile is the file named by -F query=@file.
	QueryFile string
	// Fields holds every -f/-F/--field/--raw-field key=value pair (values as
	// written; later ones win).
	Fields map[string]string
}

// githubAPIURL is the address of GitHub's REST API.
const githubAPIURL = "https://api.github.com"

// ParseGHAPI reads `gh api` arguments (the words after "api"): the method
// (-X/--method, default GET, POST when -f/-F/--field/--raw-field/--input is
// given without a method), the endpoint (a leading slash added; "graphql"
// sets IsGraphQL) and the GraphQL text from -f query=... or -F
// query=@file (QueryFile). Short flags may carry their value attached
// (-XPOST, -fquery=...).
func ParseGHAPI(args []string) (GHAPICall, error) {
	call := GHAPICall{Fields: map[string]string{}}
	methodSet, hasBody := false, false
	endpoint := ""
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			if i+1 < len(args) && endpoint == "" {
				endpoint = args[i+1]
			}
			break
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			if endpoint == "" {
				endpoint = arg
			}
			continue
		}
		var name, val string
		var hasVal bool
		if arg[1] != '-' {
			// Short flag: -X POST, -XPOST, -X=POST, -fkey=value (pflag forms).
			name, val = arg[:2], strings.TrimPrefix(arg[2:], "=")
			hasVal = len(arg) > 2
		} else {
			name, val, hasVal = strings.Cut(arg, "=")
		}
		if !ghFlags().apiValue[name] {
			continue // boolean flag such as --paginate, -i, --silent
		}
		if !hasVal {
			if i+1 >= len(args) {
				return GHAPICall{}, fmt.Errorf("parse gh api: flag %s needs a value", name)
			}
			i++
			val = args[i]
		}
		switch name {
		case "-X", "--method":
			call.Method = strings.ToUpper(strings.TrimSpace(val))
			methodSet = true
		case "-f", "--raw-field", "-F", "--field":
			hasBody = true
			k, v, ok := strings.Cut(val, "=")
			if !ok {
				// gh accepts "key" alone for -F only in array forms; keep it.
				k, v = val, ""
			}
			call.Fields[k] = v
			if k == "query" {
				if (name == "-F" || name == "--field") && strings.HasPrefix(v, "@") {
					call.QueryFile, call.Query = v[1:], ""
				} else {
					call.Query, call.QueryFile = v, ""
				}
			}
		case "--input":
			hasBody = true
		}
	}
	if endpoint == "" {
		return GHAPICall{}, errors.New("parse gh api: no endpoint")
	}
	switch {
	case strings.EqualFold(strings.Trim(endpoint, "/"), "graphql"):
		call.IsGraphQL = true
		call.Path = "/graphql"
	case len(endpoint) > len(githubAPIURL) && strings.EqualFold(endpoint[:len(githubAPIURL)+1], githubAPIURL+"/"):
		// gh api takes a whole address too (an event's commits_url).
		call.Path = endpoint[len(githubAPIURL):]
	case strings.Contains(endpoint, "://"), strings.HasPrefix(endpoint, "/"):
		call.Path = endpoint
	default:
		call.Path = "/" + endpoint
	}
	switch {
	case methodSet:
	case hasBody:
		call.Method = "POST"
	default:
		call.Method = "GET"
	}
	if call.Method == "" {
		return GHAPICall{}, errors.New("parse gh api: empty method")
	}
	return call, nil
}
