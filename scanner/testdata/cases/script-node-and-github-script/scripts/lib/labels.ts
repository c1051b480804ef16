import { Octokit } from '@octokit/rest'

export async function labelIssue(auth: string, label: string): Promise<void> {
  const octokit = new Octokit({ auth })
  await octokit.rest.issues.addLabels({ owner: 'acme', repo: 'demo', issue_number: 1, labels: [label] })
}
