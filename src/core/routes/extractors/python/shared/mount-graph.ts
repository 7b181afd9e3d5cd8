import type { FrameworkObject, StrValue } from './python-project.js';

/** Where a set of routes ends up: the prefixes and middleware every mount above it applies, outermost first. */
export interface Mount {
  pieces: string[];
  middleware: string[];
  partial: boolean;
  notes: string[];
}

/** What one mount step adds: an include/register prefix, the child's own prefix, dependencies, before-request hooks. */
export interface MountStep {
  pieces: Array<StrValue | undefined>;
  middleware: string[];
  partial?: boolean;
  notes?: string[];
  /** What of the outer mount's middleware reaches through this step (a mounted sub-application drops its parent's dependencies). */
  outer?: (middleware: string[]) => string[];
}

export interface MountEdge {
  parent: FrameworkObject;
  child: FrameworkObject;
  step: MountStep;
}

/** Bound on the mount chains of one object: a router included under many prefixes is still a handful. */
const MAX_MOUNTS = 64;

/**
 * Apps, routers and blueprints linked by include/register calls. Each object's mounts are the chains from
 * an object nothing includes (an app, or an orphan the framework decides about) down to it.
 */
export class MountGraph {
  private readonly incoming = new Map<string, MountEdge[]>();
  private readonly memo = new Map<string, Mount[]>();

  constructor(private readonly rootStep: (obj: FrameworkObject) => MountStep) {}

  add(edge: MountEdge): void {
    const list = this.incoming.get(edge.child.id);
    if (list) list.push(edge);
    else this.incoming.set(edge.child.id, [edge]);
    this.memo.clear();
  }

  /** Something includes this object. */
  isIncluded(obj: FrameworkObject): boolean {
    return (this.incoming.get(obj.id)?.length ?? 0) > 0;
  }

  mounts(obj: FrameworkObject, stack: readonly string[] = []): Mount[] {
    const known = this.memo.get(obj.id);
    if (known) return known;
    const result: Mount[] = [];
    for (const edge of this.incoming.get(obj.id) ?? []) {
      // A router that includes itself, directly or not, adds nothing through that cycle.
      if (stack.includes(edge.parent.id) || edge.parent.id === obj.id) continue;
      for (const parent of this.mounts(edge.parent, [...stack, obj.id])) {
        if (result.length < MAX_MOUNTS) result.push(extend(parent, edge.step));
      }
    }
    if (result.length === 0) result.push(extend({ pieces: [], middleware: [], partial: false, notes: [] }, this.rootStep(obj)));
    this.memo.set(obj.id, result);
    return result;
  }
}

/** A mount followed by one more step. */
export function extend(mount: Mount, step: MountStep): Mount {
  const outer = step.outer ? step.outer(mount.middleware) : mount.middleware;
  const next: Mount = { pieces: [...mount.pieces], middleware: [...outer, ...step.middleware], partial: mount.partial || step.partial === true, notes: [...mount.notes] };
  for (const piece of step.pieces) {
    if (!piece) continue;
    next.pieces.push(piece.value);
    if (piece.partial) next.partial = true;
    addNotes(next.notes, piece.notes);
  }
  addNotes(next.notes, step.notes ?? []);
  return next;
}

export function addNotes(target: string[], notes: readonly string[]): void {
  for (const note of notes) if (!target.includes(note)) target.push(note);
}
