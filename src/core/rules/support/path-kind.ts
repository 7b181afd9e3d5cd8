/** Directories whose code is not a request-serving service: scripts, migrations, seeds, examples, docs. */
const NON_SERVICE_DIRECTORIES = new Set([
  'scripts', 'script', 'bin', 'tools', 'tooling', 'cli', 'cmd-tools', 'migrations', 'migration', 'migrate', 'seeds', 'seeders', 'seed',
  'examples', 'example', 'samples', 'sample', 'docs', 'doc', 'mocks', 'mock', 'benchmarks', 'bench', 'benchmark', 'playground', 'sandbox', 'devtools',
]);

/** Several rules ask about the same file in a row: the last answer is kept. */
let lastNonService: { path: string; answer: boolean } | undefined;
let lastFrontend: { path: string; answer: boolean } | undefined;

/** True for files that run by hand or once (scripts, migrations, seeds) rather than per request. */
export function isNonServicePath(path: string): boolean {
  if (lastNonService?.path !== path) lastNonService = { path, answer: readNonServicePath(path) };
  return lastNonService.answer;
}

function readNonServicePath(path: string): boolean {
  const segments = path.toLowerCase().split('/');
  const name = segments[segments.length - 1] ?? '';
  // Java package directories (`com/example/…`) are names, not roles.
  const javaRoot = segments.findIndex((segment, i) => segment === 'java' && segments[i - 1] === 'main');
  const directories = segments.slice(0, javaRoot === -1 ? -1 : javaRoot);
  return directories.some((segment) => NON_SERVICE_DIRECTORIES.has(segment)) || /^(seed|migrate|manage|setup|conftest)\b/.test(name);
}

/** True for front-end code (components, pages, hooks) where server-side rules do not apply. */
export function isFrontendPath(path: string): boolean {
  if (lastFrontend?.path !== path) lastFrontend = { path, answer: readFrontendPath(path) };
  return lastFrontend.answer;
}

function readFrontendPath(path: string): boolean {
  const lower = path.toLowerCase();
  if (/\.(tsx|jsx|vue|svelte)$/.test(lower)) return true;
  // Only JavaScript runs in a browser: a Java `web` package or a Django `views/` package is server code.
  if (!/\.[cm]?[jt]s$/.test(lower)) return false;
  const segments = lower.split('/').slice(0, -1);
  if (segments.includes('api')) return false;
  return segments.some((segment) => ['components', 'hooks', 'frontend', 'client', 'public', 'static', 'pages', 'views', 'ui', 'web', 'browser'].includes(segment));
}
