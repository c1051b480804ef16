package scanner

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/rhysd/actionlint"

	"github.com/pat2app/pat2app/config"
	"github.com/pat2app/pat2app/inventory"
	"github.com/pat2app/pat2app/knowledge"
	"github.com/pat2app/pat2app/repofiles"
	"github.com/pat2app/pat2app/scanner/actionsrc"
	"github.com/pat2app/pat2app/scanner/repocode"
	"github.com/pat2app/pat2app/scanner/shellops"
)

// CompositeJob is the job name of findings in a composite action.
const CompositeJob = "(composite)"

// ScanRepo scans one repository's files. Findings come back sorted; input
// errors name the file (and line where known) and never stop the scan.
func (s *Scanner) ScanRepo(ctx context.Context, r RepoFiles) ([]inventory.Finding, []inventory.InputError) {
	rs := s.newRepoScan(ctx, r)
	rs.parsed = s.parseAll(ctx, r)
	var findings []inventory.Finding
	var errs []inventory.InputError
	for i := range r.Files {
		if err := ctx.Err(); err != nil {
			errs = append(errs, inventory.InputError{Repo: r.Name, File: r.Files[i].Path, Message: "not scanned: " + err.Error()})
			continue
		}
		res := rs.file(&r.Files[i])
		findings = append(findings, res.findings...)
		errs = append(errs, res.errs...)
	}
	rs.resolveCallerSecrets(findings)
	rs.resolveCallerInputs(findings)
	findings = rs.dropCallerCovered(findings)
	rs.resolveWholeSecrets(findings)
	rs.resolveSameSecrets(findings)
	rs.markLabelTriggers(findings)
	rs.markEventListeners(findings)
	inv := &inventory.Inventory{Findings: findings, Errors: errs}
	inv.Finish()
	return inv.Findings, inv.Errors
}

// newRepoScan is the scan of one repository's files, with its code
// follower; the caller fills parsed.
func (s *Scanner) newRepoScan(ctx context.Context, r RepoFiles) *repoScan {
	rs := &repoScan{s: s, ctx: ctx, repo: r, byPath: map[string]*File{}, done: map[string]*fileResult{}, remote: map[string]*analysis{}, remoteWorkflows: map[string]*fileResult{}, mentions: &nameMentions{byName: map[string]nameSearch{}},
		code: repocode.New(r.Tree, repocode.Options{Unavailable: cmp.Or(r.TreeNote, codeUnavailable), Declared: s.declaredScript})}
	for i := range r.Files {
		rs.byPath[path.Clean(r.Files[i].Path)] = &r.Files[i]
	}
	return rs
}

// repoScan holds one repository's files while they are scanned, so that
// reusable-workflow calls can follow into local callees.
type repoScan struct {
	s   *Scanner
	ctx context.Context
	// depth counts the composite actions read from their repositories
	// this scan is inside (0 for the repository's own files); remote
	// holds the scans of those actions (action_source.go).
	depth  int
	remote map[string]*analysis
	// remoteWorkflows holds the scans of reusable workflows read from
	// other repositories (reusable_remote.go).
	remoteWorkflows map[string]*fileResult
	repo            RepoFiles
	byPath          map[string]*File
	done            map[string]*fileResult
	parsed          map[string]parsedFile
	// code follows credentials into the repository code steps run.
	code *repocode.Follower
	// passes are what the callers of each local reusable workflow (by
	// path) pass it.
	passes map[string][]callerPass
	// inputPasses are what the callers of each local composite action
	// (by the path of its action.yml) pass its inputs.
	inputPasses map[string][]*callerPass
	// actionMetadata caches the metadata of the repository's own
	// action.yml files, by path (localActionMetadata), and unusedActions
	// which of them no workflow uses (unusedAction).
	actionMetadata map[string]*actionsrc.Metadata
	unusedActions  map[string]bool
	// dependabot caches dependabotActions once read.
	dependabot *string
	// renovate caches renovateActions once read.
	renovate *string
	// slashTypes caches slashCommandTypes once read.
	slashTypes map[string]bool
	// submodules caches submoduleRepos once read.
	submodules *submoduleList
	// goreleaser caches the GoReleaser configurations read, by folder
	// and --config (goreleaserConfig).
	goreleaser map[string]*goreleaserConf
	// dockerfiles caches the secret ids each Dockerfile read mounts, by
	// path (dockerfileMounts).
	dockerfiles map[string]dockerMounts
	// mentions caches the searches of the repository's files for a
	// variable's name (searchName), shared with the readings of its
	// composite actions.
	mentions *nameMentions
}

// declaredScript reports a script whose permissions .pat2app.yaml
// declares: the declaration is the answer, so its code is not read.
func (s *Scanner) declaredScript(script string) bool {
	for k := range s.cfg.Scripts {
		if config.ScriptKeyMatches(k, script, "") {
			return true
		}
	}
	return false
}

// codeUnavailable says why a script is not read when the scan has only
// the repository's workflow and action files.
const codeUnavailable = "script not read: only the workflow and action files were given"

