import * as core from '@actions/core'
import * as github from '@actions/github'
import * as exec from '@actions/exec'

async function run() {
  const token = core.getInput('repo-token')
  const octokit = github.getOctokit(token)
  const { owner, repo } = github.context.repo
  const issue_number = github.context.issue.number
  await octokit.rest.issues.addLabels({ owner, repo, issue_number, labels: [core.getInput('label')] })
  await octokit.rest.pulls.createReview({ owner, repo, pull_number: issue_number, event: 'COMMENT', body: 'seen' })
  await exec.exec('git', ['push', 'origin', 'HEAD:labelbot'])
  await fetch('https://chat.example.com/hook', { method: 'POST', headers: { authorization: core.getInput('hook-api-key') } })
  core.info(`GITHUB_TOKEN is not read: ${process.env.LABELBOT_MODE}`)
}

run()
