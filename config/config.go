// Package config reads `.pat2app.yaml`: extra credential name patterns,
// in-house actions' permissions, rule overrides and the check policy.
package config

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// FileName is the default name of the configuration file.
const FileName = ".pat2app.yaml"

// Config is the parsed `.pat2app.yaml`.
type Config struct {
	// Owner names the organisation of local checkouts that have no git
	// remote: their repository becomes OWNER/FOLDER instead of FOLDER.
	Owner string `yaml:"owner"`
	// PATPatterns are extra regular expressions (matched case-insensitively
	// against secret names) for secrets that are GitHub PATs.
	PATPatterns []string `yaml:"pat_patterns"`
	// NotGitHubPatterns are regular expressions for secrets that are never
	// GitHub credentials.
	NotGitHubPatterns []string `yaml:"not_github_patterns"`
	// Actions maps an in-house action (owner/repo[/path]) to the
	// permissions its token needs: {acme/deploy: {contents: write}}.
	Actions map[string]map[string]string `yaml:"actions"`
	// Scripts maps a command name run in `run:` (e.g. ./scripts/release.sh)
	// to the permissions it needs with the credential in its environment.
	Scripts map[string]map[string]string `yaml:"scripts"`
	// Endpoints overrides the permission of a REST endpoint:
	// {"POST /repos/{owner}/{repo}/dispatches": {contents: write}}.
	Endpoints map[string]map[string]string `yaml:"endpoints"`
	// Policy is the check policy.
	Policy Policy `yaml:"policy"`
	// Allowlist entries accept a finding in `check` until a date.
	Allowlist []AllowEntry `yaml:"allowlist"`
	// Apps says how to authenticate as each planned App (token, verify).
	Apps map[string]AppCredentials `yaml:"apps"`
	// PublicRepos names repositories (owner/name) that are public: a job
	// that only reads them needs no App installed there. An organisation
	// scan knows its own repositories' visibility; this covers the others
	// and local scans.
	PublicRepos []string `yaml:"public_repos"`
	// AppPrefix starts the name of every App the plan proposes
	// (acme-release-bot): App names are unique across GitHub. Default: the
	// organisation the App is installed on.
	AppPrefix string `yaml:"app_prefix"`
	// TokenStep is the action the plan's App token step uses.
	TokenStep TokenStep `yaml:"token_step"`

	patRE, notGitHubRE []*regexp.Regexp
}

// Policy says which finding kinds fail or warn in `check`.
type Policy struct {
	Fail []string `yaml:"fail"`
	Warn []string `yaml:"warn"`
}

// AllowEntry accepts findings in `check`. Fingerprint, or any of Repo, File,
// Job, Credential (empty matches anything), select the findings.
type AllowEntry struct {
	Fingerprint string `yaml:"fingerprint"`
	Repo        string `yaml:"repo"`
	File        string `yaml:"file"`
	Job         string `yaml:"job"`
	Credential  string `yaml:"credential"`
	Until       string `yaml:"until"`
	Reason      string `yaml:"reason"`
}

// Expired reports whether the entry's until date is before now.
func (a AllowEntry) Expired(now time.Time) (bool, error) {
	if a.Until == "" {
		return false, nil
	}
	t, err := time.Parse("2006-01-02", a.Until)
	if err != nil {
		return false, fmt.Errorf("allowlist until %q: want YYYY-MM-DD: %w", a.Until, err)
	}
	return now.After(t.Add(24 * time.Hour)), nil
}

// Default returns the configuration used when there is no file.
func Default() *Config {
	c := &Config{}
	if err := c.compile(); err != nil {
		panic("config: the defaults do not compile: " + err.Error())
	}
	return c
}

// Load reads a configuration file. A missing file at the default name is not
// an error when optional is true.
func Load(path string, optional bool) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if optional && os.IsNotExist(err) {
			return Default(), nil
		}
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	c, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

// Parse parses configuration YAML; unknown keys are errors.
func Parse(data []byte) (*Config, error) {
	c := &Config{}
	if len(bytes.TrimSpace(data)) > 0 {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(c); err != nil {
			return nil, err
		}
	}
	if err := c.compile(); err != nil {
		return nil, err
	}
	if err := c.validateApps(); err != nil {
		return nil, err
	}
	for _, r := range c.PublicRepos {
		if strings.Count(r, "/") != 1 || strings.HasPrefix(r, "/") || strings.HasSuffix(r, "/") {
			return nil, fmt.Errorf("public_repos: %q is not owner/name", r)
		}
	}
	for _, a := range c.Allowlist {
		if _, err := a.Expired(time.Now()); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *Config) compile() error {
	var err error
	if c.patRE, err = compileAll(c.PATPatterns); err != nil {
		return fmt.Errorf("pat_patterns: %w", err)
	}
	if c.notGitHubRE, err = compileAll(c.NotGitHubPatterns); err != nil {
		return fmt.Errorf("not_github_patterns: %w", err)
	}
	if len(c.Policy.Fail) == 0 {
		c.Policy.Fail = []string{"pat", "leaked_token"}
	}
	if len(c.Policy.Warn) == 0 {
		c.Policy.Warn = []string{"unknown"}
	}
	if c.AppPrefix != "" && !appPrefixRE.MatchString(c.AppPrefix) {
		return fmt.Errorf("app_prefix %q: use letters, digits and single hyphens, as in an App name", c.AppPrefix)
	}
	c.AppPrefix = strings.ToLower(c.AppPrefix)
	return c.TokenStep.fill()
}

// appPrefixRE is what an App name prefix may hold: GitHub shows an App's
// name lower-cased with anything else replaced.
var appPrefixRE = regexp.MustCompile(`^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$`)

func compileAll(pats []string) ([]*regexp.Regexp, error) {
	out := make([]*regexp.Regexp, 0, len(pats))
	for _, p := range pats {
		re, err := regexp.Compile("(?i)" + p)
		if err != nil {
			return nil, fmt.Errorf("pattern %q: %w", p, err)
		}
		out = append(out, re)
	}
	return out, nil
}

// IsPATName reports whether a secret name matches a configured PAT pattern.
func (c *Config) IsPATName(name string) bool { return matchAny(c.patRE, name) }

// IsNotGitHubName reports whether a secret name matches a configured
// not-GitHub pattern.
func (c *Config) IsNotGitHubName(name string) bool { return matchAny(c.notGitHubRE, name) }

func matchAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}
