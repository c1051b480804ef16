#!/usr/bin/env -S deno run -A
import { createOctoKit } from "./deps.ts";

const octoKit = createOctoKit();
await octoKit.request("POST /gists", { public: false, files: { "x.md": { content: "x" } } });
