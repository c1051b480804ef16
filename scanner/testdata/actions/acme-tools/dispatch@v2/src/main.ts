import * as core from '@actions/core'
import * as github from '@actions/github'
import {react} from './reactions'

interface Inputs {
  token: string
  reactionToken: string
}

function getInputs(): Inputs {
  return {
    token: core.getInput('token', {required: true}),
    reactionToken: core.getInput('reaction-token')
  }
}

export async function run(): Promise<void> {
  const inputs: Inputs = getInputs()
  const octokit = github.getOctokit(inputs.token)
  const reactor = github.getOctokit(inputs.reactionToken)
  const [owner, repo] = core.getInput('repository').split('/')
  await octokit.rest.repos.createDispatchEvent({owner, repo, event_type: 'command'})
  await react(reactor, github.context.payload.comment?.id as number)
}

run()
