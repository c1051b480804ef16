import pkg from '../package.json' with { type: 'json' };
import { execSync } from 'node:child_process';

execSync(`gh release create v${pkg.version} --generate-notes`);
