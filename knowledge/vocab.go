package knowledge

import (
	"sort"
	"strings"
	"sync"
)

// This file answers what a name says when nothing else does: an action
// input's name (data/input-names.tsv), an environment variable's
// (data/env-vars.tsv), a secret's (data/secret-names.tsv), the words of an
// action's or script's name (data/name-words.tsv).

// inputNameRow is the generated form of one row of data/input-names.tsv.
type inputNameRow struct{ input, means string }

// envVarRow is the generated form of one row of data/env-vars.tsv.
type envVarRow struct{ name, match, service string }

// secretNameRow is the generated form of one row of data/secret-names.tsv.
type secretNameRow struct{ pattern, match, means string }

// nameWordRow is the generated form of one row of data/name-words.tsv.
type nameWordRow struct{ word, match, means string }

// NameMeaning is what a part of a secret, input or variable name says the
// value is (data/secret-names.tsv, column means).
type NameMeaning string

// Meanings of name parts.
const (
	NameGitHub       NameMeaning = "github"        // a GitHub token
	NameAppKey       NameMeaning = "app_key"       // a GitHub App private key
	NameAppID        NameMeaning = "app_id"        // a GitHub App's ID or client ID, which goes with its key
	NameOtherService NameMeaning = "other_service" // another service's credential
	NameCredential   NameMeaning = "credential"    // some credential
	// NamePassword: a password, which GitHub takes for neither git nor
	// the API.
	NamePassword NameMeaning = "password"
	// NameWebhook: a webhook's address or the secret that signs its
	// deliveries, which no API or git host takes as a credential, also
	// when the name says GitHub (GITHUB_WEBHOOK_SECRET).
	NameWebhook NameMeaning = "webhook"
	// NameOAuthClient: an OAuth application's client ID or secret, which
	// name an application in a user's sign-in and are no token for the
	// API or git, also when the name says GitHub (GH_OAUTH_CLIENT_ID); a
	// GitHub App's client ID (NameAppID) is read first.
	NameOAuthClient NameMeaning = "oauth_client"
	// NameSSHKey: an SSH private key (a deploy key, an account's key),
	// which git over SSH takes and neither the API nor an App token's git
	// over HTTPS does, also when the name says GitHub
	// (GITHUB_SSH_KEY, SSH_PRIVATE_KEY).
	NameSSHKey NameMeaning = "ssh_key"
	// NamePrivateKey: a private key of any kind (a GitHub App's, GPG,
	// SSH or signing): an App's only where something else says so, as a
	// step giving it beside an App's ID.
	NamePrivateKey NameMeaning = "private_key"
	// NameGitIdentity: a variable or input that sets the author or
	// committer of the commits a step makes (GIT_AUTHOR_NAME,
	// GIT_USER_EMAIL, commit_user_name): the step commits.
	NameGitIdentity NameMeaning = "git_identity"
)

// WordMeaning is what a word of an action's or script's name suggests
// (data/name-words.tsv, column means).
type WordMeaning string

// Meanings of name words.
const (
	// WordWritesGit: the action commits, pushes or publishes with the
	// repository's git credentials.
	WordWritesGit WordMeaning = "writes_git"
	// WordGitHubWork: the script does GitHub work (releases, pull
	// requests, comments) with a token from its environment.
	WordGitHubWork WordMeaning = "github_work"
	// WordCredential: a word any credential's name may hold (token, key,
	// password, api, auth).
	WordCredential WordMeaning = "credential_word"
	// WordWritesWorkflows: a command so named regenerates or rewrites the
	// repository's workflow files.
	WordWritesWorkflows WordMeaning = "writes_workflows"
	// WordAccountName: last in a secret's name, the value is an
	// account's name (GH_USERNAME), not a credential.
	WordAccountName WordMeaning = "account_name"
	// WordAddress: last in a secret's name, the value is an address (a
	// URL, host or endpoint: KEEP_API_URL, HARBOR_DOMAIN), not a
	// credential.
	WordAddress WordMeaning = "address"
	// WordIdentifier: last in a secret's name, the value identifies
	// something (NOTARIZATION_TEAMID, TODESKTOP_ID, SIGN_PREFIX), not a
	// credential.
	WordIdentifier WordMeaning = "identifier"
	// WordMessagingService: in an action's name, the service the action
	// posts to (slack, discord, telegram): its generic token input takes
	// that service's token.
	WordMessagingService WordMeaning = "messaging_service"
	// WordRemoteShell: in an action's name, the remote shell or copy it
	// runs on a host its inputs name (ssh, scp, rsync): its key,
	// password and passphrase inputs take that host's credentials.
	WordRemoteShell WordMeaning = "remote_shell"
	// WordProtectionBypass: in a secret's name, a word that says it holds
	// a token kept for its owner's power to push past branch protection
	// (ADMIN_PAT, BYPASS_TOKEN), which GITHUB_TOKEN can never be given.
	WordProtectionBypass WordMeaning = "protection_bypass"
)