// parseAll parses a repository's files on every core; the walk that
// follows is sequential because reusable-workflow calls link files.
func (s *Scanner) parseAll(ctx context.Context, r RepoFiles) map[string]parsedFile {
	out := make(map[string]parsedFile, len(r.Files))
	if len(r.Files) < 2 {
		return out
	}
	results := make([]parsedFile, len(r.Files))
	workers := runtime.GOMAXPROCS(0)
	if workers > len(r.Files) {
		workers = len(r.Files)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = s.parseFile(r.Name, &r.Files[i])
			}
		}()
	}
	for i := range r.Files {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	for i := range r.Files {
		if results[i].analyse || len(results[i].errs) > 0 {
			out[path.Clean(r.Files[i].Path)] = results[i]
		}
	}
	return out
}

type fileResult struct {
	findings []inventory.Finding
	errs     []inventory.InputError
	// builders by credential, for callers of this workflow.
	analysis *analysis
}

// file scans one file once (memoised; a reusable-workflow cycle sees the
// partial result).
func (rs *repoScan) file(f *File) *fileResult {
	key := path.Clean(f.Path)
	if r, ok := rs.done[key]; ok {
		return r
	}
	res := &fileResult{}
	rs.done[key] = res
	rs.s.scanFile(rs, f, res)
	return res
}

// parsedFile is the outcome of reading and parsing one file, the part of
// the work that files do not share and that runs in parallel.
type parsedFile struct {
	errs      []inventory.InputError
	wf        *actionlint.Workflow
	composite bool
	// analyse is false when nothing past the leak check applies (empty,
	// unreadable, not composite).
	analyse bool
}

// parseFile checks and parses one workflow or composite action.
func (s *Scanner) parseFile(repo string, f *File) parsedFile {
	var p parsedFile
	fail := func(line int, msg string) {
		p.errs = append(p.errs, inventory.InputError{Repo: repo, File: f.Path, Line: line, Message: msg})
	}
	if int64(len(f.Data)) > s.maxSize {
		fail(0, fmt.Sprintf("file is %d bytes, over the %d-byte limit; not read", len(f.Data), s.maxSize))
		return p
	}
	if err := checkText(f.Data); err != nil {
		le := err.(*lineError)
		fail(le.Line, le.Msg)
		return p
	}
	p.analyse = true
	if len(bytes.TrimSpace(f.Data)) == 0 {
		return p
	}
	if line, bad := aliasBomb(f.Data); bad {
		fail(line, "YAML aliases expand too far (alias bomb); not parsed")
		return p
	}
	p.composite = repofiles.Classify(filepath.ToSlash(f.Path)) == repofiles.Action || looksLikeAction(f.Data)
	data := f.Data
	if p.composite {
		conv, ok, err := compositeAsWorkflow(f.Data)
		if err != nil {
			fail(errLine(err), err.Error())
			return p
		}
		if !ok {
			// Not a composite action (JavaScript or Docker): nothing to follow.
			return p
		}
		data = conv
	}
	data = flattenStepGroups(data)
	wf, perrs := actionlint.Parse(data)
	for _, e := range perrs {
		if e.Kind == "syntax-check" && strings.Contains(e.Message, "could not parse as YAML") {
			fail(e.Line, e.Message)
		}
	}
	p.wf = wf
	return p
}

// scanFile analyses one parsed file.
func (s *Scanner) scanFile(rs *repoScan, f *File, res *fileResult) {
	p, ok := rs.parsed[path.Clean(f.Path)]
	if !ok {
		p = s.parseFile(rs.repo.Name, f)
	}
	res.errs = append(res.errs, p.errs...)
	if !p.analyse {
		return
	}
	a := newAnalysis(s, rs, f)
	res.analysis = a
	a.composite = p.composite
	if p.wf != nil {
		a.wf = p.wf
		a.workflow()
	}
	res.findings = a.finish()
	a.ghawResolve(res.findings)
	res.errs = append(res.errs, a.errs...)
}

func errLine(err error) int {
	if le, ok := err.(*lineError); ok {
		return le.Line
	}
	return 0
}

// analysis is the state of one file's walk: the findings being built, keyed
// by job and credential.
type analysis struct {
	s         *Scanner
	rs        *repoScan
	file      *File
	lines     fileLines
	composite bool
	wf        *actionlint.Workflow
	// builders holds the findings being built, by builderKey.
	builders map[string]*builder
	// byName finds a builder by job and credential as written, without
	// making the case-folded key.
	byName map[[2]string]*builder
	order  []string
	errs   []inventory.InputError
	// seen marks file lines whose ${{ }} credentials were attributed.
	seen map[int]bool
	// exprs remembers what each expression text of the file names.
	exprs    map[string]exprRefs
	jobLines []jobRange
	triggers []string
	// multi holds, by line, expressions that name several credentials.
	multi map[int][]string
	// fallbackAt holds, by line and reference (lower case), whether each
	// of those expressions names the reference only as its fallback
	// (noteFallbacks).
	fallbackAt map[int]map[string]bool
	// builtinFallbackAt holds, by line and reference (lower case),
	// whether each of those expressions is a chain of references whose
	// last is the built-in token (secrets.PAT || github.token): the
	// reference falls back to it when empty (noteFallbacks).
	builtinFallbackAt map[int]map[string]bool
	// self is the scanned repository: the repo's name, or one named by a
	// job condition when the file came alone.
	self string
	// bound, in a composite action read from its repository, are the
	// inputs (lower case) the calling step gives credentials to; their
	// evidence names evidenceRepo (owner/repo@ref).
	bound        map[string]bool
	evidenceRepo string
	// callerPersisted, in a composite action read for a step that runs
	// after actions/checkout persisted a credential, starts its steps
	// with callerGitCredential in the git configuration.
	callerPersisted bool
	// callerDefaultPersisted, in a composite action read for a step that
	// runs after actions/checkout persisted the workflow's own token,
	// starts its steps with that token in the git configuration
	// (shellops.Input.DefaultPersisted): a push there is github.token's.
	callerDefaultPersisted bool
	// inputValues, in a composite action read for a step, are the inputs
	// (lower case) whose value is known before it runs (knownInputs).
	inputValues map[string]string
	// callerEnv, in a composite action read for a step, are variables of
	// the step's environment its steps see: each is in every step's env
	// as the credential env.NAME (localEnvFollow).
	callerEnv []string
	// left, in a composite action, is what its steps leave for the steps
	// after it, with credentials as the action names them (inputs.token).
	left *leftState
}

