import type { GoFileFacts } from './go-facts.js';
import type { FuncInfo, PackageInfo } from './go-program.js';
import type { GoValue } from './go-values.js';

/** One activation of a function (or of a package's initialisers) in the interpreter. */
export interface Frame {
  fn?: FuncInfo;
  file: GoFileFacts;
  pkg: PackageInfo;
  depth: number;
  returns: GoValue[];
}

/** Variables of a block; `conditional` when the block may not run (if/switch/loop bodies). */
export class Scope {
  private readonly vars = new Map<string, GoValue>();

  constructor(
    readonly parent?: Scope,
    readonly conditional = false,
  ) {}

  lookup(name: string): GoValue | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const value = scope.vars.get(name);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  define(name: string, value: GoValue): void {
    if (name !== '_') this.vars.set(name, value);
  }

  /** Whether this block or one around it may not run: an assignment here may not happen. */
  withinConditional(): boolean {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) if (scope.conditional) return true;
    return false;
  }

  /**
   * Assigns to the variable where it is declared. Returns the value it held and whether a
   * conditional block lies between here and the declaration, or undefined when it is not declared.
   */
  assign(name: string, value: GoValue): { previous: GoValue; conditional: boolean } | undefined {
    let conditional = false;
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const previous = scope.vars.get(name);
      if (previous !== undefined) {
        scope.vars.set(name, value);
        return { previous, conditional };
      }
      if (scope.conditional) conditional = true;
    }
    return undefined;
  }
}