// vocabIndex is the vocabulary tables indexed for the lookups below.
type vocabIndex struct {
	namedInputs map[string]bool // the input names input-names.tsv gives a meaning
	// appKeyInputs, tokenInputs and forkRepoInputs split inputs by
	// meaning, as inputs may carry several.
	tokenInputs, appKeyInputs, forkRepoInputs map[string]bool
	targetRepoInputs                          []string
	targetOwnerInputs                         []string
	tapInputs                                 []string
	hostInputs                                []string
	workspaceDirInputs                        []string
	// envExact maps an exact variable name to its service; envPrefix and
	// envSuffix hold the patterns of each service.
	envExact  map[string]string
	envPrefix map[string][]string
	envSuffix map[string][]string
	// names holds the secret-name patterns by meaning; substrings are
	// grouped by first byte so that a name is read once.
	names map[NameMeaning]*namePatterns
	words map[WordMeaning]*namePatterns
}

type namePatterns struct {
	substrings [256][]string
	exact      map[string]bool // the whole name
	words      map[string]bool
	suffixes   []string
	pairs      map[string]bool // a word followed by TOKEN or ACCESS
}

func newNamePatterns() *namePatterns {
	return &namePatterns{exact: map[string]bool{}, words: map[string]bool{}, pairs: map[string]bool{}}
}

func (p *namePatterns) add(pattern, match string) {
	switch match {
	case "substring":
		p.substrings[pattern[0]] = append(p.substrings[pattern[0]], pattern)
	case "exact":
		p.exact[pattern] = true
	case "word":
		p.words[pattern] = true
	case "suffix":
		p.suffixes = append(p.suffixes, pattern)
	case "pair":
		p.pairs[pattern] = true
	}
}

var vocab = sync.OnceValue(func() *vocabIndex {
	ix := &vocabIndex{
		tokenInputs: map[string]bool{}, appKeyInputs: map[string]bool{}, forkRepoInputs: map[string]bool{},
		envExact: map[string]string{}, envPrefix: map[string][]string{}, envSuffix: map[string][]string{},
		names: map[NameMeaning]*namePatterns{}, words: map[WordMeaning]*namePatterns{},
		namedInputs: map[string]bool{},
	}
	for _, r := range inputNameTable {
		ix.namedInputs[r.input] = true
		switch r.means {
		case "github_token":
			ix.tokenInputs[r.input] = true
		case "app_key":
			ix.appKeyInputs[r.input] = true
		case "target_repo":
			ix.targetRepoInputs = append(ix.targetRepoInputs, r.input)
		case "target_owner":
			ix.targetOwnerInputs = append(ix.targetOwnerInputs, r.input)
		case "homebrew_tap":
			ix.tapInputs = append(ix.tapInputs, r.input)
		case "fork_repo":
			ix.targetRepoInputs = append(ix.targetRepoInputs, r.input)
			ix.forkRepoInputs[r.input] = true
		case "host":
			ix.hostInputs = append(ix.hostInputs, r.input)
		case "workspace_dir":
			ix.workspaceDirInputs = append(ix.workspaceDirInputs, r.input)
		}
	}
	for _, r := range envVarTable {
		switch r.match {
		case "exact":
			ix.envExact[r.name] = r.service
		case "prefix":
			ix.envPrefix[r.service] = append(ix.envPrefix[r.service], r.name)
		case "suffix":
			ix.envSuffix[r.service] = append(ix.envSuffix[r.service], r.name)
		}
	}
	for _, r := range secretNameTable {
		m := NameMeaning(r.means)
		if ix.names[m] == nil {
			ix.names[m] = newNamePatterns()
		}
		ix.names[m].add(r.pattern, r.match)
	}
	for _, r := range nameWordTable {
		m := WordMeaning(r.means)
		if ix.words[m] == nil {
			ix.words[m] = newNamePatterns()
		}
		ix.words[m].add(r.word, r.match)
	}
	return ix
})

// IsGitHubTokenInput reports whether an action input of this name (as
// written, lower case) takes a GitHub token by convention: token,
// github-token, repo-token, ...
func IsGitHubTokenInput(input string) bool { return vocab().tokenInputs[input] }

// IsAppKeyInput reports whether an input of this name takes a GitHub App
// private key (private-key, pem, ...).
func IsAppKeyInput(input string) bool { return vocab().appKeyInputs[input] }

// IsNamedInput reports whether input-names.tsv gives an input of this name
// (as written, lower case) a meaning: a token, an App key, a target or
// fork repository, a host, a workspace folder.
func IsNamedInput(input string) bool { return vocab().namedInputs[input] }