// leftState is what a composite action's steps leave in the job for the
// steps after it: the credential an actions/checkout among them persisted
// in the git configuration (and the folder it checked out to), the
// variables they wrote to $GITHUB_ENV, and the logins they made (gh auth
// login, git credentials, docker and npm).
type leftState struct {
	persisted    []string
	persistedDir string
	ghEnv        map[string]envEntry
	stored       []shellops.Stored
}

// holds reports whether the action left cred behind: in the git
// configuration, a tool's configuration or $GITHUB_ENV.
func (l *leftState) holds(cred string) bool {
	same := func(c string) bool { return strings.EqualFold(c, cred) }
	if slices.ContainsFunc(l.persisted, same) {
		return true
	}
	for _, st := range l.stored {
		if slices.ContainsFunc(st.Credentials, same) {
			return true
		}
	}
	for _, e := range l.ghEnv {
		if slices.ContainsFunc(e.creds, same) {
			return true
		}
	}
	return false
}

// callerGitCredential stands, in a composite action's steps, for the
// credential the calling job's actions/checkout persisted in the git
// configuration: what the steps do with it is copied to each such
// credential of the caller (persistedUse).
const callerGitCredential = "env.PAT2APP_CALLER_GIT_CREDENTIAL"

type jobRange struct {
	id    string
	start int
}

func newAnalysis(s *Scanner, rs *repoScan, f *File) *analysis {
	return &analysis{
		s: s, rs: rs, file: f,
		lines:    newFileLines(f.Data),
		builders: map[string]*builder{},
		byName:   map[[2]string]*builder{},
		seen:     map[int]bool{},
		multi:    map[int][]string{},
		self:     rs.repo.Name,
	}
}

// builder accumulates one finding.
type builder struct {
	// secretStore is the job's secret-store action (jobState.secretStore):
	// a variable no env: block sets may be a secret it exported.
	secretStore string
	f           inventory.Finding
	lines       map[int]bool
	pos, neg    int
	strongPos   bool
	strongNeg   bool
	// gitHubNamedPos is true when a use's receiver is named for GitHub
	// (an input github_token of an action without a row): weaker than a
	// known consumer, stronger than a name that says only "token".
	gitHubNamedPos bool
	appKey         bool
	// besideAppID is set for a private key a step gives beside a GitHub
	// App's ID (appKeysBesideIDs).
	besideAppID bool
	leak        bool
	// hints come from names around the value (the env var it is put in)
	// and count only when no use says anything.
	hintPos, hintNeg int
	// producer is the step that made a steps.ID.outputs.NAME credential.
	producer *stepProducer
	// fixed is the kind when what the finding stands for decides it.
	fixed   *kindChoice
	unknown bool // a use whose service is unknown
	// weakNeg counts uses that show the value goes to something that is
	// not GitHub's without naming the service: an input an action's row
	// does not list as a token input, a variable whose name says another
	// purpose (LOKI_PASSWORD).
	weakNeg int
	// weakReason is the first of those uses, said when it decides.
	weakReason string
	// testedOnly counts the uses that hand the value to a local
	// composite action whose steps only test it (whether it is set) or
	// compare it.
	testedOnly int
	reasons    []string
	targets    map[string]bool
	opKeys     map[opKey]bool
	useKeys    map[inventory.Use]bool
	unresKeys  map[inventory.Evidence]bool
}

// builderKey is the key of a job's credential in analysis.builders (the
// credential case-folded); builderKey(job, "") is the prefix of all the
// job's keys.
func builderKey(job, cred string) string {
	return job + "\x00" + strings.ToLower(cred)
}

// existing is the builder of a job's credential when the walk made one,
// nil otherwise.
func (a *analysis) existing(job, cred string) *builder {
	if b, ok := a.byName[[2]string{job, cred}]; ok {
		return b
	}
	return a.builders[builderKey(job, cred)]
}

func (a *analysis) get(job, cred string) *builder {
	exact := [2]string{job, cred}
	if b, ok := a.byName[exact]; ok {
		return b
	}
	key := builderKey(job, cred)
	if b, ok := a.builders[key]; ok {
		a.byName[exact] = b
		return b
	}
	// The key sets are made on first use: most findings have no targets,
	// few operations and few unresolved entries.
	b := &builder{
		f:     inventory.Finding{Repo: a.rs.repo.Name, File: a.file.Path, Job: job, Credential: cred},
		lines: map[int]bool{},
	}
	a.builders[key] = b
	a.byName[exact] = b
	a.order = append(a.order, key)
	return b
}

