"use strict";
const core = require("@actions/core");
const github = require("@actions/github");
async function run() {
    const token = core.getInput("repo-token");
    const client = github.getOctokit(token);
    const { data } = await client.rest.pulls.listFiles({ ...github.context.repo, pull_number: 1 });
    await client.rest.issues.addLabels({ ...github.context.repo, issue_number: 1, labels: data.map((f) => f.filename) });
}
run();
