#!/usr/bin/env -S deno run -A
import { createOctoKit, getGitHubRepository, Repo } from "./deps.ts";

const octoKit = createOctoKit();
const repo = await Repo.load();
await repo.gitBranch("release");
await repo.gitAdd();
await repo.gitCommit("release");
await repo.gitPush("-u", "origin", "HEAD");
await octoKit.request("POST /repos/{owner}/{repo}/pulls", {
  ...getGitHubRepository(),
  head: "release",
  base: "main",
});
