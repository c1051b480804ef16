package scanner

import (
	"regexp"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
)

// A credential can be made by a step: steps.ID.outputs.NAME. Its kind is
// the producer's: what an action's outputs hold (knowledge/data
// step-outputs.tsv, token-minting actions of actions.tsv), or what a run
// script writes to $GITHUB_OUTPUT (the credentials it copies are followed
// as themselves; a token it gets from GitHub's installation-token endpoint
// is an App token).

// stepProducer is a step with an id, whose outputs later steps may use.
type stepProducer struct {
	// step names the step; action is its action (lower case, no @ref),
	// "" for a run step.
	step, action string
	line         int
	// mintsAppToken is true for a run script that calls GitHub's
	// installation-token endpoint (POST /app/installations/{id}/access_tokens).
	mintsAppToken bool
	// exchangesOIDC names the service a run script exchanges the job's
	// OIDC token with (a registry's trusted publishing), when it talks to
	// no GitHub host: what it writes out is that service's token.
	exchangesOIDC string
	// images is, for docker/metadata-action, its images input as written:
	// the image names its tags output is made of.
	images string
	// givenAppKey is true for an action step given a GitHub App's private
	// key in an input named for one (github-app-private-key): the token
	// it outputs is minted from it.
	givenAppKey bool
}

// recordProducer notes a step with an id as the producer of its outputs.
func (js *jobState) recordProducer(st *actionlint.Step, name string) {
	if st.ID == nil || st.ID.Value == "" {
		return
	}
	p := &stepProducer{step: name}
	if st.Pos != nil {
		p.line = st.Pos.Line
	}
	switch ex := st.Exec.(type) {
	case *actionlint.ExecAction:
		if ex.Uses != nil {
			p.action = actionRef(ex.Uses.Value)
			if in := ex.Inputs["images"]; p.action == "docker/metadata-action" && in != nil && in.Value != nil {
				p.images = in.Value.Value
			}
			for k, in := range ex.Inputs {
				if in != nil && in.Value != nil && strings.Contains(in.Value.Value, "${{") && knowledge.IsAppKeyInput(k) && strings.Contains(k, "app") {
					p.givenAppKey = true
				}
			}
		}
	case *actionlint.ExecRun:
		if ex.Run != nil {
			p.mintsAppToken = strings.Contains(ex.Run.Value, "/access_tokens")
			p.exchangesOIDC = oidcExchangeHost(ex.Run.Value)
		}
	}
	if js.producers == nil {
		js.producers = map[string]*stepProducer{}
	}
	js.producers[st.ID.Value] = p
}

// holdsCredential reports whether the output name of the step is a
// credential: one its action's row names, or one named like a credential.
func (p *stepProducer) holdsCredential(output string) bool {
	if _, ok := knowledge.StepOutput(p.action, output); ok {
		return true
	}
	return isTokenish(output)
}

// storesSecret reports an output of a secret store's action
// (step-outputs.tsv stored_secret): a secret the store holds under that
// name.
func (p *stepProducer) storesSecret(output string) bool {
	if p == nil || p.action == "" {
		return false
	}
	k, _ := knowledge.StepOutput(p.action, output)
	return k == knowledge.OutputStoredSecret
}

// producedKind is the kind of a credential a step made, from its producer;
// decided is false when the producer does not say (the uses decide).
func producedKind(b *builder) (kind inventory.Kind, conf, reason string, decided bool) {
	p := b.producer
	made := p.made()
	if p.action != "" {
		switch k, _ := knowledge.StepOutput(p.action, outputName(b.f.Credential)); k {
		case knowledge.OutputAppToken:
			return inventory.KindAppToken, inventory.ConfidenceHigh, "a GitHub App installation token " + made, true
		case knowledge.OutputNotGitHub:
			return inventory.KindNotGitHub, inventory.ConfidenceHigh, "another service's token " + made, true
		case knowledge.OutputStoredSecret:
			// A stored secret is what its use shows.
			return "", "", "", false
		}
	}
	if p.mintsAppToken {
		return inventory.KindAppToken, inventory.ConfidenceMedium, "a token " + made + ", whose script calls GitHub's installation-token endpoint", true
	}
	if p.givenAppKey && isTokenish(outputName(b.f.Credential)) {
		return inventory.KindAppToken, inventory.ConfidenceMedium, "a token " + made + ", which is given a GitHub App's private key to mint it", true
	}
	if p.exchangesOIDC != "" {
		return inventory.KindNotGitHub, inventory.ConfidenceMedium, "a token " + made + ", whose script exchanges the job's OIDC token with " + p.exchangesOIDC, true
	}
	return "", "", "", false
}

// producedByUse is the kind of a credential a step made when its producer
// does not say: an unknown action's or script's output (a secret store's
// is read as a secret of its name, classifyByName). One used only for
// other services is not_github; any other value used for GitHub may be an
// App token or a PAT fetched at run time, which only a reader of the
// producer can tell.
func producedByUse(b *builder) (inventory.Kind, string, string) {
	p := b.producer
	made := p.made()
	switch {
	case b.pos == 0 && (b.neg > 0 || b.weakNeg > 0) && !b.unknown:
		return inventory.KindNotGitHub, confidenceOf(b.strongNeg), "a value " + made + ", used only for what is not GitHub's"
	case b.pos > 0:
		return inventory.KindUnknown, inventory.ConfidenceLow, "used as a GitHub credential, but " + made + ", which pat2app cannot read: an App token or a token fetched at run time"
	}
	return inventory.KindUnknown, inventory.ConfidenceLow, "a value " + made + "; its use is not visible"
}

// urlHostRE finds the hosts of the URLs a script names.
var urlHostRE = regexp.MustCompile(`https?://([A-Za-z0-9.-]+)`)

// oidcExchangeHost is the host a script exchanges the job's OIDC token with:
// the script requests it (ACTIONS_ID_TOKEN_REQUEST_URL) and names one
// other host and no GitHub one. "" when it does not, or when a GitHub host
// is among them (an exchange for a GitHub token).
func oidcExchangeHost(script string) string {
	if !strings.Contains(script, "ACTIONS_ID_TOKEN_REQUEST_URL") && !strings.Contains(script, "ACTIONS_ID_TOKEN_REQUEST_TOKEN") {
		return ""
	}
	host := ""
	for _, m := range urlHostRE.FindAllStringSubmatch(script, -1) {
		h := strings.ToLower(m[1])
		if knowledge.IsGitHubHost(h) || strings.Contains(h, "github") {
			return ""
		}
		if host == "" {
			host = h
		}
	}
	return host
}

// made says which step made a credential ("made by step auth
// (rust-lang/crates-io-auth-action)").
func (p *stepProducer) made() string {
	if p.action != "" {
		return "made by step " + p.step + " (" + p.action + ")"
	}
	return "made by step " + p.step
}

// outputName is the NAME of steps.ID.outputs.NAME.
func outputName(cred string) string {
	return cred[strings.LastIndexByte(cred, '.')+1:]
}
