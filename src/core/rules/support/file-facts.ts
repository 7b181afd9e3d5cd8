import type { SgNode } from '@ast-grep/napi';
import type { Language, ParsedFile } from '../../source/language.js';
import type { FileReport, FileRuleContext, FileView, RuleLanguage } from '../types.js';
import { CallIndex, isInside, spanOf, type IndexedCall } from './call-index.js';
import { CALL_KINDS } from './call-parts.js';
import { findHandlers, HANDLER_KINDS, type HandlerInfo } from './find-handlers.js';
import { kindOf } from './kind-of.js';
import { importsModule, readImports } from './read-imports.js';
import { announceKinds, nodesOfKinds, type KindSelection } from '../../source/shared-search.js';

/**
 * What the rules read from one file, computed once and lazily while its syntax tree is alive.
 *
 * Every native call costs far more than the JavaScript around it (a tree walk is ~200 µs for a 3 kB
 * file, each node handed to JavaScript ~6 µs), so the file is walked ONCE: before any analyser of
 * the file runs, each rule's `plan` names the node kinds it will read (after its cheap text gates),
 * and the first `nodes()` call collects them, with the kinds the file's other analysers announced, in
 * one walk (src/core/source/shared-search.ts). Kinds nobody planned are fetched by a walk of their
 * own on demand, so a plan is an optimisation, never a correctness matter.
 */
