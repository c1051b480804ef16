// Package offboard answers "what breaks if this person leaves?": every job
// and secret that depends on a login's tokens, from the Owner column the
// team filled in, the organisation's fine-grained PAT list and its SSO
// credential authorizations, and which of those jobs are already migrated.
package offboard

import (
	"sort"
	"strings"
	"time"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/planner"
	"github.com/pat2app/pat2app/status"
)

// Links say how a job is tied to the login.
const (
	// LinkOwner: the Owner column names the login.
	LinkOwner = "owner"
	// LinkFineGrained: the Owner is not recorded and one of the login's
	// fine-grained PATs reaches the job's repositories.
	LinkFineGrained = "fine_grained_pat"
	// LinkSSO: the Owner is not recorded and the login authorised classic
	// PATs for the organisation, whose repositories cannot be seen.
	LinkSSO = "sso_authorization"
	// LinkUnknown: the Owner is not recorded and the organisation's token
	// lists were not read.
	LinkUnknown = "unknown"
)

// Dependency is one planned job that may need the login's token: where
// it stands in the new scan, the secrets it reads, and how it is tied to
// the login.
type Dependency struct {
	status.Job
	Secrets  []string `json:"secrets,omitempty"`
	Link     string   `json:"link"`
	Evidence string   `json:"evidence"`
}

// Done reports whether the job no longer needs the credential.
func (d Dependency) Done() bool {
	return d.State == status.StateMigrated || d.State == status.StateRemoved
}

// Report is what offboarding the login would break.
type Report struct {
	Login string `json:"login"`
	// Breaks are jobs not yet migrated that the Owner column ties to the
	// login; MayBreak those tied only by what the login's tokens reach.
	Breaks   []Dependency `json:"breaks"`
	MayBreak []Dependency `json:"may_break"`
	// UnknownOwner are jobs not yet migrated whose owner nothing tells.
	UnknownOwner []Dependency `json:"unknown_owner"`
	// Migrated are jobs tied to the login that no longer need its token.
	Migrated []Dependency `json:"migrated"`
	// Secrets are the secrets the not-yet-migrated dependencies read.
	Secrets []string `json:"secrets"`
	// Tokens are the login's fine-grained PATs and SSO authorizations.
	Tokens []inventory.Token `json:"tokens"`
	// OtherOwners counts PAT jobs whose Owner names someone else.
	OtherOwners int `json:"other_owners"`
	// Unknowable says what cannot be known from here.
	Unknowable []string `json:"cannot_be_known"`
}

// Input is what offboarding reads.
type Input struct {
	Login string
	Plan  *planner.Plan
	// Scan is the current state of the workflows.
	Scan *inventory.Inventory
	// Owners are the Owner column by fingerprint (an edited workbook);
	// they win over the owners carried in the plan.
	Owners map[string]string
}

// Analyse works out what breaks if Input.Login leaves.
func Analyse(in Input) *Report {
	r := &Report{Login: in.Login, Breaks: []Dependency{}, MayBreak: []Dependency{}, UnknownOwner: []Dependency{},
		Migrated: []Dependency{}, Secrets: []string{}, Tokens: []inventory.Token{}}
	tokensRead := in.Scan.Secrets != nil && !notesSay(in.Scan.Secrets.Notes, "fine-grained personal access tokens")
	ssoRead := in.Scan.Secrets != nil && !notesSay(in.Scan.Secrets.Notes, "SSO credential authorizations")
	var fine, sso []inventory.Token
	if in.Scan.Secrets != nil {
		for _, t := range in.Scan.Secrets.Tokens {
			if !sameLogin(t.Owner, in.Login) {
				continue
			}
			r.Tokens = append(r.Tokens, t)
			if t.Source == "credential_authorization" {
				sso = append(sso, t)
			} else {
				fine = append(fine, t)
			}
		}
	}
	states := jobStates(in.Plan, in.Scan)
	secrets := map[string]bool{}
	for i := range in.Plan.Jobs {
		j := &in.Plan.Jobs[i]
		names := planner.SecretNames(j.Credential)
		if j.Kind != "pat" && j.Kind != "unknown" && j.Kind != "leaked_token" {
			continue
		}
		d := Dependency{Job: states[j.Fingerprint], Secrets: names}
		owner := j.Owner
		if o, ok := in.Owners[j.Fingerprint]; ok {
			owner = o
		}
		switch {
		case sameLogin(owner, in.Login):
			d.Link, d.Evidence = LinkOwner, "the Owner column names "+in.Login
		case strings.TrimSpace(owner) != "":
			r.OtherOwners++
			continue
		case len(names) == 0:
			continue // a literal or an expression: no secret of anyone's
		default:
			d.Link, d.Evidence = possibleLink(j, fine, sso, tokensRead, ssoRead)
			if d.Link == "" {
				continue
			}
		}
		switch {
		case d.Done():
			r.Migrated = append(r.Migrated, d)
			continue
		case d.Link == LinkOwner:
			r.Breaks = append(r.Breaks, d)
		case d.Link == LinkUnknown:
			r.UnknownOwner = append(r.UnknownOwner, d)
		default:
			r.MayBreak = append(r.MayBreak, d)
		}
		for _, n := range names {
			secrets[n] = true
		}
	}
	for n := range secrets {
		r.Secrets = append(r.Secrets, n)
	}
	sort.Strings(r.Secrets)
	r.Unknowable = unknowable(in, tokensRead, ssoRead)
	return r
}

