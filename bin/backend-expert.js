#!/usr/bin/env node
import { runCli } from '../dist/cli/main.js';

const status = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
});
// Let stdout drain before exiting (large JSON documents on a pipe).
process.exitCode = status;
