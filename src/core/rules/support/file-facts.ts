import type { SgNode } from '@ast-grep/napi';
import type { Language, ParsedFile } from '../../source/language.js';
import type { FileView, RuleLanguage } from '../types.js';
import { CallIndex, type IndexedCall } from './call-index.js';
import { CALL_KINDS } from './call-parts.js';
import { findHandlers, type HandlerInfo } from './find-handlers.js';
import { importsModule, readImports } from './read-imports.js';

/**
 * What the rules read from one file, computed once and lazily while its syntax tree is alive.
 *
 * Every native call costs far more than the JavaScript around it (a tree walk is ~45 µs for a 3 kB
 * file, each node handed to JavaScript ~1.5 µs), so the file is walked ONCE: before any rule looks
 * at the tree, each rule's `plan` names the node kinds it will read (after its cheap text gates),
 * and the first `nodes()` call collects all of them in one query. Kinds nobody planned are fetched
 * by their own query on demand, so a plan is an optimisation, never a correctness matter.
 */
export class FileFacts implements FileView {
  readonly path: string;
  readonly language: Language;
  readonly family: RuleLanguage;
  readonly text: string;
  readonly root: SgNode;
  /**
   * Everything computed lazily. Rule contexts inherit from this object (`Object.create`), so state
   * lives in objects that are mutated, never in fields that are reassigned.
   */
  private readonly state: { imports?: readonly string[]; walked?: Selection; calls?: CallIndex; handlers?: readonly HandlerInfo[] } = {};
  private readonly words = new Map<string, boolean>();
  private readonly names = new Map<string, boolean>();
  private readonly planned = new Set<string>();
  private readonly selections = new Map<string, Selection>();

  constructor(file: ParsedFile, family: RuleLanguage) {
    this.path = file.path;
    this.language = file.language;
    this.family = family;
    this.text = file.text;
    this.root = file.root;
  }

  get imports(): readonly string[] {
    return (this.state.imports ??= readImports(this.root, this.family));
  }

  mentions(...words: string[]): boolean {
    for (const word of words) if (this.mentionsWord(word)) return true;
    return false;
  }

  mentionsName(...names: string[]): boolean {
    for (const name of names) if (this.hasName(name)) return true;
    return false;
  }

  importsAny(modules: readonly string[]): boolean {
    if (!importGateOf(modules, this.family).some((word) => this.mentionsWord(word))) return false;
    return importsModule(this.imports, modules);
  }

  /** Adds node kinds to the file's shared query (ignored once the query ran: later kinds are fetched on demand). */
  plan(kinds: readonly string[]): void {
    if (this.state.walked) return;
    for (const kind of kinds) this.planned.add(kind);
  }

  nodes(kind: string): readonly SgNode[] {
    return this.nodesOf([kind]);
  }

  nodesOf(kinds: readonly string[]): readonly SgNode[] {
    return this.select(kinds).nodes;
  }

  calls(): readonly IndexedCall[] {
    return this.index().all;
  }

  callsNamed(names: ReadonlySet<string>): readonly IndexedCall[] {
    const present = [...names].filter((name) => this.hasName(name));
    if (present.length === 0) return [];
    return this.index().named(present);
  }

  callsMatching(words: readonly string[], accept: (name: string) => boolean): readonly IndexedCall[] {
    const present = words.filter((word) => this.mentionsWord(word));
    if (present.length === 0) return [];
    return this.index().matching(present, accept);
  }

  /** Request handlers the file declares (computed once, shared by rules). */
  handlers(): readonly HandlerInfo[] {
    return (this.state.handlers ??= findHandlers(this));
  }

  private index(): CallIndex {
    if (!this.state.calls) {
      const { nodes, kinds } = this.select(CALL_KINDS[this.family]);
      this.state.calls = new CallIndex(nodes, kinds, this.family);
    }
    return this.state.calls;
  }

  /** Nodes of `kinds` in document order with their kinds: from the shared walk when planned, else by their own query. */
  private select(kinds: readonly string[]): Selection {
    const key = kinds.join(' ');
    let selection = this.selections.get(key);
    if (selection) return selection;
    if (!this.state.walked && kinds.some((kind) => this.planned.has(kind))) this.state.walked = this.query([...this.planned]);
    const walked = this.state.walked;
    if (walked && kinds.every((kind) => this.planned.has(kind))) {
      const wanted = new Set(kinds);
      const nodes: SgNode[] = [];
      const found: string[] = [];
      for (let i = 0; i < walked.nodes.length; i++) {
        if (!wanted.has(walked.kinds[i]!)) continue;
        nodes.push(walked.nodes[i]!);
        found.push(walked.kinds[i]!);
      }
      selection = { nodes, kinds: found };
    } else selection = this.query(kinds);
    this.selections.set(key, selection);
    return selection;
  }

  private query(kinds: readonly string[]): Selection {
    if (kinds.length === 0) return { nodes: [], kinds: [] };
    if (kinds.length === 1) {
      const nodes = this.root.findAll({ rule: { kind: kinds[0]! } });
      return { nodes, kinds: nodes.map(() => kinds[0]!) };
    }
    const nodes = this.root.findAll({ rule: { any: kinds.map((kind) => ({ kind })) } });
    return { nodes, kinds: nodes.map((node) => node.kind() as string) };
  }

  private mentionsWord(word: string): boolean {
    let found = this.words.get(word);
    if (found === undefined) this.words.set(word, (found = this.text.includes(word)));
    return found;
  }

  /**
   * True when `name` occurs in the text as a whole token: not preceded or followed by a character that
   * would make it part of a longer name. A call, property or identifier named `name` cannot exist
   * without such an occurrence (in comments and strings it may occur without one).
   */
  private hasName(name: string): boolean {
    let found = this.names.get(name);
    if (found !== undefined) return found;
    found = false;
    if (this.mentionsWord(name)) {
      const text = this.text;
      const dollar = this.family === 'js' || this.family === 'java';
      for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
        if (!isNameChar(text.charCodeAt(at - 1), dollar) && !isNameChar(text.charCodeAt(at + name.length), dollar)) {
          found = true;
          break;
        }
      }
    }
    this.names.set(name, found);
    return found;
  }
}

interface Selection {
  nodes: SgNode[];
  kinds: string[];
}

/** ASCII letters, digits and `_` (and `$` where the language allows it in names); NaN (outside the text) is not. */
function isNameChar(code: number, dollar: boolean): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || (dollar && code === 36);
}

const importGates = new Map<RuleLanguage, WeakMap<readonly string[], readonly string[]>>();

/**
 * The fewest words whose absence from a file's text proves that it imports none of `modules`. An
 * import is read as written, so each module must occur in the text; Python's `from a import b` is
 * read as `a.b`, of which only the first name is written as is.
 */
function importGateOf(modules: readonly string[], family: RuleLanguage): readonly string[] {
  let byList = importGates.get(family);
  if (!byList) importGates.set(family, (byList = new WeakMap()));
  let words = byList.get(modules);
  if (!words) {
    const written = [...new Set(family === 'python' ? modules.map((module) => module.split('.')[0]!) : modules)];
    // A word that contains another is redundant: `pino` occurs wherever `pino-http` does.
    words = written.filter((word) => !written.some((other) => other !== word && word.includes(other)));
    byList.set(modules, words);
  }
  return words;
}
