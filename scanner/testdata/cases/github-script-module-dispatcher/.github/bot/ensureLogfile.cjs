async function main(param) {
	const { github, context } = param;
	await github.rest.issues.createComment({
		owner: context.repo.owner,
		repo: context.repo.repo,
		issue_number: context.issue.number,
		body: "Please attach a logfile.",
	});
}
module.exports = main;
