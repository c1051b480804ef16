package report

import (
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/pat2app/pat2app/inventory"
)

// appendFinding appends f as encoding/json would marshal it (after
// normalizeFinding: empty lists as []), byte for byte, without reflection.
// A scan's JSON output is mostly findings; this costs a quarter of what
// json.Marshal does on them (on one core, the corpus's findings). TestAppendFindingMatchesMarshal and
// FuzzAppendFinding hold it to encoding/json's output.
func appendFinding(b []byte, f *inventory.Finding) []byte {
	b = appendMember(b, `{"fingerprint":`, f.Fingerprint)
	b = appendMember(b, `,"repo":`, f.Repo)
	b = appendMember(b, `,"file":`, f.File)
	b = appendMember(b, `,"job":`, f.Job)
	b = appendMember(b, `,"credential":`, f.Credential)
	b = appendMember(b, `,"kind":`, string(f.Kind))
	b = appendMember(b, `,"confidence":`, f.Confidence)
	b = append(b, `,"lines":[`...)
	for i, l := range f.Lines {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(l), 10)
	}
	b = append(b, `],"uses":[`...)
	for i, u := range f.Uses {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"line":`...)
		b = strconv.AppendInt(b, int64(u.Line), 10)
		if u.Step != "" {
			b = appendMember(b, `,"step":`, u.Step)
		}
		b = appendMember(b, `,"via":`, string(u.Via))
		b = appendMember(b, `,"target":`, u.Target)
		b = append(b, '}')
	}
	b = append(b, `],"operations":[`...)
	for i := range f.Operations {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendOperation(b, &f.Operations[i])
	}
	b = append(b, `],"unresolved":[`...)
	for i, u := range f.Unresolved {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"line":`...)
		b = strconv.AppendInt(b, int64(u.Line), 10)
		b = appendMember(b, `,"evidence":`, u.Evidence)
		if u.Reason != "" {
			b = appendMember(b, `,"reason":`, u.Reason)
		}
		b = append(b, '}')
	}
	b = append(b, `],"cross_repo":`...)
	b = strconv.AppendBool(b, f.CrossRepo)
	b = append(b, `,"target_repos":`...)
	b = appendStrings(b, f.TargetRepos)
	if len(f.Expressions) > 0 {
		b = append(b, `,"expressions":`...)
		b = appendStrings(b, f.Expressions)
	}
	if f.Reason != "" {
		b = appendMember(b, `,"reason":`, f.Reason)
	}
	if j := f.JobInfo; j != nil {
		b = append(b, `,"job_info":{`...)
		n := len(b)
		if j.TimeoutMinutes != 0 {
			b = append(b, `"timeout_minutes":`...)
			b = strconv.AppendInt(b, int64(j.TimeoutMinutes), 10)
		}
		if j.HasLoops {
			b = appendComma(b, n)
			b = append(b, `"has_loops":true`...)
		}
		if len(j.Triggers) > 0 {
			b = appendComma(b, n)
			b = append(b, `"triggers":`...)
			b = appendStrings(b, j.Triggers)
		}
		if j.Line != 0 {
			b = appendComma(b, n)
			b = append(b, `"line":`...)
			b = strconv.AppendInt(b, int64(j.Line), 10)
		}
		if len(j.Permissions) > 0 {
			b = appendComma(b, n)
			b = append(b, `"permissions":`...)
			b = appendStringMap(b, j.Permissions)
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

func appendOperation(b []byte, o *inventory.Operation) []byte {
	b = appendMember(b, `{"kind":`, string(o.Kind))
	b = appendMember(b, `,"method":`, o.Method)
	b = appendMember(b, `,"path":`, o.Path)
	if o.Name != "" {
		b = appendMember(b, `,"name":`, o.Name)
	}
	b = append(b, `,"line":`...)
	b = strconv.AppendInt(b, int64(o.Line), 10)
	b = appendMember(b, `,"evidence":`, o.Evidence)
	if o.Repo != "" {
		b = appendMember(b, `,"repo":`, o.Repo)
	}
	if len(o.Args) > 0 {
		b = append(b, `,"args":`...)
		b = appendStringMap(b, o.Args)
	}
	return append(b, '}')
}

// appendMember appends a member's key (with its separator) and its string
// value.
func appendMember(b []byte, key, value string) []byte {
	return appendJSONString(append(b, key...), value)
}

// appendComma separates a member from the ones after offset n.
func appendComma(b []byte, n int) []byte {
	if len(b) > n {
		return append(b, ',')
	}
	return b
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendStringMap writes m with its keys sorted, as encoding/json does.
func appendStringMap(b []byte, m map[string]string) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSONString(b, m[k])
	}
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// plainJSON marks the ASCII bytes encoding/json writes as they are.
var plainJSON = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendJSONString quotes s as encoding/json does by default: HTML-safe
// (<, > and & escaped), invalid UTF-8 as U+FFFD, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if plainJSON[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