func (b *builder) line(l int) {
	if l > 0 {
		b.lines[l] = true
	}
}

// target records a repository other than the scanned one that the
// credential reaches.
func (b *builder) target(repo string) {
	repo, _ = wikiOf(repo)
	if b.targets == nil {
		b.targets = map[string]bool{}
	}
	b.targets[repo] = true
}

// variableHint counts what the name of an environment variable the
// credential is put in says: GitHub tools read a token from it
// (GH_TOKEN), or another service's tool does (TURBO_TOKEN).
func (b *builder) variableHint(name string) {
	switch {
	case knowledge.IsGitHubTokenEnv(strings.ToUpper(name)):
		b.hintPos++
	case knowledge.IsOtherServiceEnv(name):
		b.hintNeg++
	}
}

// opKey and unresKey say when two operations or unresolved entries are
// the same (a use is its own key).
type opKey struct {
	kind               inventory.OpKind
	method, path, name string
	action             string
	at                 inventory.Evidence
	repos              string
}

// smallSet is how many entries a builder compares one by one before it
// indexes them in a map: most findings have a handful.
const smallSet = 16

// seenBefore reports whether items already hold an entry whose key is k.
// Past smallSet items it builds *index and answers from it; a caller that
// adds the entry adds its key to *index when there is one.
func seenBefore[T any, K comparable](index *map[K]bool, items []T, key func(*T) K, k K) bool {
	if *index != nil {
		return (*index)[k]
	}
	for i := range items {
		if key(&items[i]) == k {
			return true
		}
	}
	if len(items) >= smallSet {
		*index = make(map[K]bool, 2*len(items))
		for i := range items {
			(*index)[key(&items[i])] = true
		}
	}
	return false
}

func keyOfUse(u *inventory.Use) inventory.Use { return *u }

func keyOfOp(o *inventory.Operation) opKey {
	return opKey{o.Kind, o.Method, o.Path, o.Name, o.Action, inventory.Evidence{Repo: o.Evidence.Repo, File: o.Evidence.File, Line: o.Evidence.Line}, strings.Join(o.Repos, " ")}
}

func keyOfUnresolved(u *inventory.Unresolved) inventory.Evidence { return u.Evidence }

func (b *builder) use(u inventory.Use) {
	if !seenBefore(&b.useKeys, b.f.Uses, keyOfUse, u) {
		b.f.Uses = append(b.f.Uses, u)
		if b.useKeys != nil {
			b.useKeys[u] = true
		}
	}
	b.line(u.Line)
}

func (b *builder) op(o inventory.Operation) {
	if len(o.Repos) > 0 {
		// A wiki's operations are its repository's (wikiOf).
		wiki := true
		repos := make([]string, len(o.Repos))
		for i, r := range o.Repos {
			var w bool
			repos[i], w = wikiOf(r)
			wiki = wiki && w
		}
		o.Repos = repos
		o.Wiki = o.Wiki || wiki && o.Kind == inventory.OpGit
	}
	k := keyOfOp(&o)
	if !seenBefore(&b.opKeys, b.f.Operations, keyOfOp, k) {
		b.f.Operations = append(b.f.Operations, o)
		if b.opKeys != nil {
			b.opKeys[k] = true
		}
	}
	for _, r := range o.Repos {
		b.target(r)
	}
}

// unresolved records a use that could not be turned into an operation,
// shown by the text at line, about subject.
func (b *builder) unresolved(line int, text, reason string, subject inventory.Subject) {
	b.unresolvedAt(inventory.Unresolved{Evidence: inventory.Evidence{Line: line, Text: text}, Reason: reason, Subject: subject})
}

// unresolvedAt records an unresolved entry as it is, its evidence possibly
// in another file (a called workflow's).
func (b *builder) unresolvedAt(u inventory.Unresolved) {
	k := u.Evidence
	if !seenBefore(&b.unresKeys, b.f.Unresolved, keyOfUnresolved, k) {
		b.f.Unresolved = append(b.f.Unresolved, u)
		if b.unresKeys != nil {
			b.unresKeys[k] = true
		}
	}
	if u.Evidence.File == "" {
		b.line(u.Evidence.Line)
	}
}

// at is the evidence of a line of the file being scanned.
func at(line int, text string) inventory.Evidence {
	return inventory.Evidence{Line: line, Text: text}
}

// signal records how a use says what service the credential is for:
// +1 GitHub, -1 another service, 0 unknown; strong when the consumer is
// certain (a known GitHub action's token input, gh, api.github.com).
func (b *builder) signal(dir int, strong bool, why string) {
	switch {
	case dir > 0:
		b.pos++
		b.strongPos = b.strongPos || strong
	case dir < 0:
		b.neg++
		b.strongNeg = b.strongNeg || strong
	default:
		b.unknown = true
	}
	if why != "" && len(b.reasons) < 8 {
		b.reasons = append(b.reasons, why)
	}
}

// notGitHubHint records a use that shows the value reaches something that
// is not a GitHub consumer, though nothing names the service.
func (b *builder) notGitHubHint(why string) {
	b.weakNeg++
	if b.weakReason == "" {
		b.weakReason = why
	}
}

