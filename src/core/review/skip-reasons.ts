import picomatch from 'picomatch';
import type { Config } from '../config/schema.js';
import type { DiffFile } from '../diff/parse-unified-diff.js';

const LOCK_FILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'go.sum', 'poetry.lock',
  'Pipfile.lock', 'uv.lock', 'Cargo.lock', 'composer.lock', 'Gemfile.lock', 'gradle.lockfile', 'pdm.lock',
]);
const VENDORED_DIRECTORIES = ['node_modules/', 'vendor/', 'third_party/', 'bower_components/', 'site-packages/'];
const GENERATED_DIRECTORIES = ['dist/', 'build/', 'out/', 'target/', '.next/', '__generated__/', 'generated/'];
const GENERATED_SUFFIXES = ['.min.js', '.min.css', '.map', '.pb.go', '_pb2.py', '_pb2_grpc.py', '.pb.ts', '_grpc.pb.go', '.snap'];

export type SkipKind = 'binary' | 'lock' | 'vendored' | 'generated' | 'deleted' | 'excluded' | 'no-changes';

/** Why a changed file is not reviewed, or undefined when it is. */
export function skipReason(file: DiffFile, paths: Config['paths']): SkipKind | undefined {
  const path = file.path;
  const name = path.slice(path.lastIndexOf('/') + 1);
  const within = (dirs: string[]) => dirs.some((dir) => path.startsWith(dir) || path.includes(`/${dir}`));
  if (file.binary) return 'binary';
  if (file.status === 'deleted') return 'deleted';
  if (LOCK_FILES.has(name)) return 'lock';
  if (within(VENDORED_DIRECTORIES)) return 'vendored';
  if (within(GENERATED_DIRECTORIES) || GENERATED_SUFFIXES.some((suffix) => name.endsWith(suffix)) || name.includes('.generated.')) return 'generated';
  if (paths.include.length > 0 && !picomatch(paths.include, { dot: true })(path)) return 'excluded';
  if (paths.exclude.length > 0 && picomatch(paths.exclude, { dot: true })(path)) return 'excluded';
  if (file.additions === 0) return 'no-changes';
  return undefined;
}
