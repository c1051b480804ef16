import { parseArgs } from 'node:util'
import { execSync } from 'node:child_process'
import { labelIssue } from './lib/labels.ts'

const { values } = parseArgs({ options: { token: { type: 'string' } } })
const token: string = values.token ?? ''

execSync(`gh issue edit ${process.env.ISSUE} --add-label triaged`, {
  env: { ...process.env, GH_TOKEN: token },
})
await labelIssue(token, 'needs-review')
