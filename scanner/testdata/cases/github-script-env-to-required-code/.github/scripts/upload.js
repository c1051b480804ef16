const { execFileSync } = require('node:child_process');

module.exports = function upload({ sha, token }) {
  const remote = `https://x-access-token:${token}@github.com/acme/benchmark-data.git`;
  execFileSync('git', ['clone', '--branch', 'data', remote, 'data']);
  execFileSync('git', ['push'], { cwd: 'data' });
  console.log(sha);
};