// TapInputs lists the input names that name a Homebrew tap (USER/NAME,
// the repository USER/homebrew-NAME) an action writes to.
func TapInputs() []string {
	return append([]string(nil), vocab().tapInputs...)
}

// TargetOwnerInputs lists the input names that name the owner of an
// action's target repository when its repository input names only the
// repository, in the order they are tried.
func TargetOwnerInputs() []string {
	return append([]string(nil), vocab().targetOwnerInputs...)
}

// TargetRepoInputs lists the input names that name an action's target
// repository, in the order they are tried.
func TargetRepoInputs() []string {
	return append([]string(nil), vocab().targetRepoInputs...)
}

// IsForkRepoInput reports whether an input of this name names a fork the
// action pushes to while it keeps working on the repository it runs in
// (create-pull-request's push-to-fork: the pull request is opened in the
// parent).
func IsForkRepoInput(input string) bool { return vocab().forkRepoInputs[input] }

// WorkspaceDirInputs lists the input names that name the folder of the
// workspace an action works in (a local git repository), in the order they
// are tried.
func WorkspaceDirInputs() []string {
	return append([]string(nil), vocab().workspaceDirInputs...)
}

// HostInputs lists the input names that name the host or URL of the
// service an action talks to, in the order they are tried.
func HostInputs() []string {
	return append([]string(nil), vocab().hostInputs...)
}

// IsGitHubTokenEnv reports whether GitHub tooling reads a token from the
// environment variable name (exact, case-sensitive): GITHUB_TOKEN,
// GH_TOKEN, RENOVATE_TOKEN, ...
func IsGitHubTokenEnv(name string) bool { return vocab().envExact[name] == "github" }

// IsGitHubTokenVarName reports whether a variable name, compared in upper
// case, is or ends in "_" plus one of the GitHub token names tools that read
// several tokens use (HOMEBREW_TAP_GITHUB_TOKEN, GH_PAT, ...).
func IsGitHubTokenVarName(name string) bool {
	up := strings.ToUpper(name)
	for _, s := range vocab().envSuffix["github"] {
		if up == s || strings.HasSuffix(up, "_"+s) {
			return true
		}
	}
	return false
}

// IsRunnerDefaultEnv reports whether name (exact, case-sensitive) is a
// default variable the runner sets for every step (GITHUB_REPOSITORY,
// RUNNER_TEMP): an env: entry of a workflow does not change its value.
func IsRunnerDefaultEnv(name string) bool { return envOfService(name, "runner") }

// IsRunnerToken reports whether name (exact, case-sensitive) is a token
// the runner hands a job itself (ACTIONS_RUNTIME_TOKEN for the Actions
// cache and artifacts, ACTIONS_ID_TOKEN_REQUEST_TOKEN for OIDC): read
// back from the environment it is the runner's, no credential a workflow
// stores; an env: entry may still set the name from a secret.
func IsRunnerToken(name string) bool { return envOfService(name, "runner_token") }

// IsOtherServiceEnv reports whether an environment variable, compared in
// upper case, carries another service's credential (NPM_TOKEN, AWS_*,
// ...).
func IsOtherServiceEnv(name string) bool {
	// Names are written in upper case but for Gradle's project
	// properties (ORG_GRADLE_PROJECT_mavenCentralPassword), compared as
	// written.
	return envOfService(strings.ToUpper(name), "other") || envOfService(name, "other")
}

