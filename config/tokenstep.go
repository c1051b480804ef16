package config

import (
	"fmt"
	"regexp"
	"strings"
)

// TokenStep says how the plan writes the step that creates a GitHub App
// installation token (`token_step:` in .pat2app.yaml).
type TokenStep struct {
	// Uses is the action and the commit it is pinned to:
	// actions/create-github-app-token@<40-hex commit>.
	Uses string `yaml:"uses"`
	// Version is the release that commit is, written as a comment after
	// uses so a reader (and Dependabot) can tell which release it is.
	Version string `yaml:"version"`
	// IDInput is the input that names the App: client-id (the action's
	// v3.1.0 and later, what GitHub recommends) or app-id (older releases).
	IDInput string `yaml:"id_input"`
}

// The token step the plan writes by default: the current release of
// actions/create-github-app-token, v3.2.0, pinned by the commit of its tag,
// naming the App by its client ID (the input since v3.1.0; app-id is
// deprecated).
const (
	DefaultTokenStepUses    = "actions/create-github-app-token@bcd2ba49218906704ab6c1aa796996da409d3eb1"
	DefaultTokenStepVersion = "v3.2.0"
	DefaultTokenStepIDInput = "client-id"
)

// Token step inputs that name the App.
const (
	IDInputClientID = "client-id"
	IDInputAppID    = "app-id"
)

var actionRefRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9._-]+(/[A-Za-z0-9._/-]+)?@[A-Za-z0-9._/-]+$`)

// fill gives the unset fields their defaults and checks the rest.
func (t *TokenStep) fill() error {
	if t.Uses == "" {
		*t = t.WithDefaults()
	}
	if !actionRefRE.MatchString(t.Uses) {
		return fmt.Errorf("token_step: uses %q: want OWNER/REPO@COMMIT", t.Uses)
	}
	if strings.ContainsAny(t.Version, "\n\r#") {
		return fmt.Errorf("token_step: version %q: want one word, such as v3.2.0", t.Version)
	}
	switch t.IDInput {
	case "":
		t.IDInput = DefaultTokenStepIDInput
	case IDInputClientID, IDInputAppID:
	default:
		return fmt.Errorf("token_step: id_input %q: want %s or %s", t.IDInput, IDInputClientID, IDInputAppID)
	}
	return nil
}

// WithDefaults is the step with its unset fields given their defaults (a
// Config made in code rather than parsed has none).
func (t TokenStep) WithDefaults() TokenStep {
	if t.Uses == "" {
		t.Uses, t.Version = DefaultTokenStepUses, DefaultTokenStepVersion
	}
	if t.IDInput == "" {
		t.IDInput = DefaultTokenStepIDInput
	}
	return t
}

// VariableSuffix is the suffix of the variable that holds what IDInput
// takes: _CLIENT_ID or _APP_ID.
func (t TokenStep) VariableSuffix() string {
	if t.IDInput == IDInputAppID {
		return "_APP_ID"
	}
	return "_CLIENT_ID"
}

// UsesLine is the value of the step's uses: key, with the version as a
// comment when there is one.
func (t TokenStep) UsesLine() string {
	if t.Version == "" {
		return t.Uses
	}
	return t.Uses + " # " + t.Version
}