export class FileFacts implements FileView, FileRuleContext<string, unknown, unknown> {
  readonly path: string;
  readonly language: Language;
  readonly family: RuleLanguage;
  readonly text: string;
  readonly root: SgNode;
  // The per-rule part of `checkFile`'s context: the runner sets it before each rule, so that every rule
  // reads the same object (one shape: property reads stay monomorphic).
  options: unknown = undefined;
  changedLines: ReadonlySet<number> = NO_LINES;
  isAdded: (line: number, endLine?: number) => boolean = never;
  report: (report: FileReport<string>) => void = ignore;
  keep: (facts: unknown) => void = ignore;
  /** Everything computed lazily. */
  private readonly state: { imports?: readonly string[]; calls?: CallIndex; handlers?: readonly HandlerInfo[]; trigrams?: Trigrams; lower?: string } = {};
  private readonly words = new Map<string, boolean>();
  private readonly names = new Map<string, number[]>();
  private readonly callNames = new Map<string, boolean>();
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
    for (const name of names) if (this.tokens(name).length > 0) return true;
    return false;
  }

  mentionsCall(...names: string[]): boolean {
    for (const name of names) if (this.hasCallName(name)) return true;
    return false;
  }

  mentionsAnyCase(...words: string[]): boolean {
    for (const word of words) if (this.mentionsWordAnyCase(word)) return true;
    return false;
  }

  callReceivers(name: string): ReadonlyArray<readonly string[] | undefined> {
    const chains: Array<readonly string[] | undefined> = [];
    for (const at of this.tokens(name)) {
      const shape = this.callShapeAt(at, name.length);
      if (shape === 'arguments') chains.push(receiverChainBefore(this.text, at, this.family));
      else if (shape === 'new') chains.push(undefined);
    }
    return chains;
  }

  mentionsLeadingParameter(...names: string[]): boolean {
    const text = this.text;
    for (const name of names) {
      for (const at of this.tokens(name)) {
        if (text.charCodeAt(skipBlanksBack(text, at - 1)) !== 40) continue;
        const next = text.charCodeAt(skipBlanks(text, at + name.length));
        if (next === 44 || next === 47) return true;
      }
    }
    return false;
  }

  mentionsMember(object: string, ...names: string[]): boolean {
    const objects = this.tokens(object);
    if (objects.length === 0 || !this.mentionsName(...names)) return false;
    const text = this.text;
    const family = this.family;
    for (const at of objects) {
      let next = skipBlanks(text, at + object.length);
      // A comment between the parts: too rare to read through, so it counts.
      if (opensComment(text, next, family)) return true;
      if (family === 'js' && text.startsWith('?.', next)) next++;
      if (text.charCodeAt(next) !== 46) continue;
      next = skipBlanks(text, next + 1);
      // Java's explicit type arguments (`Clients.<T>create()`) sit between the dot and the name.
      if (opensComment(text, next, family) || (family === 'java' && text.charCodeAt(next) === 60)) return true;
      for (const name of names) if (text.startsWith(name, next) && !isNameChar(text.charCodeAt(next + name.length), family)) return true;
    }
    return false;
  }

  importsAny(modules: readonly string[]): boolean {
    if (!importGateOf(modules, this.family).some((word) => this.mentionsWord(word))) return false;
    return importsModule(this.imports, modules);
  }

  /** Adds node kinds to the tree's shared walk (src/core/source/shared-search.ts), which other analysers of the file share. */
  plan(kinds: readonly string[]): void {
    for (const kind of kinds) this.planned.add(kind);
    announceKinds(this.root, kinds);
  }

  nodes(kind: string): readonly SgNode[] {
    return this.nodesOf([kind]);
  }

  nodesOf(kinds: readonly string[]): readonly SgNode[] {
    return this.select(kinds).nodes;
  }

  nodesWithKinds(kinds: readonly string[]): KindSelection {
    return this.select(kinds);
  }

  calls(): readonly IndexedCall[] {
    return this.index().all;
  }

  callsNamed(names: ReadonlySet<string>): readonly IndexedCall[] {
    const present = [...names].filter((name) => this.hasCallName(name));
    if (present.length === 0) return [];
    return this.index().named(present);
  }

  callsMatching(words: readonly string[], accept?: (name: string) => boolean): readonly IndexedCall[] {
    const present = words.filter((word) => this.mentionsWord(word));
    if (present.length === 0) return [];
    return this.index().matching(present, accept);
  }

  callsWhere(accept: (call: IndexedCall) => boolean): readonly IndexedCall[] {
    return this.index().where(accept);
  }

  callsWithin(container: SgNode, names: ReadonlySet<string>): readonly IndexedCall[] {
    const present = [...names].filter((name) => this.hasCallName(name));
    if (present.length === 0) return [];
    // Calls the shared query holds are filtered by position; otherwise the container's subtree is queried.
    if (this.state.calls || CALL_KINDS[this.family].every((kind) => this.planned.has(kind))) {
      const span = spanOf(container);
      return this.index().named(present).filter((call) => isInside(call, span));
    }
    const kinds = CALL_KINDS[this.family];
    const nodes = container.findAll({ rule: kinds.length === 1 ? { kind: kinds[0]! } : { any: kinds.map((kind) => ({ kind })) } });
    return new CallIndex(nodes, nodes.map((node) => kindOf(node)), this.family).named(present);
  }

  /** Request handlers the file declares (computed once, shared by rules). */
  handlers(): readonly HandlerInfo[] {
    if (!this.state.handlers) {
      // Rules may read handlers only for files that turn out to need them, unplanned: their kinds
      // come from one walk together (kinds already fetched are not walked again).
      announceKinds(this.root, HANDLER_KINDS[this.family]);
      this.state.handlers = findHandlers(this);
    }
    return this.state.handlers;
  }

  private index(): CallIndex {
    if (!this.state.calls) {
      const { nodes, kinds } = this.select(CALL_KINDS[this.family]);
      this.state.calls = new CallIndex(nodes, kinds, this.family);
    }
    return this.state.calls;
  }

  /** Nodes of `kinds` in document order with their kinds, from the tree's shared walk (one walk serves every planned kind). */
  private select(kinds: readonly string[]): Selection {
    const key = kinds.join(' ');
    let selection = this.selections.get(key);
    if (!selection) this.selections.set(key, (selection = nodesOfKinds(this.root, kinds)));
    return selection;
  }

  private mentionsWord(word: string): boolean {
    let found = this.words.get(word);
    if (found === undefined) {
      // Rules ask for over a hundred words per file, most of them absent: the trigram sketch rules out
      // most absent words without scanning the text (and without remembering them).
      if (word.length >= 3 && !this.trigrams().mayContain(word)) return false;
      found = this.text.includes(word);
      this.words.set(word, found);
    }
    return found;
  }

  /** Whether the lower-cased text has `word` (lower case), without lower-casing the text when the sketch says no. */
  private mentionsWordAnyCase(word: string): boolean {
    if (word.length >= 3 && !this.trigrams().mayContainAnyCase(word)) return false;
    return (this.state.lower ??= this.text.toLowerCase()).includes(word);
  }

  private trigrams(): Trigrams {
    return (this.state.trigrams ??= new Trigrams(this.text));
  }

  /**
   * Where `name` occurs as a whole token: not preceded or followed by a character that would make it
   * part of a longer name (positions, cached per name). A call, property or identifier named `name`
   * cannot exist without such an occurrence (in comments and strings it may occur without one).
   */
  private tokens(name: string): readonly number[] {
    let found = this.names.get(name);
    if (found) return found;
    found = [];
    if (this.mentionsWord(name)) {
      const text = this.text;
      const family = this.family;
      for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
        if (!isNameChar(text.charCodeAt(at - 1), family) && !isNameChar(text.charCodeAt(at + name.length), family)) found.push(at);
      }
    }
    this.names.set(name, found);
    return found;
  }

  /**
   * True when `name` occurs as a whole token that a call can end with: followed by an argument list (or
   * what may precede one), or, in JavaScript, as the constructor of `new`. The name of every call (as
   * the call index reads it) occurs so; property reads like `req.query.limit` do not.
   */
  private hasCallName(name: string): boolean {
    let found = this.callNames.get(name);
    if (found === undefined) {
      found = this.tokens(name).some((at) => this.callShapeAt(at, name.length) !== undefined);
      this.callNames.set(name, found);
    }
    return found;
  }

  /** How the token at `at` can end a callee: before arguments, as the constructor of `new`, or not at all. */
  private callShapeAt(at: number, length: number): 'arguments' | 'new' | undefined {
    const text = this.text;
    if (CALL_OPENERS[this.family].has(text.charCodeAt(skipBlanks(text, at + length)))) return 'arguments';
    return this.family === 'js' && followsNew(text, at) ? 'new' : undefined;
  }
}

