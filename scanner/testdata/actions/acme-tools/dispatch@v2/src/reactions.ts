import * as github from '@actions/github'

type Client = ReturnType<typeof github.getOctokit>

export async function react(client: Client, commentId: number): Promise<void> {
  await client.rest.reactions.createForIssueComment({
    ...github.context.repo,
    comment_id: commentId,
    content: 'rocket'
  })
}