// finish turns builders into findings.
func (a *analysis) finish() []inventory.Finding {
	a.leaks()
	a.catchAll()
	a.appKeysBesideIDs()
	out := make([]inventory.Finding, 0, len(a.order))
	for _, k := range a.order {
		b := a.builders[k]
		f := b.f
		f.Lines = slices.Grow(f.Lines, len(b.lines))
		for l := range b.lines {
			f.Lines = append(f.Lines, l)
		}
		sort.Ints(f.Lines)
		f.Kind, f.Confidence, f.Reason = a.s.classify(b, a.s.configOf(a.rs.repo))
		f.AppKey = f.Kind == inventory.KindAppToken && b.appKey
		for t := range b.targets {
			f.TargetRepos = append(f.TargetRepos, t)
		}
		sort.Strings(f.TargetRepos)
		f.TargetRepos = crossTargets(a.self, f.TargetRepos)
		cred := strings.ToLower(f.Credential)
		builtin := isBuiltinToken(cred)
		for _, l := range f.Lines {
			for _, e := range a.multi[l] {
				if strings.Contains(strings.ToLower(e), cred) {
					f.Expressions = appendUnique(f.Expressions, e)
				}
			}
			if builtin && a.fallbackAt[l][cred] {
				f.FallbackLines = append(f.FallbackLines, l)
			}
			if !builtin && a.builtinFallbackAt[l][cred] {
				f.BuiltinFallbackLines = append(f.BuiltinFallbackLines, l)
			}
		}
		f.CrossRepo = len(f.TargetRepos) > 0
		for i := range f.Operations {
			f.Operations[i].Repos = ownersRepos(a.self, f.Operations[i].Repos)
		}
		slices.SortStableFunc(f.Uses, func(x, y inventory.Use) int { return cmp.Compare(x.Line, y.Line) })
		slices.SortStableFunc(f.Operations, func(x, y inventory.Operation) int { return cmp.Compare(x.Evidence.Line, y.Evidence.Line) })
		slices.SortStableFunc(f.Unresolved, func(x, y inventory.Unresolved) int { return cmp.Compare(x.Evidence.Line, y.Evidence.Line) })
		f.Fingerprint = Fingerprint(f.Repo, f.File, f.Job, f.Credential)
		out = append(out, f)
	}
	return out
}

// appKeysBesideIDs marks the secrets named as private keys that a step
// gives beside a secret named as a GitHub App's ID (docker run --env APP_ID
// --env PRIVATE_KEY, an action's id and private_key): the App's key, whose
// name need not say App (SETTINGS_PRIVATE_KEY).
func (a *analysis) appKeysBesideIDs() {
	type place struct{ file, job, step string }
	ids := map[place][]int{}
	for _, k := range a.order {
		b := a.builders[k]
		if !knowledge.NameMeans(strings.TrimPrefix(b.f.Credential, "secrets."), knowledge.NameAppID) {
			continue
		}
		for _, u := range b.f.Uses {
			if u.Step != "" {
				p := place{b.f.File, b.f.Job, u.Step}
				ids[p] = append(ids[p], u.Line)
			}
		}
	}
	if len(ids) == 0 {
		return
	}
	for _, k := range a.order {
		b := a.builders[k]
		name, ok := strings.CutPrefix(b.f.Credential, "secrets.")
		if !ok || !knowledge.NameMeans(name, knowledge.NamePrivateKey) {
			continue
		}
		for _, u := range b.f.Uses {
			if slices.ContainsFunc(ids[place{b.f.File, b.f.Job, u.Step}], func(l int) bool { return l-u.Line <= stepNeighbourLines && u.Line-l <= stepNeighbourLines }) {
				b.besideAppID = true
			}
		}
	}
}

// stepNeighbourLines bounds how far apart two uses of one step's label
// may be to count as the same step (two steps seldom share a label).
const stepNeighbourLines = 20

// ownersRepos writes the scanned repository's owner into repositories
// named {owner}/NAME, as crossTargets does for the finding's, so an
// operation's and its finding's repositories name one repository alike.
func ownersRepos(self string, repos []string) []string {
	owner, _, ok := strings.Cut(self, "/")
	if !ok || owner == "" {
		return repos
	}
	var out []string
	for _, r := range repos {
		if name, ok := strings.CutPrefix(r, "{owner}/"); ok && name != "" && !strings.Contains(name, "{") {
			r = owner + "/" + name
		}
		out = appendUnique(out, r)
	}
	return out
}

// crossTargets keeps the target repositories that are not the scanned one
// (placeholders such as {owner}/{repo} stand for the scanned repository).
func crossTargets(self string, targets []string) []string {
	var out []string
	selfName := self
	if i := strings.Index(self, "/"); i >= 0 {
		selfName = self[i+1:]
	}
	owner := ""
	if i := strings.Index(self, "/"); i >= 0 {
		owner = self[:i]
	}
	for _, t := range targets {
		if inventory.IsRunTimeRepo(t) {
			// Named at run time: it may be another repository.
			out = append(out, t)
			continue
		}
		if t == "" || strings.Contains(t, "$") || strings.EqualFold(t, self) {
			continue
		}
		if strings.HasPrefix(t, "{owner}/") && owner != "" {
			t = owner + "/" + strings.TrimPrefix(t, "{owner}/")
			if strings.EqualFold(t, self) {
				continue
			}
		}
		if strings.HasPrefix(t, "{owner}/") {
			// The same owner; another repository unless the name is ours.
			name := strings.TrimPrefix(t, "{owner}/")
			if strings.Contains(name, "{") || (self != "" && strings.EqualFold(name, selfName)) {
				continue
			}
		} else if strings.Contains(t, "{") {
			continue
		}
		out = append(out, t)
	}
	return out
}

