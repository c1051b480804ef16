module.exports = async ({ github, context }) => {
  const query = `mutation($project: ID!, $content: ID!) {
    addProjectV2ItemById(input: {projectId: $project, contentId: $content}) { item { id } }
  }`
  await github.graphql(query, { project: 'PVT_1', content: context.payload.issue.node_id })
}
