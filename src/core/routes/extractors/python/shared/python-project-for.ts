import type { ParsedFile } from '../../../../source/language.js';
import type { ProjectInfo, Route, RouteExtractor } from '../../../types.js';
import type { PythonModuleFacts } from './python-module-facts.js';
import { PythonProject } from './python-project.js';
import { summarisePythonModule } from './summarise-python-module.js';

type FactsList = ReadonlyArray<{ path: string; facts: PythonModuleFacts }>;

/** The Python extractors link the same facts in one run: build the project once per ProjectInfo. */
const projects = new WeakMap<ProjectInfo, { files: FactsList; project: PythonProject }>();

/** The linked Python project for these facts, shared by the extractors of one link run. */
export function pythonProjectFor(files: FactsList, info: ProjectInfo): PythonProject {
  const known = projects.get(info);
  if (known && sameFacts(known.files, files)) return known.project;
  const project = new PythonProject(files, info);
  projects.set(info, { files, project });
  return project;
}

function sameFacts(a: FactsList, b: FactsList): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.facts !== b[i]!.facts) return false;
  return true;
}

/** `collect` of every Python extractor: the module summary (computed once per file, shared). */
export function collectPythonFacts(file: ParsedFile): PythonModuleFacts {
  return summarisePythonModule(file);
}

/**
 * A Python route extractor: every one collects the shared module summary and links the shared project,
 * and only when the tree uses one of its framework's `packages`.
 */
export function pythonExtractor(id: string, packages: readonly string[], link: (py: PythonProject) => Route[]): RouteExtractor<PythonModuleFacts> {
  return {
    id,
    languages: ['python'],
    collect: collectPythonFacts,
    link(files, info) {
      const py = pythonProjectFor(files, info);
      return py.usesPackage(...packages) ? link(py) : [];
    },
  };
}