// typedIn reports a job of a workflow run by hand (workflow_dispatch) and
// called by no other (no workflow_call): its inputs are what the person
// running it types in.
func typedIn(info *inventory.JobInfo) bool {
	return info != nil && slices.Contains(info.Triggers, "workflow_dispatch") && !slices.Contains(info.Triggers, "workflow_call")
}

// classify decides a finding's kind: first by how the value is used, then by
// its name (and the name patterns of the repository's configuration).
func (s *Scanner) classify(b *builder, cfg *config.Config) (inventory.Kind, string, string) {
	cred := b.f.Credential
	lc := strings.ToLower(cred)
	switch {
	case b.fixed != nil:
		return b.fixed.kind, b.fixed.confidence, b.fixed.reason
	case b.leak:
		return inventory.KindLeakedToken, inventory.ConfidenceHigh, "a literal GitHub token is written in the file"
	case isBuiltinToken(lc):
		return inventory.KindGitHubToken, inventory.ConfidenceHigh, "the workflow's built-in GITHUB_TOKEN"
	case strings.HasPrefix(lc, "steps.") && b.producer == nil:
		return inventory.KindAppToken, inventory.ConfidenceHigh, "a token minted for a GitHub App by an earlier step"
	case strings.HasPrefix(lc, "steps."):
		if k, conf, why, ok := producedKind(b); ok {
			return k, conf, why
		}
		if b.appKey {
			// A secret store's value (1password/load-secrets-action)
			// that a minting action takes for the App's key or ID.
			return inventory.KindAppToken, inventory.ConfidenceHigh, "a GitHub App's key or ID " + b.producer.made() + ", passed to a token-minting action"
		}
		if b.producer.storesSecret(outputName(cred)) {
			// A secret store's value, named as the store names it:
			// read like a repository secret of that name.
			return s.classifyStored(b, cfg, outputName(cred), b.producer.made())
		}
		return producedByUse(b)
	case lc == "secrets.*":
		return inventory.KindUnknown, inventory.ConfidenceLow, "every secret is passed on at once (toJSON(secrets))"
	case lc == "secrets.[dynamic]":
		return inventory.KindUnknown, inventory.ConfidenceLow, "the secret is chosen at run time (secrets[expression])"
	case strings.HasPrefix(lc, "inputs.") || strings.HasPrefix(lc, "env.") || lc == inventory.InheritCredential:
		if b.neg > 0 && b.pos == 0 && !b.unknown {
			// Whatever the caller passes, it is used for another service.
			return inventory.KindNotGitHub, confidenceOf(b.strongNeg), "used only for another service: " + firstReason(b)
		}
		if b.pos == 0 && b.neg == 0 && b.hintNeg > 0 && b.hintPos == 0 && !b.unknown {
			return inventory.KindNotGitHub, inventory.ConfidenceMedium, "put in a variable another service reads; its use is not visible"
		}
		if lc == inventory.InheritCredential {
			// The repository's own secrets (and its organisation's) when
			// the workflow is not itself called; its caller's when it is.
			return inventory.KindUnknown, inventory.ConfidenceLow, "secrets: inherit passes on every secret the calling workflow can read; which of them the called workflow uses is not visible here"
		}
		if name, ok := strings.CutPrefix(cred, "env."); ok && b.f.Job != CompositeJob && b.secretStore != "" {
			// No env: block sets it, and a step of the job reads secrets
			// from a store that exports them as variables: a stored
			// secret of that name, read like a repository secret.
			return s.classifyStored(b, cfg, name, b.secretStore+" may have exported")
		}
		if strings.HasPrefix(lc, "env.") && b.f.Job != CompositeJob {
			// No env: block of the job sets it: an earlier step exported
			// it at run time.
			if b.pos > 0 {
				return inventory.KindUnknown, inventory.ConfidenceLow, "used as a GitHub credential, but set at run time by an earlier step (no env: block names it), which pat2app cannot read: a token fetched from a secret store, or an App token: " + firstReason(b)
			}
			return inventory.KindUnknown, inventory.ConfidenceLow, "set at run time by an earlier step (no env: block names it); its identity is not visible here"
		}
		if strings.HasPrefix(lc, "inputs.") && b.pos > 0 && b.neg == 0 && typedIn(b.f.JobInfo) {
			// A workflow run by hand whose input takes a token: the
			// person running it pastes their own.
			return inventory.KindPAT, inventory.ConfidenceMedium, "typed in by whoever runs the workflow by hand (a workflow_dispatch input), used as a GitHub credential: " + firstReason(b)
		}
		if in, ok := strings.CutPrefix(cred, "inputs."); ok && b.pos == 0 && nameSaysNotGitHub(in) {
			// No use says GitHub, and the input is named for another
			// service (aws-web-identity-token-file, infracost-api-key):
			// what a caller passes there is for it.
			return inventory.KindNotGitHub, inventory.ConfidenceMedium, "the input's name names another service, and no use says GitHub"
		}
		if v, ok := strings.CutPrefix(cred, "env."); ok && b.pos == 0 && (nameSaysNotGitHub(v) || knowledge.IsOtherServiceEnv(v)) {
			// A composite action's variable named for another service
			// (SENTRY_AUTH_TOKEN): what a caller sets it to is for it.
			return inventory.KindNotGitHub, inventory.ConfidenceMedium, "the variable's name names another service, and no use says GitHub"
		}
		return inventory.KindUnknown, inventory.ConfidenceLow, "the value comes from the caller; its identity is not visible here"
	}
	return s.classifyByName(b, cfg, strings.TrimPrefix(cred, "secrets."))
}