// envOfService reports whether data/env-vars.tsv gives name (as given)
// to service, exactly or by a prefix.
func envOfService(name, service string) bool {
	ix := vocab()
	if ix.envExact[name] == service {
		return true
	}
	for _, p := range ix.envPrefix[service] {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// NameMeans reports whether a secret, input or variable name (compared in
// upper case, '-' read as '_': infracost-api-key is INFRACOST_API_KEY)
// holds a part that says means: a substring, a whole word between '_' or
// '-', a suffix, or a word followed by TOKEN or ACCESS.
func NameMeans(name string, means NameMeaning) bool {
	return vocab().names[means].matches(strings.ReplaceAll(strings.ToUpper(name), "-", "_"), func(r rune) bool { return r == '_' })
}

// matches reports whether s holds one of the patterns, its words being
// split where sep says.
func (p *namePatterns) matches(s string, sep func(rune) bool) bool {
	if p == nil {
		return false
	}
	if p.exact[s] {
		return true
	}
	for i := 0; i < len(s); i++ {
		for _, sub := range p.substrings[s[i]] {
			if strings.HasPrefix(s[i:], sub) {
				return true
			}
		}
	}
	for _, suf := range p.suffixes {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	if len(p.words) == 0 && len(p.pairs) == 0 {
		return false
	}
	words := strings.FieldsFunc(s, sep)
	for i, w := range words {
		if p.words[w] {
			return true
		}
		if i+1 < len(words) && p.pairs[w] && (words[i+1] == "TOKEN" || words[i+1] == "ACCESS") {
			return true
		}
	}
	return false
}

// NameSuggests reports whether an action's or script's name (compared in
// lower case) suggests means: a whole word between non-alphanumeric
// characters, or a substring.
func NameSuggests(name string, means WordMeaning) bool {
	return vocab().words[means].matches(strings.ToLower(name), notNameChar)
}

// NameIsOnlyCredentialWords reports whether every word of a variable or
// input name (split at non-alphanumeric characters, compared in lower
// case) is a generic credential word (data/name-words.tsv,
// credential_word): TOKEN, API_KEY or AUTH_TOKEN say nothing of the
// service the value is for; LOKI_PASSWORD names it. An empty name is
// generic.
func NameIsOnlyCredentialWords(name string) bool {
	p := vocab().words[WordCredential]
	for _, w := range nameWords(name) {
		if p == nil || !p.words[w] {
			return false
		}
	}
	return true
}

// NameIsAccountName reports whether a secret's name ends, numbers
// aside, in a word that says it holds an account's name
// (data/name-words.tsv, account_name): GH_USERNAME, GH_PAT_USER_2.
func NameIsAccountName(name string) bool { return lastNameWordMeans(name, WordAccountName) }

// NameIsAddress reports whether a secret's name ends, numbers aside, in a
// word that says it holds an address (data/name-words.tsv, address):
// KEEP_API_URL, REGISTRY_HOST, HARBOR_DOMAIN. A name that may hold a git
// repository's URL (a GIT, REPO, REPOSITORY, GH or GITHUB word:
// MATCH_GIT_URL), which can carry a token in its user part, is not one.
func NameIsAddress(name string) bool {
	return lastNameWordMeans(name, WordAddress) && !anyNameWord(name, func(w string) bool {
		return w == "git" || w == "repo" || w == "repository" || w == "gh" || strings.Contains(w, "github")
	})
}

// NameIsIdentifier reports whether a secret's name ends, numbers aside,
// in a word that says it holds an identifier (data/name-words.tsv,
// identifier): NOTARIZATION_TEAMID, TODESKTOP_ID. A name with a GitHub
// word (GITHUB_CLIENT_ID, GH_APP_ID) is not one: what goes with a GitHub
// App or OAuth app is judged by its own rules.
//
// A name that ends in BRANCH, REPO or REPOSITORY and says nothing of a
// credential (data/secret-names.tsv) names a branch or a repository,
// GitHub's or not (E2E_GITHUB_BRANCH), and no App or OAuth app goes with
// those: the GitHub word does not keep it from being one.
func NameIsIdentifier(name string) bool {
	if !lastNameWordMeans(name, WordIdentifier) {
		return false
	}
	switch lastNameWord(name) {
	case "branch", "repo", "repository":
		// Unless the name says credential too: GHA_TOKEN_BOT_MAIN_REPO
		// is the token for a repository.
		return !NameMeans(strings.ToUpper(name), NameCredential)
	}
	return !anyNameWord(name, func(w string) bool {
		return w == "gh" || w == "app" || strings.Contains(w, "github")
	})
}

// lastNameWord is a name's last word that is not only digits, in lower
// case; "" when it has none.
func lastNameWord(name string) string {
	words := nameWords(name)
	for i := len(words) - 1; i >= 0; i-- {
		if strings.Trim(words[i], "0123456789") != "" {
			return words[i]
		}
	}
	return ""
}

// anyNameWord reports whether one of a name's words (lower case, split at
// anything but letters and digits) satisfies is.
func anyNameWord(name string, is func(word string) bool) bool {
	for _, w := range nameWords(name) {
		if is(w) {
			return true
		}
	}
	return false
}

// lastNameWordMeans reports whether a name's last word, numbers aside,
// has the meaning means in data/name-words.tsv.
func lastNameWordMeans(name string, means WordMeaning) bool {
	p := vocab().words[means]
	w := lastNameWord(name)
	return w != "" && p != nil && p.words[w]
}

// notNameChar separates the words of a name: anything but a lower-case
// letter or a digit.
func notNameChar(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }

// nameWords are a name's words, in lower case, split at anything but
// letters and digits.
func nameWords(name string) []string {
	return strings.FieldsFunc(strings.ToLower(name), notNameChar)
}

// WordsMeaning lists the whole words of data/name-words.tsv that mean
// means (lower case), for callers that look for them in a text.
func WordsMeaning(means WordMeaning) []string {
	p := vocab().words[means]
	if p == nil {
		return nil
	}
	out := make([]string, 0, len(p.words))
	for w := range p.words {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}
