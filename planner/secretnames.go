package planner

// SecretNames returns the secret names a credential expression reads
// (secrets.NAME, secrets['NAME']), GITHUB_TOKEN excepted: the names the
// plan's secrets are keyed by, for commands that compare a later scan with
// the plan.
func SecretNames(cred string) []string { return secretNames(cred) }