// possibleLink ties a job whose owner is not recorded to the login's
// tokens, or says nothing can be told; "" means the login's tokens cannot
// be behind it.
func possibleLink(j *planner.Job, fine, sso []inventory.Token, tokensRead, ssoRead bool) (string, string) {
	repos := append([]string{j.Repo}, j.TargetRepos...)
	for _, t := range fine {
		if reaches(t, repos) {
			return LinkFineGrained, "the Owner is not recorded, and fine-grained PAT " + quoteName(t.Name) + " of this login reaches " + strings.Join(repos, ", ")
		}
	}
	if len(sso) > 0 {
		return LinkSSO, "the Owner is not recorded, and this login authorised classic PATs for the organisation (SAML SSO); a classic PAT's repositories cannot be seen"
	}
	if !tokensRead || !ssoRead {
		return LinkUnknown, "the Owner is not recorded, and the organisation's token lists were not read"
	}
	return "", ""
}

// reaches reports whether a fine-grained PAT reaches one of repos; a PAT
// whose repositories are not listed may reach any.
func reaches(t inventory.Token, repos []string) bool {
	if len(t.Repos) == 0 {
		return true
	}
	for _, r := range t.Repos {
		if r == "all" {
			return true
		}
		for _, want := range repos {
			if strings.EqualFold(r, want) {
				return true
			}
		}
	}
	return false
}

// jobStates says where each planned job stands in the scan.
func jobStates(p *planner.Plan, inv *inventory.Inventory) map[string]status.Job {
	rep := status.Compare(p, inv, 0, time.Time{})
	out := map[string]status.Job{}
	for _, j := range append(rep.Jobs, rep.Outside...) {
		out[j.Fingerprint] = j
	}
	return out
}

// sameLogin reports whether an Owner cell names login: "alice", "@alice",
// "Alice (platform)".
func sameLogin(owner, login string) bool {
	login = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(login), "@"))
	if login == "" {
		return false
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(owner), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-')
	}) {
		if w == login {
			return true
		}
	}
	return false
}

func notesSay(notes []string, what string) bool {
	for _, n := range notes {
		if strings.Contains(n, what) {
			return true
		}
	}
	return false
}

func quoteName(s string) string {
	if s == "" {
		return "(unnamed)"
	}
	return "“" + s + "”"
}

// unknowable says what this answer cannot know.
func unknowable(in Input, tokensRead, ssoRead bool) []string {
	out := []string{
		"Secret values are never readable: a secret is tied to " + in.Login + " only by the Owner column, or by what " + in.Login + "'s tokens reach, never by the token it holds.",
		"A classic PAT's owner is not visible through the API: only the Owner column (or, under SAML SSO, the credential authorizations) points at it.",
		"Tokens used outside GitHub Actions (cron hosts, scripts, other CI) and repositories outside this scan are not seen.",
	}
	switch {
	case in.Scan.Secrets == nil:
		out = append(out, "The organisation's fine-grained PAT list and SSO credential authorizations were not read: scan with --org (as a GitHub App with organization_personal_access_tokens: read, and an owner's token for SSO authorizations).")
	default:
		if !tokensRead {
			out = append(out, "The organisation's fine-grained PAT list could not be read: it needs a GitHub App with organization_personal_access_tokens: read.")
		}
		if !ssoRead {
			out = append(out, "SSO credential authorizations could not be read: they need an organisation owner's token on an organisation that enforces SAML SSO.")
		}
	}
	if len(in.Owners) == 0 {
		out = append(out, "No workbook with an Owner column was given (--annotations): owners come from the plan alone.")
	}
	return out
}