// classifyStored decides the kind of a value a secret store holds under
// name, as classifyByName does, saying where it came from.
func (s *Scanner) classifyStored(b *builder, cfg *config.Config, name, from string) (inventory.Kind, string, string) {
	k, conf, why := s.classifyByName(b, cfg, name)
	return k, conf, "a stored secret " + from + ": " + why
}

// classifyByName decides the kind of a secret called name (a repository
// secret, or a value a secret store holds under that name): by its uses,
// then by its name.
func (s *Scanner) classifyByName(b *builder, cfg *config.Config, name string) (inventory.Kind, string, string) {
	// The account's own name says nothing of the service: huggingface
	// names a GitHub token HUGGINGFACE_PUSH, and the service words look
	// at the rest of the name.
	svcName := withoutOwner(name, b.f.Repo)
	if b.appKey {
		return inventory.KindAppToken, inventory.ConfidenceHigh, "a GitHub App key passed to a token-minting action"
	}
	if cfg.IsNotGitHubName(name) && b.pos == 0 {
		return inventory.KindNotGitHub, inventory.ConfidenceHigh, "named in .pat2app.yaml not_github_patterns"
	}
	if cfg.IsPATName(name) && !b.strongNeg {
		return inventory.KindPAT, inventory.ConfidenceHigh, "named in .pat2app.yaml pat_patterns"
	}
	switch {
	case b.pos > 0 && !b.strongPos && b.neg == 0 && nameSaysNotGitHub(svcName) && b.gitHubNamedPos:
		// The secret's name names another service (GITEABOT_TOKEN), and
		// what receives it is named for GitHub: neither decides.
		return inventory.KindUnknown, inventory.ConfidenceLow, "the name names another service, but what receives it is named for GitHub: " + firstReason(b)
	case b.pos > 0 && !b.strongPos && b.neg == 0 && nameSaysNotGitHub(svcName):
		// Only a name says the uses are GitHub's (an input called
		// access_token of an action without a row), and the secret's own
		// name says which service it is for: the destination decides.
		return inventory.KindNotGitHub, inventory.ConfidenceMedium, "the name names another service, and only the names of what receives it say GitHub: " + firstReason(b)
	case b.pos > 0 && (b.strongPos || b.neg == 0):
		conf := inventory.ConfidenceMedium
		if b.strongPos {
			conf = inventory.ConfidenceHigh
		}
		return inventory.KindPAT, conf, "used as a GitHub credential: " + firstReason(b)
	case b.neg > 0 && b.pos == 0:
		return inventory.KindNotGitHub, confidenceOf(b.strongNeg), "used only for another service: " + firstReason(b)
	case b.pos > 0 && b.neg > 0:
		return inventory.KindUnknown, inventory.ConfidenceLow, "used for GitHub and for another service: " + strings.Join(b.reasons, "; ")
	}
	if knowledge.NameIsAccountName(name) {
		// No use shows a credential, and the name says it is the account
		// name that goes with one (GH_USERNAME beside GH_TOKEN).
		return inventory.KindNotGitHub, inventory.ConfidenceMedium, "the name says it holds an account's name, which goes with a credential and is not one"
	}
	if knowledge.NameMeans(name, knowledge.NameGitIdentity) && !isTokenish(strings.ReplaceAll(strings.ToUpper(name), "AUTHOR", "")) {
		// No use shows a credential, and the name says it is who
		// commits (CI_COMMIT_AUTHOR, RELEASE_COMMIT_EMAIL), and holds
		// no credential word besides (COMMIT_AUTHOR_TOKEN does).
		return inventory.KindNotGitHub, inventory.ConfidenceMedium, "the name says it holds the author or committer of commits (a name or an email), which is no credential"
	}
	if knowledge.NameIsAddress(name) {
		// No use shows a credential, and the name says it is an address
		// (KEEP_API_URL beside KEEP_API_KEY, a registry's host).
		return inventory.KindNotGitHub, inventory.ConfidenceMedium, "the name says it holds an address (a URL, host or endpoint), which goes with a credential and is not one"
	}
	if b.hintPos > 0 && b.hintNeg == 0 {
		return inventory.KindPAT, inventory.ConfidenceLow, "put in a variable GitHub tools read a token from; its use is not visible"
	}
	if b.hintNeg > 0 && b.hintPos == 0 {
		return inventory.KindNotGitHub, inventory.ConfidenceMedium, "put in a variable another service reads; its use is not visible"
	}
	// A key is an App key by use (a minting action, above); by name only
	// when the name says App and nothing names another service (a GPG,
	// SSH or signing key never is one).
	if nameSaysNotGitHub(svcName) {
		return inventory.KindNotGitHub, inventory.ConfidenceMedium, "the name names another service; its use is not visible"
	}
	if knowledge.NameMeans(name, knowledge.NameAppID) {
		return inventory.KindAppToken, inventory.ConfidenceLow, "named like a GitHub App's ID, which goes with the App's private key and is no token"
	}
	if knowledge.NameMeans(name, knowledge.NameAppKey) {
		return inventory.KindAppToken, inventory.ConfidenceLow, "named like a GitHub App key"
	}
	if b.besideAppID {
		return inventory.KindAppToken, inventory.ConfidenceLow, "a private key a step gives beside a GitHub App's ID: the App's key"
	}
	if knowledge.NameIsIdentifier(name) {
		// No use shows a credential, and the name says it identifies
		// something (an Apple team ID, a service's project ID).
		return inventory.KindNotGitHub, inventory.ConfidenceMedium, "the name says it holds an identifier (an ID or a prefix), which goes with a credential and is not one"
	}
	if nameSaysGitHub(name) {
		return inventory.KindPAT, inventory.ConfidenceLow, "the name says GitHub token; its use is not visible"
	}
	if b.weakNeg > 0 && !b.unknown {
		return inventory.KindNotGitHub, inventory.ConfidenceMedium, "it reaches only programs and inputs that are not GitHub's: " + b.weakReason
	}
	if knowledge.NameMeans(name, knowledge.NamePassword) {
		return inventory.KindNotGitHub, inventory.ConfidenceMedium, "the name says password, and GitHub takes none for git or the API; its use is not visible"
	}
	if len(b.f.Uses) == b.testedOnly && len(b.f.Operations) == 0 && len(b.f.Unresolved) == 0 && b.f.HandedOn == "" &&
		!isTokenish(name) && namesOtherPurpose(svcName) {
		// Nothing takes its value (an if: or a test that it is set, here
		// or in a local action it is given to), and its name names no
		// credential and no GitHub work (USE_TMATE, not RELEASE_KEY or
		// HUGGINGFACE_PUSH): a switch, not a token.
		return inventory.KindNotGitHub, inventory.ConfidenceMedium, "nothing takes its value (a condition or a test that it is set, here or in a local action it is given to, or an entry nothing reads), and its name names no credential: a switch or a setting, not a token"
	}
	return inventory.KindUnknown, inventory.ConfidenceLow, "its use is not visible in the file"
}

