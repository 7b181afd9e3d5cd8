import type { TreeScanner } from '../analysis/scan-tree.js';
import type { SourceTree } from '../change-source.js';
import type { Config } from '../config/schema.js';
import type { DiffFile } from '../diff/parse-unified-diff.js';
import type { ChecklistId } from '../checklist.js';
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

/** How one checklist item stands for one changed route. */
export type ChecklistStatus = 'satisfied' | 'finding' | 'not-applicable' | 'undecidable';

/** The checklist matrix row of a changed route, for the check-run summary. */
export interface RouteChecklist {
  /** `METHOD /full/path` */
  route: string;
  /** `file:line` of the declaration. */
  routeRef: string;
  items: Array<{ checklist: ChecklistId; status: ChecklistStatus; evidence?: string }>;
}

export interface RuleOutcome {
  findings: Finding[];
  matrix: RouteChecklist[];
}

/**
 * Runs the deterministic rules. PLACEHOLDER until the rule engine lands: reports nothing.
 */
export class RuleRunner implements TreeScanner {
  constructor(private readonly options: RuleRunnerOptions) {}
  onFile(_file: ParsedFile): void {}
  onDocument(_path: string, _text: string): void {}
  async finish(_project: ProjectRuleInput): Promise<RuleOutcome> {
    void this.options;
    return { findings: [], matrix: [] };
  }

  /** Lines where `backend-expert-disable-next-line <rule-id>` suppresses a rule (path → line → rule ids), for agent findings too. */
  suppressions(): ReadonlyMap<string, ReadonlyMap<number, ReadonlySet<string>>> {
    return new Map();
  }
}
