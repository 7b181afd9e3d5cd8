import type { SourceTree } from '../change-source.js';
import type { ParallelScanner } from '../analysis/scan-tree.js';
import type { AnalyserSpec, FileAnalyser } from '../analysis/file-analyser.js';
import type { Route } from '../routes/types.js';
import { languageFamily, type ParsedFile, type SkippedFile } from '../source/language.js';
import { buildServiceMap } from './build-service-map.js';
import { readGoFacts } from './read-go-facts.js';
import { JAVA_SCAN_KINDS, readJavaFacts } from './read-java-facts.js';
import { jsScanKinds, readJsFacts } from './read-js-facts.js';
import { PYTHON_SCAN_KINDS, readPythonFacts } from './read-python-facts.js';
import { announceKinds } from '../source/shared-search.js';
import type { FileFacts, ServiceMap } from './types.js';

const READERS = { js: readJsFacts, python: readPythonFacts, go: readGoFacts, java: readJavaFacts } as const;

/** Service facts of one source file (imports, functions, calls, clients, topics, entry points). */
export function readFileFacts(file: ParsedFile): FileFacts {
  return READERS[languageFamily(file.language)](file);
}

/** The node kinds each reader searches a file for, where one search per file serves the reader. */
function scanKindsOf(file: ParsedFile): readonly string[] {
  switch (languageFamily(file.language)) {
    case 'js':
      return jsScanKinds(file.language);
    case 'python':
      return PYTHON_SCAN_KINDS;
    case 'java':
      return JAVA_SCAN_KINDS;
    case 'go':
      return [];
  }
}

/** The per-file half of ServiceCollector (documents carry no service facts). */
export const SERVICE_FILE_ANALYSER: FileAnalyser = {
  prepare: (file) => announceKinds(file.root, scanKindsOf(file)),
  file: readFileFacts,
};

/**
 * Collects service facts (imports, functions, calls, clients, topics, entry points) from each file
 * during the single tree scan, then links them into a ServiceMap. It keeps plain facts only: the
 * syntax tree is gone after `onFile` returns.
 */
export class ServiceCollector implements ParallelScanner {
  private readonly facts = new Map<string, FileFacts>();
  readonly skipped: SkippedFile[] = [];

  analyserSpec(): AnalyserSpec {
    return { kind: 'services' };
  }

  analyser(): FileAnalyser {
    return SERVICE_FILE_ANALYSER;
  }

  onFile(file: ParsedFile): void {
    this.absorb(file.path, readFileFacts(file));
  }

  absorb(path: string, output: unknown): void {
    if (output) this.facts.set(path, output as FileFacts);
  }

  /**
   * A collector for another ref of the same repository that already holds this one's facts for the
   * files `keep` accepts (files unchanged between the refs), so only the others need parsing.
   */
  seededWith(keep: (path: string) => boolean): ServiceCollector {
    const seeded = new ServiceCollector();
    for (const [path, facts] of this.facts) if (keep(path)) seeded.facts.set(path, facts);
    return seeded;
  }

  /** The facts collected so far, by path (tests, benchmarks). */
  collected(): ReadonlyMap<string, FileFacts> {
    return this.facts;
  }

  /** Links the collected facts with the tree's manifests and routes into the tree's service map. */
  async link(input: { tree: SourceTree; routes: readonly Route[] }): Promise<ServiceMap> {
    return buildServiceMap({ facts: [...this.facts.values()], tree: input.tree, routes: input.routes });
  }
}