// confidenceOf is high for a certain signal, medium otherwise.
func confidenceOf(strong bool) string {
	if strong {
		return inventory.ConfidenceHigh
	}
	return inventory.ConfidenceMedium
}

func firstReason(b *builder) string {
	if len(b.reasons) == 0 {
		return ""
	}
	return b.reasons[0]
}

// jobOf names the job whose lines hold a file line.
func (a *analysis) jobOf(line int) string {
	if a.composite {
		return CompositeJob
	}
	job := ""
	for _, j := range a.jobLines {
		if j.start <= line {
			job = j.id
		}
	}
	if job == "" {
		return "(workflow)"
	}
	return job
}

// catchAll attributes `${{ }}` credential references on lines no walk
// reached (an unusual key, a malformed block), so nothing is silently
// dropped: each becomes an unresolved use of its job.
func (a *analysis) catchAll() {
	if a.wf == nil {
		return
	}
	// Visit only the lines that hold "${{", each once.
	for off := 0; ; {
		i := bytes.Index(a.lines.data[off:], []byte("${{"))
		if i < 0 {
			break
		}
		line := a.lines.lineAt(off + i)
		off = len(a.lines.data)
		if line < a.lines.count() {
			off = a.lines.index()[line]
		}
		if a.seen[line] {
			continue
		}
		text := a.lines.line(line)
		if t := strings.TrimSpace(text); strings.HasPrefix(t, "#") {
			continue
		}
		if c := strings.Index(text, " #"); c >= 0 && c < strings.Index(text, "${{") {
			continue
		}
		for _, sp := range a.findExprs(text) {
			for _, r := range sp.Refs {
				if r.Context != "secrets" && r.Expr != "github.token" {
					continue
				}
				b := a.get(a.jobOf(line), r.Expr)
				b.unresolved(line, oneLine(strings.TrimSpace(text), 120), "referenced in a place pat2app does not follow", inventory.Subject{})
				b.signal(0, false, "")
			}
		}
	}
}

// oneLine folds white space and cuts s to max bytes on a character boundary.
func oneLine(s string, max int) string {
	if len(s) <= max && shellops.Folded(s) {
		// A copy: s may be a line of a whole file or script that a
		// finding should not keep alive.
		return strings.Clone(s)
	}
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// looksLikeAction reports action metadata given under another name (a
// top-level runs: key and no jobs: key).
func looksLikeAction(data []byte) bool {
	hasKey := func(k string) bool {
		return bytes.HasPrefix(data, []byte(k+":")) || bytes.Contains(data, []byte("\n"+k+":"))
	}
	return hasKey("runs") && !hasKey("jobs")
}
