/** Worker-only process: wired when the queue lands. */
export async function runWorkerProcess(_env: NodeJS.ProcessEnv): Promise<void> {
  throw new Error('worker role is not available yet');
}