/**
 * Which character trigrams a text has, as a 65,536-bit hashed set: a word with a trigram the text lacks
 * is not in the text (the converse is only likely, so the text is searched then).
 */
class Trigrams {
  constructor(private readonly text: string) {
    fill(text);
  }

  mayContain(word: string): boolean {
    // One bitmap serves every file (files are read one at a time): refill it if another file took it.
    if (filledFor !== this.text) fill(this.text);
    const bits = BITS;
    let a = word.charCodeAt(0);
    let b = word.charCodeAt(1);
    for (let i = 2; i < word.length; i++) {
      const c = word.charCodeAt(i);
      const hash = trigramHash(a, b, c);
      if ((bits[hash >>> 5]! & (1 << (hash & 31))) === 0) return false;
      a = b;
      b = c;
    }
    return true;
  }

  /**
   * Like `mayContain`, for the lower-cased text and a lower-case word: its first trigram in any case
   * (`toLowerCase` also maps the Kelvin sign to `k`).
   */
  mayContainAnyCase(word: string): boolean {
    if (filledFor !== this.text) fill(this.text);
    const bits = BITS;
    for (const hash of anyCaseHashes(word)) if ((bits[hash >>> 5]! & (1 << (hash & 31))) !== 0) return true;
    return false;
  }
}

const anyCaseCache = new Map<string, readonly number[]>();

/** The trigram hashes of a word's first three characters in every case (computed once per word). */
function anyCaseHashes(word: string): readonly number[] {
  let hashes = anyCaseCache.get(word);
  if (!hashes) {
    const found: number[] = [];
    for (const a of caseVariants(word.charCodeAt(0))) {
      for (const b of caseVariants(word.charCodeAt(1))) for (const c of caseVariants(word.charCodeAt(2))) found.push(trigramHash(a, b, c));
    }
    anyCaseCache.set(word, (hashes = found));
  }
  return hashes;
}

/** The characters that lower-case to (or to a text starting with) `code`: itself, its ASCII capital, `K` (Kelvin) for `k`, `İ` for `i`. */
function caseVariants(code: number): readonly number[] {
  if (code === 107) return [code, 75, 0x212a];
  if (code === 105) return [code, 73, 0x130];
  return code >= 97 && code <= 122 ? [code, code - 32] : [code];
}

/** The shared bitmap (allocating one per file would add garbage and external memory for the collector). */
const BITS = new Uint32Array(2048);
let filledFor: string | undefined;

function fill(text: string): void {
  const bits = BITS;
  bits.fill(0);
  filledFor = text;
  let a = text.charCodeAt(0);
  let b = text.charCodeAt(1);
  for (let i = 2; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const hash = trigramHash(a, b, c);
    const slot = hash >>> 5;
    bits[slot] = bits[slot]! | (1 << (hash & 31));
    a = b;
    b = c;
  }
}

function trigramHash(a: number, b: number, c: number): number {
  return (a * 1031 + b * 37 + c) & 0xffff;
}

const NO_LINES: ReadonlySet<number> = new Set();
const never = (): boolean => false;
const ignore = (): void => undefined;

