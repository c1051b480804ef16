#!/usr/bin/env -S deno run -A
import { $, Repo } from "./deps.ts";

const repo = await Repo.load();
const generator = repo.folderPath.join(".github/workflows/ci.ts");
const text = generator.readTextSync().replace(/cacheVersion = \d+/, "cacheVersion = 2");
generator.writeTextSync(text);
await $`${generator}`;
