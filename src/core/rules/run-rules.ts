import type { TreeScanner } from '../analysis/scan-tree.js';
import type { SourceTree } from '../change-source.js';
import type { Config } from '../config/schema.js';
import type { DiffFile } from '../diff/parse-unified-diff.js';
import type { Finding } from '../finding.js';
import type { Route, RouteChange } from '../routes/types.js';
import type { ParsedFile } from '../source/language.js';

/** What the project phase of the rules sees once every file was scanned and routes are linked. */
export interface ProjectRuleInput {
  routeChanges: readonly RouteChange[];
  headRoutes: readonly Route[];
  baseRoutes: readonly Route[];
  diff: readonly DiffFile[];
  headTree: SourceTree;
}

export interface RuleRunnerOptions {
  /** Files the PR adds or modifies at HEAD → the right-side lines it adds. Findings only land there. */
  changedLines: ReadonlyMap<string, ReadonlySet<number>>;
  settings: Config['rules'];
}

/**
 * Runs the deterministic rules. PLACEHOLDER until the rule engine lands: reports nothing.
 */
export class RuleRunner implements TreeScanner {
  constructor(private readonly options: RuleRunnerOptions) {}
  onFile(_file: ParsedFile): void {}
  onDocument(_path: string, _text: string): void {}
  async finish(_project: ProjectRuleInput): Promise<Finding[]> {
    void this.options;
    return [];
  }
}
