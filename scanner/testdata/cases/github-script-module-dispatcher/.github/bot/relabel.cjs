module.exports = async ({ github, context }) => {
	await github.rest.repos.createDispatchEvent({ ...context.repo, event_type: "relabel" });
};
