import {exec as originalExec} from 'node:child_process';
import {promisify} from 'node:util';

const exec = promisify(originalExec);
const remote = 'origin';
await exec(`git merge ${remote}/next -m 'chore: merge'`);
