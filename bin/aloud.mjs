#!/usr/bin/env node
// `aloud`: the command line. The code is bundled by `npm run build` into out/main/cli.js.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('aloud: the command line is not built yet: run npm run build first.\n');
  process.exit(1);
}
const { main } = await import(cli.href);
await main();