type Selection = KindSelection;

/** The index of the first character at or after `at` that is not a blank (spaces, line breaks, line continuations). */
function skipBlanks(text: string, at: number): number {
  let next = at;
  while (isBlank(text.charCodeAt(next))) next++;
  return next;
}

/** Characters a grammar skips between tokens: control characters, Unicode spaces, line continuations. */
function isBlank(code: number): boolean {
  return code <= 32 || code === 92 || code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200b) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x2060 || code === 0x3000 || code === 0xfeff;
}

function opensComment(text: string, at: number, family: RuleLanguage): boolean {
  return family === 'python' ? text.charCodeAt(at) === 35 : text.charCodeAt(at) === 47;
}

/** Characters that may follow a callee's last name: arguments, type arguments, optional call, a comment. */
const CALL_OPENERS: Record<RuleLanguage, ReadonlySet<number>> = {
  // ( ` < ?. ! /
  js: new Set([40, 96, 60, 63, 33, 47]),
  // ( #
  python: new Set([40, 35]),
  // ( [ /
  go: new Set([40, 91, 47]),
  // ( < /
  java: new Set([40, 60, 47]),
};

/**
 * True when the name at `at` ends a chain that follows the keyword `new` (`new Pool`, `new pg.Pool`):
 * a constructor needs no argument list in JavaScript. Anything the scan cannot read counts as true.
 */
function followsNew(text: string, at: number): boolean {
  let start = at;
  for (;;) {
    let before = start - 1;
    while (before >= 0 && isBlank(text.charCodeAt(before))) before--;
    const code = text.charCodeAt(before);
    if (code === 47) return true;
    if (code !== 46) return before >= 2 && text.startsWith('new', before - 2) && !isNameChar(text.charCodeAt(before - 3), 'js');
    before--;
    if (text.charCodeAt(before) === 63) before--;
    while (before >= 0 && isBlank(text.charCodeAt(before))) before--;
    if (!isNameChar(text.charCodeAt(before), 'js')) return true;
    while (before >= 0 && isNameChar(text.charCodeAt(before), 'js')) before--;
    start = before + 1;
  }
}

/** Names that may start a member chain in the text but are not the identifiers a receiver chain reads. */
const NOT_CHAIN_ROOTS: Record<RuleLanguage, ReadonlySet<string>> = {
  js: new Set(['super', 'import', 'new']),
  python: new Set(['None', 'True', 'False']),
  go: new Set(),
  java: new Set(['super', 'this']),
};

/**
 * The names of the plain member chain that ends just before the name at `at` (`this.orders` for
 * `this.orders.create(`): empty when nothing is chained in front, undefined when the text holds
 * anything else (a call, an index, a comment, a private name, non-ASCII names, a non-identifier root).
 */
function receiverChainBefore(text: string, at: number, family: RuleLanguage): readonly string[] | undefined {
  const names: string[] = [];
  let end = at;
  for (;;) {
    let before = end - 1;
    while (before >= 0 && isBlank(text.charCodeAt(before))) before--;
    if (text.charCodeAt(before) !== 46) {
      const root = names[0];
      const code = text.charCodeAt(before);
      if (names.length > 0 && (NOT_CHAIN_ROOTS[family].has(root!) || code >= 128 || code === 35 || code === 47 || code === 92)) return undefined;
      return names;
    }
    before--;
    if (family === 'js' && text.charCodeAt(before) === 63) before--;
    while (before >= 0 && isBlank(text.charCodeAt(before))) before--;
    const last = before;
    while (before >= 0 && isNameChar(text.charCodeAt(before), family)) before--;
    const name = text.slice(before + 1, last + 1);
    const code = text.charCodeAt(before);
    // A private name (`#x`), a name with non-ASCII letters or escapes, or a token that is no name: the tree decides.
    if (name === '' || (name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57) || code === 35 || code === 92 || code >= 128) return undefined;
    names.unshift(name);
    end = before + 1;
  }
}

/** ASCII letters, digits and `_` (and `$` where the language allows it in names); NaN (outside the text) is not. */
function isNameChar(code: number, family: RuleLanguage): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || (code === 36 && (family === 'js' || family === 'java'));
}

/** The index of the last character before `at` (inclusive) that is not a blank; -1 when there is none. */
function skipBlanksBack(text: string, at: number): number {
  let before = at;
  while (before >= 0 && isBlank(text.charCodeAt(before))) before--;
  return before;
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
