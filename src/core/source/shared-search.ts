import type { SgNode } from '@ast-grep/napi';
import { treeCache } from './tree-cache.js';

/** Nodes of some kinds in document order, each with its kind. */
export interface KindSelection {
  readonly nodes: readonly SgNode[];
  readonly kinds: readonly string[];
}

interface Walk extends KindSelection {
  readonly covers: ReadonlySet<string>;
}

interface SearchState {
  /** Kinds announced for the tree that no walk has fetched yet. */
  readonly pending: Set<string>;
  readonly walks: Walk[];
}

const states = treeCache<SgNode, SearchState>('shared search');

/**
 * Announces node kinds an analyser of the tree will ask for, so that the next walk fetches them too.
 *
 * The analysers of a file (service facts, rules) each wanted the calls and a few other kinds, and each
 * walked the whole tree for them: a walk costs a fifth of the parse, however few nodes it returns, and
 * every node handed to JavaScript costs about 6 µs more. Announced first, every kind comes from one
 * walk, and a node wanted by two analysers is handed over once.
 */
export function announceKinds(root: SgNode, kinds: Iterable<string>): void {
  const state = stateOf(root);
  for (const kind of kinds) if (!state.walks.some((walk) => walk.covers.has(kind))) state.pending.add(kind);
}

/**
 * The tree's nodes of `kinds`, in document order with their kinds: taken from an earlier walk that
 * fetched them all, else from a new walk that also fetches every kind announced so far. Callers must
 * not change the arrays (they may be shared).
 */
export function nodesOfKinds(root: SgNode, kinds: readonly string[]): KindSelection {
  if (kinds.length === 0) return { nodes: [], kinds: [] };
  const state = stateOf(root);
  let walk = state.walks.find((candidate) => kinds.every((kind) => candidate.covers.has(kind)));
  if (!walk) {
    const wanted = new Set(state.pending);
    for (const kind of kinds) wanted.add(kind);
    walk = walkFor(root, wanted);
    state.walks.push(walk);
    state.pending.clear();
  }
  if (walk.covers.size === kinds.length) return walk;
  const keep = new Set(kinds);
  const nodes: SgNode[] = [];
  const found: string[] = [];
  for (let i = 0; i < walk.nodes.length; i++) {
    if (!keep.has(walk.kinds[i]!)) continue;
    nodes.push(walk.nodes[i]!);
    found.push(walk.kinds[i]!);
  }
  return { nodes, kinds: found };
}

function walkFor(root: SgNode, covers: ReadonlySet<string>): Walk {
  if (covers.size === 1) {
    const [kind] = covers as Set<string>;
    const nodes = root.findAll({ rule: { kind: kind! } });
    return { covers, nodes, kinds: nodes.map(() => kind!) };
  }
  const nodes = root.findAll({ rule: { any: [...covers].map((kind) => ({ kind })) } });
  return { covers, nodes, kinds: nodes.map((node) => node.kind() as string) };
}

function stateOf(root: SgNode): SearchState {
  return states.get(root) ?? states.set(root, { pending: new Set(), walks: [] });
}
