const core = require('@actions/core');
const github = require('@actions/github');
async function run() {
  const client = github.getOctokit(core.getInput('repo-token'));
  const method = core.getInput('method');
  await client.rest.issues.addLabels({ ...github.context.repo, issue_number: 1, labels: ['x'] });
  await client.rest.issues[method]({ ...github.context.repo });
  await client.request(core.getInput('route'));
}
run();
