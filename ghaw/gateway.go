package ghaw

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Gateway is the MCP gateway configuration a lock file pipes to
// start_mcp_gateway.cjs: the MCP servers the agent may call, each with the
// environment (or HTTP headers) it is started with.
type Gateway struct {
	Servers []MCPServer
}

// MCPServer is one server of the gateway configuration.
type MCPServer struct {
	// Name is its key under mcpServers ("github", "safeoutputs").
	Name string
	// Type is stdio or http; Container the image a stdio server runs,
	// Command the program when it runs none; URL an http server's
	// address.
	Type, Container, Command, URL string
	// Env and Headers are what the server is given; values name the
	// gateway step's variables as ${NAME}.
	Env, Headers map[string]string
}

// mcpConfig is the part of the configuration read.
type mcpConfig struct {
	MCPServers map[string]struct {
		Type      string            `json:"type"`
		Container string            `json:"container"`
		Command   string            `json:"command"`
		URL       string            `json:"url"`
		Env       map[string]string `json:"env"`
		Headers   map[string]string `json:"headers"`
	} `json:"mcpServers"`
}

// ParseGateway reads the gateway configuration as the lock file writes it
// in a here-document: JSON, except that the shell expands it first. Inside
// strings \$ is a literal $; outside them an expression (${{ ... }}) or a
// variable ($NAME, ${NAME}) stands for a value the step fills in, read
// here as null.
func ParseGateway(text string) (*Gateway, error) {
	if len(text) > maxConfig {
		return nil, fmt.Errorf("MCP gateway configuration is %d bytes, over the %d-byte limit", len(text), maxConfig)
	}
	var cfg mcpConfig
	if err := json.Unmarshal([]byte(shellJSON(text)), &cfg); err != nil {
		return nil, fmt.Errorf("MCP gateway configuration: %w", err)
	}
	g := &Gateway{}
	for name, s := range cfg.MCPServers {
		g.Servers = append(g.Servers, MCPServer{Name: name, Type: s.Type, Container: s.Container, Command: s.Command, URL: s.URL, Env: s.Env, Headers: s.Headers})
	}
	sort.Slice(g.Servers, func(i, j int) bool { return g.Servers[i].Name < g.Servers[j].Name })
	return g, nil
}

// shellJSON turns the shell-expanded JSON text into plain JSON (see
// ParseGateway).
func shellJSON(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	inString := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if inString {
			switch {
			case c == '\\' && i+1 < len(text) && (text[i+1] == '$' || text[i+1] == '`'):
				b.WriteByte(text[i+1]) // the shell's escape, not JSON's
				i++
			case c == '\\' && i+1 < len(text):
				b.WriteByte(c)
				b.WriteByte(text[i+1])
				i++
			case c == '"':
				inString = false
				b.WriteByte(c)
			default:
				b.WriteByte(c)
			}
			continue
		}
		switch {
		case c == '"':
			inString = true
			b.WriteByte(c)
		case c == '$' && strings.HasPrefix(text[i:], "${{"):
			end := strings.Index(text[i:], "}}")
			if end < 0 {
				i = len(text)
			} else {
				i += end + 1
			}
			b.WriteString("null")
		case c == '$':
			j := i + 1
			if j < len(text) && text[j] == '{' {
				// ${NAME}: up to its brace, or the rest of an unclosed one
				// (scanning on from each $ would be quadratic).
				if end := strings.IndexByte(text[j:], '}'); end >= 0 {
					j += end + 1
				} else {
					j = len(text)
				}
			} else {
				for j < len(text) && (isWordByte(text[j])) {
					j++
				}
			}
			b.WriteString("null")
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// varRE finds the variables a value names: ${NAME} or $NAME.
var varRE = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// Vars lists the step variables the server is given, each with the key of
// the env entry or header that names it, in order.
func (s MCPServer) Vars() []ServerVar {
	var out []ServerVar
	add := func(where string, m map[string]string) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			for _, sm := range varRE.FindAllStringSubmatch(m[k], -1) {
				out = append(out, ServerVar{Var: sm[1] + sm[2], Key: k, Header: where == "header"})
			}
		}
	}
	add("env", s.Env)
	add("header", s.Headers)
	return out
}

// ServerVar is a step variable an MCP server is given, under Key of its
// env (or, when Header, of its HTTP headers).
type ServerVar struct {
	Var, Key string
	Header   bool
}

// GitHubServer is what the configuration says of the GitHub MCP server.
type GitHubServer struct {
	// Toolsets are the toolsets it loads, as configured ("default" and
	// "all" unexpanded); empty when the configuration names none (the
	// server's default).
	Toolsets []string
	// ReadOnly is true when its write tools are off.
	ReadOnly bool
	// Remote is true for GitHub's hosted server (an http server).
	Remote bool
}

// GitHub reports whether the server is the GitHub MCP server (the
// github-mcp-server image, or GitHub's hosted server), and how it is
// configured: GITHUB_TOOLSETS and GITHUB_READ_ONLY in its env, or the
// X-MCP-Toolsets and X-MCP-Readonly headers of the hosted server.
func (s MCPServer) GitHub() (GitHubServer, bool) {
	image := strings.ToLower(s.Container)
	url := strings.ToLower(s.URL)
	if !strings.Contains(image, "github/github-mcp-server") && !strings.Contains(url, "api.githubcopilot.com/mcp") {
		return GitHubServer{}, false
	}
	g := GitHubServer{Remote: s.URL != "" && s.Container == ""}
	toolsets := lookupFold(s.Env, "GITHUB_TOOLSETS")
	if toolsets == "" {
		toolsets = lookupFold(s.Headers, "X-MCP-Toolsets")
	}
	for _, t := range strings.Split(toolsets, ",") {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			g.Toolsets = append(g.Toolsets, t)
		}
	}
	ro := strings.ToLower(strings.TrimSpace(lookupFold(s.Env, "GITHUB_READ_ONLY")))
	if ro == "" {
		ro = strings.ToLower(strings.TrimSpace(lookupFold(s.Headers, "X-MCP-Readonly")))
	}
	g.ReadOnly = ro == "1" || ro == "true"
	return g, true
}

func lookupFold(m map[string]string, key string) string {
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return ""
}
