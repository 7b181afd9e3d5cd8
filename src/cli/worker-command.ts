/** `backend-expert worker`: a worker-only process with the same environment as `npm start` (contract §4). */
export async function runWorkerProcess(env: NodeJS.ProcessEnv): Promise<void> {
  const { startApp } = await import('../app/main.js');
  await startApp(env, 'worker');
  // The worker runs until SIGTERM/SIGINT; graceful shutdown exits the process itself.
  await new Promise<never>(() => {});
}
