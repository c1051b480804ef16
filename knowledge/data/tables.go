package main

// tables are the data files and the Go tables generated from them, in the
// order they are generated.
var tables = []*table{
	{
		file: "endpoints.tsv", goVar: "endpointTable", goType: "endpointSource",
		doc: ` endpointTable holds every row of endpoints.tsv in file order: GitHub's
 permission list (duplicates included), then the rows marked extra.`,
		cols: []column{
			{name: "permission_key", field: "key", required: true},
			{name: "title", field: "title", required: true},
			{name: "access", kind: enum, values: accessLevels, field: "access", required: true},
			{name: "method", kind: enum, values: httpMethods, field: "method", required: true},
			{name: "path", field: "path", required: true},
			{name: "server_to_server", kind: boolean, field: "s2s"},
			{name: "user_to_server", kind: boolean, field: "u2s"},
			{name: "additional_permissions", kind: boolean, field: "additional"},
			{name: "slug", field: "slug", required: true},
			{name: "extra", kind: boolean, field: "extra"},
			{name: "source", required: true},
		},
	},
	{
		file: "openapi-operations.tsv", goVar: "restTable", goType: "RestOperation",
		doc:         " restTable lists every operation of GitHub's OpenAPI description, sorted by operationId.",
		key:         []string{"operation_id"},
		sorted:      true,
		sourceConst: "openapiSource",
		cols: []column{
			{name: "operation_id", field: "ID", required: true},
			{name: "method", kind: enum, values: httpMethods, field: "Method", required: true},
			{name: "path", field: "Path", required: true},
			{name: "enabled_for_apps", kind: boolean, field: "EnabledForApps"},
			{name: "source", required: true},
		},
	},
	{
		file: "openapi-app-permissions.tsv", goVar: "openapiAppPermissions", goType: "schemaPermission",
		doc: ` openapiAppPermissions lists the properties of the app-permissions schema
 with the access levels each accepts, sorted by name.`,
		key:    []string{"permission"},
		sorted: true,
		cols: []column{
			{name: "permission", field: "name", required: true},
			{name: "access_levels", kind: list, field: "levels", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "octokit-methods.tsv", goVar: "octokitMethods", goType: "octokitMethod",
		doc: ` octokitMethods maps "namespace.method" (github.rest.namespace.method) to
 its route and the operationId with the same HTTP method and path (empty
 when the OpenAPI description no longer has the route), sorted by key.`,
		key:    []string{"method"},
		sorted: true,
		cols: []column{
			{name: "method", field: "key", required: true},
			{name: "operation_id", field: "id"},
			{name: "http_method", kind: enum, values: httpMethods, field: "method", required: true},
			{name: "path", field: "path", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "actions.tsv", goVar: "actionTable", goType: "actionRow",
		doc: " actionTable holds every row of actions.tsv in file order.",
		key: []string{"action", "match"},
		cols: []column{
			{name: "action", field: "name", required: true, lower: true},
			{name: "match", kind: enum, values: []string{"exact", "prefix", "suffix"}, field: "match", required: true},
			{name: "token_inputs", kind: list, field: "inputs", lower: true},
			{name: "token_env", kind: list, field: "env"},
			{name: "permissions", kind: perms, field: "permissions"},
			{name: "dynamic", kind: boolean, field: "dynamic"},
			{name: "mints_app_token", kind: boolean, field: "mints"},
			{name: "pushes_with_persisted_credentials", kind: boolean, field: "pushesPersisted"},
			{name: "other_service", kind: boolean, field: "otherService"},
			{name: "registry", field: "registry"},
			{name: "triggers_workflows", field: "triggers"},
			{name: "other_repos", field: "otherRepos"},
			{name: "other_repos_written", kind: boolean, field: "otherReposWritten"},
			{name: "blocker", field: "blocker"},
			{name: "unavailable", field: "unavailable"},
			{name: "fallback", field: "fallback"},
			{name: "named_items", kind: boolean, field: "namedItems"},
			{name: "token_note"},
			{name: "note", field: "note"},
			{name: "source", field: "source", required: true},
		},
	},
	{
		file: "gh-commands.tsv", goVar: "ghTable", goType: "ghSource",
		doc: " ghTable holds every row of gh-commands.tsv in file order.",
		key: []string{"command"},
		cols: []column{
			{name: "command", field: "command", required: true},
			{name: "permissions", kind: perms, field: "permissions"},
			{name: "api", field: "api"},
			{name: "dynamic", kind: boolean, field: "dynamic"},
			{name: "unavailable", kind: boolean, field: "unavailable"},
			{name: "triggers_workflows", field: "triggers"},
			{name: "starts_no_workflows", kind: boolean, field: "startsNone"},
			{name: "notes", field: "notes"},
			{name: "source", field: "source", required: true},
		},
	},
	{
		file: "permissions.tsv", goVar: "permissionTable", goType: "permissionRow",
		doc: ` permissionTable holds every row of permissions.tsv: the GitHub App
 permission names, the docs keys without one, and GITHUB_TOKEN's job-only
 permissions.`,
		key: []string{"permission"},
		cols: []column{
			{name: "permission", field: "name", required: true},
			{name: "kind", kind: enum, values: []string{"app", "job_only", "no_app"}, field: "kind", required: true},
			{name: "github_token", kind: boolean, field: "githubToken"},
			{name: "github_token_scope", field: "scope"},
			{name: "access_levels", kind: list, field: "levels"},
			{name: "docs_key", field: "docsKey"},
			{name: "trust", kind: enum, values: []string{"admin", "workflow", "triage"}, field: "trust"},
			{name: "source", required: true},
		},
	},
	{
		file: "graphql-fields.tsv", goVar: "graphqlTable", goType: "graphqlSource",
		doc: ` graphqlTable lists top-level fields of GitHub's GraphQL API as workflows
 use them (gh, github-script's github.graphql, octokit/graphql-action).`,
		key: []string{"field", "operation"},
		cols: []column{
			{name: "field", field: "field", required: true},
			{name: "operation", kind: enum, values: []string{"query", "mutation"}, field: "operation", required: true},
			{name: "permissions", kind: perms, field: "perms"},
			{name: "rest", field: "rest"},
			{name: "dynamic", kind: boolean, field: "dynamic"},
			{name: "retired", kind: boolean, field: "retired"},
			{name: "successor", field: "successor"},
			{name: "reads_added_item", kind: boolean, field: "readsAddedItem"},
			{name: "issues_or_pull_requests", kind: boolean, field: "issuesOrPullRequests"},
			{name: "triggers_workflows", field: "triggers"},
			{name: "note", field: "note"},
			{name: "source", required: true},
		},
	},
	{
		file: "graphql-subfields.tsv", goVar: "graphqlSubfieldTable", goType: "graphqlSubfieldRow",
		doc: ` graphqlSubfieldTable gives the permission a subfield adds under a
 repository or organization query.`,
		key: []string{"parent", "field"},
		cols: []column{
			{name: "parent", field: "parent", required: true},
			{name: "field", field: "field", required: true},
			{name: "permissions", kind: perms, field: "perms"},
			{name: "unavailable", field: "unavailable"},
			{name: "fallback", field: "fallback"},
			{name: "source", required: true},
		},
	},
	{
		file: "gh-flags.tsv", goVar: "ghFlagTable", goType: "ghFlagRow",
		doc: ` ghFlagTable names gh's short flags and the flags that take a value, per
 command.`,
		key: []string{"command", "long"},
		cols: []column{
			{name: "command", field: "command", required: true},
			{name: "short", field: "short"},
			{name: "long", field: "long", required: true},
			{name: "takes_value", kind: boolean, field: "takesValue"},
			{name: "source", required: true},
		},
	},
	{
		file: "gh-aliases.tsv", goVar: "ghAliasTable", goType: "ghAliasRow",
		doc: " ghAliasTable lists gh's built-in subcommand aliases.",
		key: []string{"alias"},
		cols: []column{
			{name: "alias", field: "alias", required: true},
			{name: "command_word", field: "word", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "fastlane-env.tsv", goVar: "fastlaneEnvTable", goType: "fastlaneEnvRow",
		doc: ` fastlaneEnvTable lists the environment variables fastlane reads by
 name: its actions' env_name: options and ENV[...] reads.`,
		key: []string{"name"},
		cols: []column{
			{name: "name", field: "name", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "python-stdlib.tsv", goVar: "pythonStdlibTable", goType: "pythonStdlibRow",
		doc: ` pythonStdlibTable lists Python standard library modules that read no
 token from the environment and run no program a script reader does not
 see.`,
		key: []string{"module"},
		cols: []column{
			{name: "module", field: "module", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "node-builtins.tsv", goVar: "nodeBuiltinTable", goType: "nodeBuiltinRow",
		doc: ` nodeBuiltinTable lists Node.js built-in modules that neither run
 programs nor send requests.`,
		key: []string{"module"},
		cols: []column{
			{name: "module", field: "module", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "python-service-clients.tsv", goVar: "pythonServiceClientTable", goType: "pythonServiceClientRow",
		doc: ` pythonServiceClientTable lists Python packages that are the client of
 one service other than GitHub: a credential handed to their functions or
 objects goes to that service's host.`,
		key: []string{"module"},
		cols: []column{
			{name: "module", field: "module", required: true},
			{name: "host", field: "host", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "bundled-libraries.tsv", goVar: "bundledLibraryTable", goType: "bundledLibraryRow",
		doc: ` bundledLibraryTable lists npm packages that, bundled into an action,
 make no GitHub call of their own.`,
		key:    []string{"package"},
		sorted: true,
		cols: []column{
			{name: "package", field: "pkg", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "input-names.tsv", goVar: "inputNameTable", goType: "inputNameRow",
		doc: ` inputNameTable lists action input names that say what the input takes
 when the action has no row of its own.`,
		key: []string{"input", "means"},
		cols: []column{
			{name: "input", field: "input", required: true},
			{name: "means", kind: enum, values: []string{"github_token", "app_key", "target_repo", "target_owner", "homebrew_tap", "fork_repo", "host", "workspace_dir"}, field: "means", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "caller-grants.tsv", goVar: "callerGrantTable", goType: "callerGrantRow",
		doc: ` callerGrantTable lists what reusable workflows' own jobs ask of the
 calling job's GITHUB_TOKEN: a caller's permissions cap the called jobs', so
 a block that left these out would break the call.`,
		key: []string{"workflow"},
		cols: []column{
			{name: "workflow", field: "workflow", required: true, lower: true},
			{name: "permissions", kind: perms, field: "perms", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "label-actions.tsv", goVar: "labelActionTable", goType: "labelActionRow",
		doc: ` labelActionTable lists actions that add or remove labels on issues or
 pull requests: workflows that run on labeled or unlabeled react to them.`,
		key: []string{"action", "match"},
		cols: []column{
			{name: "action", field: "action", required: true, lower: true},
			{name: "match", kind: enum, values: []string{"exact", "prefix"}, field: "match", required: true},
			{name: "on", kind: enum, values: []string{"issues", "pull_requests", "both"}, field: "on", required: true},
			{name: "changes", kind: enum, values: []string{"add", "remove", "both"}, field: "changes", required: true},
			{name: "label_inputs", field: "labelInputs"},
			{name: "source", required: true},
		},
	},
	{
		file: "closed-upstreams.tsv", goVar: "closedUpstreamTable", goType: "closedUpstreamRow",
		doc: ` closedUpstreamTable lists public repositories that take contributions
 only as pull requests from a user account's fork, where no organisation's
 App is installed: no installation token can open a pull request there.`,
		key: []string{"repo"},
		cols: []column{
			{name: "repo", field: "repo", required: true, lower: true},
			{name: "fallback", field: "fallback", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "action-renames.tsv", goVar: "actionRenameTable", goType: "actionRenameRow",
		doc: ` actionRenameTable lists action repositories that moved to another owner or
 name: GitHub redirects a uses: of the old name to the new one, so the old
 name is looked up as the new one in every action table.`,
		key: []string{"from"},
		cols: []column{
			{name: "from", field: "from", required: true, lower: true},
			{name: "to", field: "to", required: true, lower: true},
			{name: "source", required: true},
		},
	},
	{
		file: "worktree-actions.tsv", goVar: "worktreeActionTable", goType: "worktreeActionRow",
		doc: ` worktreeActionTable lists actions whose pushes carry changes they did not
 write themselves: the job's working tree or local commits, other branches,
 a folder of the workspace copied into another repository.`,
		key: []string{"action", "match"},
		cols: []column{
			{name: "action", field: "action", required: true, lower: true},
			{name: "match", kind: enum, values: []string{"exact", "prefix"}, field: "match", required: true},
			{name: "pushes", kind: enum, values: []string{"worktree", "other_branches", "folder"}, field: "pushes", required: true},
			{name: "dir_input", field: "dirInput", lower: true},
			{name: "source", required: true},
		},
	},
	{
		file: "step-outputs.tsv", goVar: "stepOutputTable", goType: "stepOutputRow",
		doc: ` stepOutputTable lists the outputs of actions that hand a credential to
 later steps, and what that credential is.`,
		key: []string{"action", "output"},
		cols: []column{
			{name: "action", field: "action", required: true, lower: true},
			{name: "output", field: "output", required: true, lower: true},
			{name: "kind", kind: enum, values: []string{"app_token", "not_github", "stored_secret"}, field: "kind", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "env-vars.tsv", goVar: "envVarTable", goType: "envVarRow",
		doc: " envVarTable lists environment variable names that say which service a credential is for.",
		key: []string{"name", "match"},
		cols: []column{
			{name: "name", field: "name", required: true},
			{name: "match", kind: enum, values: []string{"exact", "prefix", "suffix"}, field: "match", required: true},
			{name: "service", kind: enum, values: []string{"github", "other", "runner", "runner_token"}, field: "service", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "secret-names.tsv", goVar: "secretNameTable", goType: "secretNameRow",
		doc: ` secretNameTable lists the parts of secret, input and variable names that
 say what they hold.`,
		key: []string{"pattern", "match", "means"},
		cols: []column{
			{name: "pattern", field: "pattern", required: true},
			{name: "match", kind: enum, values: []string{"exact", "substring", "word", "suffix", "pair"}, field: "match", required: true},
			{name: "means", kind: enum, values: []string{"github", "app_key", "app_id", "other_service", "credential", "password", "webhook", "oauth_client", "ssh_key", "private_key", "git_identity"}, field: "means", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "name-words.tsv", goVar: "nameWordTable", goType: "nameWordRow",
		doc: " nameWordTable lists words of action and script names that suggest what they do.",
		key: []string{"word", "match", "means"},
		cols: []column{
			{name: "word", field: "word", required: true},
			{name: "match", kind: enum, values: []string{"word", "substring"}, field: "match", required: true},
			{name: "means", kind: enum, values: []string{"writes_git", "github_work", "credential_word", "writes_workflows", "account_name", "address", "identifier", "messaging_service", "remote_shell", "protection_bypass"}, field: "means", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "tools.tsv", goVar: "toolTable", goType: "toolRow",
		doc: ` toolTable lists the command-line tools the shell reader knows, by what
 they do with a credential.`,
		key: []string{"tool"},
		cols: []column{
			{name: "tool", field: "tool", required: true},
			{name: "kind", kind: enum, values: []string{"parsed", "github_api", "other_service", "interpreter", "no_token", "stores"}, field: "kind", required: true},
			{name: "token_env", kind: list, field: "env"},
			{name: "host", field: "host"},
			{name: "reads_config", kind: boolean, field: "readsConfig"},
			{name: "permissions", kind: perms, field: "permissions"},
			{name: "triggers_workflows", field: "triggers"},
			{name: "pushes_with_git_credentials", kind: boolean, field: "pushesGit"},
			{name: "unavailable", field: "unavailable"},
			{name: "note", field: "note"},
			{name: "runs_code", field: "runsCode"},
			{name: "runs_chosen_commands", kind: boolean, field: "runsChosen"},
			{name: "repo_flags", kind: list, field: "repoFlags"},
			{name: "owner_flags", kind: list, field: "ownerFlags"},
			{name: "repos", kind: list, field: "repos"},
			{name: "source", required: true},
		},
	},
	{
		file: "hosts.tsv", goVar: "hostTable", goType: "hostRow",
		doc: " hostTable lists the hosts that belong to GitHub.",
		key: []string{"host", "match"},
		cols: []column{
			{name: "host", field: "host", required: true},
			{name: "match", kind: enum, values: []string{"exact", "suffix"}, field: "match", required: true},
			{name: "packages_registry", kind: boolean, field: "registry"},
			{name: "source", required: true},
		},
	},
	{
		file: "action-inputs.tsv", goVar: "actionInputTable", goType: "actionInputRow",
		doc: " actionInputTable lists what an action needs when an input has a value (or is not given).",
		key: []string{"action", "input", "values"},
		cols: []column{
			{name: "action", field: "action", required: true, lower: true},
			{name: "input", field: "input", required: true, lower: true},
			{name: "values", kind: list, field: "values", required: true},
			{name: "permissions", kind: perms, field: "permissions"},
			{name: "unavailable", field: "unavailable"},
			{name: "fallback", field: "fallback"},
			{name: "why", field: "why"},
			{name: "starts_no_workflows", kind: boolean, field: "startsNone"},
			{name: "replaces", kind: boolean, field: "replaces"},
			{name: "triggers_workflows", field: "triggers"},
			{name: "unless_unique", field: "unlessUnique", lower: true},
			{name: "own_repo_only", kind: boolean, field: "ownRepoOnly"},
			{name: "source", required: true},
		},
	},
	{
		file: "action-runs-code.tsv", goVar: "actionRunsCodeTable", goType: "actionRunsCodeRow",
		doc: ` actionRunsCodeTable lists actions that run code of the repository or its
 packages with the step's environment unless an input has one of its off
 values.`,
		key: []string{"action", "input"},
		cols: []column{
			{name: "action", field: "action", required: true, lower: true},
			{name: "input", field: "input", required: true, lower: true},
			{name: "off_values", kind: list, field: "off", required: true, lower: true},
			{name: "runs_code", field: "runsCode", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "action-shell-inputs.tsv", goVar: "actionShellInputTable", goType: "actionShellInputRow",
		doc: ` actionShellInputTable lists actions that run an input as a shell script
 with the step's environment, and the shell that runs it.`,
		key: []string{"action", "input"},
		cols: []column{
			{name: "action", field: "action", required: true, lower: true},
			{name: "input", field: "input", required: true, lower: true},
			{name: "shell_input", field: "shellInput", lower: true},
			{name: "shell", field: "shell", required: true},
			{name: "windows_shell", field: "windowsShell", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "endpoint-triggers.tsv", goVar: "endpointTriggerTable", goType: "endpointTriggerRow",
		doc: ` endpointTriggerTable lists REST writes whose events must start other
 workflows, first match first.`,
		key: []string{"method", "path", "match"},
		cols: []column{
			{name: "method", kind: enum, values: httpMethods, field: "method", required: true},
			{name: "path", field: "path", required: true},
			{name: "match", kind: enum, values: []string{"exact", "prefix", "suffix"}, field: "match", required: true},
			{name: "triggers_workflows", field: "triggers", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "release-tag-inputs.tsv", goVar: "releaseTagInputTable", goType: "releaseTagInputRow",
		doc: ` releaseTagInputTable lists release actions and the input that names
 the tag of their release (the run's ref when unset).`,
		key: []string{"action", "match"},
		cols: []column{
			{name: "action", field: "action", required: true, lower: true},
			{name: "match", kind: enum, values: []string{"exact", "prefix"}, field: "match", required: true},
			{name: "input", field: "input", required: true, lower: true},
			{name: "source", required: true},
		},
	},
	{
		file: "own-repo-actions.tsv", goVar: "ownRepoActionTable", goType: "ownRepoActionRow",
		doc: ` ownRepoActionTable lists actions that work on the workflow's own
 repository as well as the one their target input names.`,
		key: []string{"action", "match"},
		cols: []column{
			{name: "action", field: "action", required: true, lower: true},
			{name: "match", kind: enum, values: []string{"exact", "prefix"}, field: "match", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "event-permissions.tsv", goVar: "eventPermissionTable", goType: "eventPermissionRow",
		doc: ` eventPermissionTable lists permissions an action needs only when
 its workflow runs on given events.`,
		key: []string{"action", "permissions"},
		cols: []column{
			{name: "action", field: "action", required: true, lower: true},
			{name: "permissions", kind: perms, field: "permissions", required: true},
			{name: "events", kind: list, field: "events", required: true},
			{name: "otherwise", kind: perms, field: "otherwise"},
			{name: "why", field: "why", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "own-repo-token-inputs.tsv", goVar: "ownRepoTokenInputTable", goType: "ownRepoTokenInputRow",
		doc: ` ownRepoTokenInputTable lists token inputs of actions whose credential
 does one thing, in the workflow's own repository.`,
		key: []string{"action", "input"},
		cols: []column{
			{name: "action", field: "action", required: true, lower: true},
			{name: "input", field: "input", required: true, lower: true},
			{name: "permissions", kind: perms, field: "permissions", required: true},
			{name: "unused_when", field: "unusedWhen"},
			{name: "why", field: "why", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "step-allowlist-actions.tsv", goVar: "stepAllowlistTable", goType: "stepAllowlistRow",
		doc: ` stepAllowlistTable lists actions that, when an input has a value,
 accept their job only if every step uses one of the allowed actions.`,
		key: []string{"action", "match"},
		cols: []column{
			{name: "action", field: "action", required: true, lower: true},
			{name: "match", kind: enum, values: []string{"exact", "prefix"}, field: "match", required: true},
			{name: "input", field: "input", required: true, lower: true},
			{name: "value", field: "value", required: true},
			{name: "allowed", kind: list, field: "allowed", required: true, lower: true},
			{name: "source", required: true},
		},
	},
	{
		file: "mention-agents.tsv", goVar: "mentionAgentTable", goType: "mentionAgentRow",
		doc: ` mentionAgentTable lists agents that act on an @mention in an issue or
 pull request only when a person wrote it: a mention posted with
 GITHUB_TOKEN or an App's installation token comes from a bot, which
 they ignore.`,
		key: []string{"mention"},
		cols: []column{
			{name: "mention", field: "mention", required: true, lower: true},
			{name: "agent", field: "agent", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "deploy-branch-inputs.tsv", goVar: "deployBranchInputTable", goType: "deployBranchInputRow",
		doc: ` deployBranchInputTable lists actions that publish built files to a
 branch, the input that names it and its default.`,
		key: []string{"action", "match"},
		cols: []column{
			{name: "action", field: "action", required: true, lower: true},
			{name: "match", kind: enum, values: []string{"exact", "prefix"}, field: "match", required: true},
			{name: "input", field: "input", required: true, lower: true},
			{name: "default", field: "value", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "action-input-defaults.tsv", goVar: "actionInputDefaultTable", goType: "actionInputDefaultRow",
		doc: ` actionInputDefaultTable lists the defaults of action inputs that say
 where the action works, for actions whose source a scan does not read.`,
		key: []string{"action", "input"},
		cols: []column{
			{name: "action", field: "action", required: true, lower: true},
			{name: "input", field: "input", required: true, lower: true},
			{name: "default", field: "value", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "trigger-events.tsv", goVar: "triggerEventTable", goType: "triggerEventRow",
		doc: ` triggerEventTable lists the workflow events behind each
 triggers_workflows text.`,
		key: []string{"triggers_workflows"},
		cols: []column{
			{name: "triggers_workflows", field: "triggers", required: true},
			{name: "events", kind: list, field: "events", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "events.tsv", goVar: "eventTable", goType: "eventRow",
		doc: " eventTable lists workflow events whose subject is a pull request or an issue.",
		key: []string{"event"},
		cols: []column{
			{name: "event", field: "event", required: true},
			{name: "subject", kind: enum, values: []string{"pull_request", "issue", "either"}, field: "subject", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "permission-alternatives.tsv", goVar: "permissionAlternativeTable", goType: "permissionAlternativeRow",
		doc: ` permissionAlternativeTable lists permission pairs GitHub accepts either
 of for the endpoints listed under both.`,
		key: []string{"permission", "alternative"},
		cols: []column{
			{name: "permission", field: "permission", required: true},
			{name: "alternative", field: "alternative", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "gogithub-methods.tsv", goVar: "gogithubMethods", goType: "gogithubMethod",
		doc: ` gogithubMethods maps go-github's Service.Method to the REST call it makes,
 sorted by service and method.`,
		key:    []string{"service", "method"},
		sorted: true,
		cols: []column{
			{name: "service", field: "service", required: true},
			{name: "method", field: "method", required: true},
			{name: "http_method", kind: enum, values: httpMethods, field: "httpMethod", required: true},
			{name: "path", field: "path", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "pygithub-methods.tsv", goVar: "pygithubMethods", goType: "pygithubMethod",
		doc: ` pygithubMethods maps PyGithub's class.method to the REST call it makes and
 the class it returns, sorted by class and method.`,
		key:    []string{"class", "method"},
		sorted: true,
		cols: []column{
			{name: "class", field: "class", required: true},
			{name: "method", field: "method", required: true},
			{name: "http_method", kind: enum, values: httpMethods, field: "httpMethod", required: true},
			{name: "path", field: "path", required: true},
			{name: "returns", field: "returns"},
			{name: "source", required: true},
		},
	},
	{
		file: "ghaw-runtime.tsv", goVar: "ghawRuntimeTable", goType: "ghawRuntimeRow",
		doc: ` ghawRuntimeTable lists what each script of gh-aw's runtime does with
 the token it is given, in file order.`,
		key: []string{"script", "via", "env", "does", "method", "path", "where"},
		cols: []column{
			{name: "script", field: "script", required: true},
			{name: "via", kind: enum, values: []string{"client", "env"}, field: "via", required: true},
			{name: "env", field: "env"},
			{name: "does", kind: enum, values: []string{"rest", "graphql", "git", "none", "unresolved", "runs"}, field: "does", required: true},
			{name: "method", field: "method"},
			{name: "path", field: "path"},
			{name: "where", field: "where", required: true},
			{name: "release", field: "release", required: true},
			{name: "source", required: true},
		},
	},
	{
		file: "ghaw-safe-outputs.tsv", goVar: "ghawSafeOutputTable", goType: "ghawSafeOutputRow",
		doc: ` ghawSafeOutputTable lists gh-aw's safe output types with the permissions
 the token that applies them needs, sorted by type.`,
		key:    []string{"type"},
		sorted: true,
		cols: []column{
			{name: "type", field: "typ", required: true},
			{name: "script", field: "script", required: true},
			{name: "permissions", kind: perms, field: "permissions"},
			{name: "source", required: true},
		},
	},
	{
		file: "ghaw-toolsets.tsv", goVar: "ghawToolsetTable", goType: "ghawToolsetRow",
		doc: ` ghawToolsetTable lists the GitHub MCP server's toolsets with the
 permissions their read and write tools need, sorted by toolset.`,
		key:    []string{"toolset"},
		sorted: true,
		cols: []column{
			{name: "toolset", field: "toolset", required: true},
			{name: "read_permissions", kind: perms, field: "read"},
			{name: "write_permissions", kind: perms, field: "write"},
			{name: "includes", kind: list, field: "includes"},
			{name: "source", required: true},
		},
	},
	{
		file: "ghaw-engines.tsv", goVar: "ghawEngineTable", goType: "ghawEngineRow",
		doc: " ghawEngineTable lists gh-aw's engines whose model token is a GitHub token.",
		key: []string{"engine"},
		cols: []column{
			{name: "engine", field: "engine", required: true},
			{name: "token_env", field: "tokenEnv", required: true},
			{name: "tool", field: "tool", required: true},
			{name: "source", required: true},
		},
	},
}

var (
	accessLevels = []string{"read", "write", "admin"}
	httpMethods  = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}
)
