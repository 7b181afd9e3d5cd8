import * as core from '@actions/core';
import { runAction } from './run-action.js';

/**
 * Entry point of the GitHub Action (action.yml → action/dist/index.js, bundled by
 * scripts/build-action.mjs). Errors are translated once, here: the step fails with their message.
 */
async function main(): Promise<void> {
  try {
    await runAction({ env: process.env, core, cwd: process.cwd() });
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

await main();
