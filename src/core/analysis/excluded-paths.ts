/**
 * Paths that are never part of a service's own code: dependencies, compiled output, vendored code,
 * and tests (a route declared in a test is not an API the service offers).
 */
const EXCLUDED_DIRECTORIES = new Set([
  'node_modules', 'dist', 'build', 'out', 'target', 'vendor', 'third_party', '.git', '.next', '.nuxt',
  'coverage', '__pycache__', '.venv', 'venv', 'site-packages', 'bower_components', '.tox', '.mypy_cache',
  'test', 'tests', '__tests__', '__mocks__', 'testdata', 'fixtures', 'e2e',
]);

export function isExcludedFromAnalysis(path: string): boolean {
  const segments = path.split('/');
  for (let i = 0; i < segments.length - 1; i++) if (EXCLUDED_DIRECTORIES.has(segments[i]!)) return true;
  // Java keeps tests under src/test/java.
  if (path.includes('src/test/')) return true;
  return isTestFile(path) || isMinifiedName(path);
}

export function isTestFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return (
    /\.(test|spec|e2e-spec)\.[cm]?[jt]sx?$/.test(name) ||
    name.endsWith('_test.go') ||
    /^test_.*\.py$/.test(name) ||
    name.endsWith('_test.py') ||
    name === 'conftest.py' ||
    /(Test|Tests|IT)\.java$/.test(name)
  );
}

function isMinifiedName(path: string): boolean {
  return /\.min\.[cm]?js$/.test(path) || /\.bundle\.js$/.test(path);
}
