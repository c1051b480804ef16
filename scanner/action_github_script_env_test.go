package scanner

import (
	"testing"

	"github.com/rhysd/actionlint"
)

// TestGitHubScriptEnvUnread: a step env variable is unread only when the
// script names it nowhere and nothing in it can read the environment
// unnamed.
func TestGitHubScriptEnvUnread(t *testing.T) {
	for _, tc := range []struct {
		code   string
		unread bool
	}{
		{"const id = process.env.PROJECT_ID\nawait github.graphql(q, {id})", true},
		{"await github.rest.issues.createComment({...context.repo, issue_number: 1, body: 'x'})", true},
		{"const id = process.env['PROJECT_ID']", true},
		{"github.getOctokit(process.env.TOKEN)", false},
		{"github.getOctokit(process.env.token)", false},
		{"const t = '${{ env.TOKEN }}'", false},
		{"const { TOKEN } = process.env", false},
		{"const e = {...process.env}", false},
		{"const v = process.env[name]", false},
		{"Object.keys(process.env).forEach(k => console.log(k))", false},
		{"await exec.exec('gh', ['pr', 'list'])", false},
		{"const run = require('./scripts/run.js')\nawait run({github})", false},
		{"const m = await import('./x.mjs')", false},
		{"require('child_process').execSync('make release')", false},
		{"eval(context.payload.comment.body)", false},
		{"const p = process.env", false},
		// Built-ins that run no code and send nothing are read as loaded.
		{"const fs = require('fs')\nawait github.rest.repos.uploadReleaseAsset({owner: 'o', repo: 'r', release_id: 1, name: 'a', data: fs.readFileSync('a')})", true},
		{"const path = require('node:path')\ncore.info(path.join('a', 'b'))", true},
		{"const { Octokit } = require('@octokit/rest')", false},
		{"const https = require('https')", false},
		{"const m = require(process.env.MODULE)", false},
	} {
		s := &actionStep{ex: &actionlint.ExecAction{Inputs: map[string]*actionlint.Input{
			"script": {Value: &actionlint.String{Value: tc.code}},
		}}}
		got := githubScriptAction{}.envUnread(nil, s, "TOKEN")
		if got != tc.unread {
			t.Errorf("%q: unread %v, want %v", tc.code, got, tc.unread)
		}
	}
}
