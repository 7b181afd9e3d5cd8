import type { GoFileFacts, GoFuncFacts, GoPackageVar, GoStructFacts, GoTypeRef } from './go-facts.js';
import type { GoFramework } from './go-framework.js';
import { defaultPackageName } from './go-literals.js';
import type { ResolvedType } from './go-values.js';
import type { ProjectInfo } from '../../../types.js';

/** A function or method of the tree, with where it lives. */
export interface FuncInfo {
  facts: GoFuncFacts;
  file: GoFileFacts;
  pkg: PackageInfo;
  /** `pkgdir.Type.Method` or `pkgdir.Func`: identity for recursion guards and call records. */
  id: string;
}

/** A Go package of the tree: one directory. */
export interface PackageInfo {
  dir: string;
  name: string;
  funcs: Map<string, FuncInfo>;
  /** Methods by receiver type, then name. */
  methods: Map<string, Map<string, FuncInfo>>;
  types: Map<string, GoStructFacts>;
  /** Element types of named slice and map types. */
  elems: Map<string, GoTypeRef>;
  /** Method names of interface types. */
  ifaces: Map<string, string[]>;
  vars: Map<string, { decl: GoPackageVar; file: GoFileFacts }>;
}

/** What an identifier of a file names when it is an import. */
export type ImportTarget = { local: true; pkg: PackageInfo } | { local: false; path: string };

/**
 * The whole tree's Go code as the interpreter needs it: packages by directory, functions and methods,
 * and import paths resolved to directories. Import paths are matched to directories through each
 * module's path: go.mod's, and the prefix that most import paths share before a directory of that
 * module (the only one when go.mod was not read; a second one when the imports use another path than
 * go.mod declares, as GOPATH-era code whose go.mod names a fork or an old name).
 */
export class GoProgram {
  readonly packages = new Map<string, PackageInfo>();
  readonly methodsByName = new Map<string, FuncInfo[]>();
  readonly functions: FuncInfo[] = [];
  /**
   * Module root directory ('' for the repository root) → its module paths: go.mod's, and the one the
   * imports use when they use another (GOPATH-era code whose go.mod names a fork or an old name).
   */
  private readonly modulePaths = new Map<string, string[]>();
  private readonly moduleRoots: string[];
  private readonly importCache = new Map<GoFileFacts, Map<string, ImportTarget>>();

  constructor(
    files: readonly GoFileFacts[],
    project: ProjectInfo,
    private readonly frameworks: readonly GoFramework[],
  ) {
    this.moduleRoots = project.paths
      .filter(isGoMod)
      .map(moduleRootOfGoMod)
      .sort((a, b) => b.length - a.length);
    for (const file of files) this.addFile(file);
    for (const [path, text] of project.configFiles ?? []) {
      const modulePath = isGoMod(path) ? modulePathOf(text) : undefined;
      if (modulePath) this.modulePaths.set(moduleRootOfGoMod(path), [modulePath]);
    }
    this.inferModulePaths(files);
  }

  private addFile(file: GoFileFacts): void {
    let pkg = this.packages.get(file.dir);
    if (!pkg) {
      pkg = { dir: file.dir, name: file.pkg, funcs: new Map(), methods: new Map(), types: new Map(), elems: new Map(), ifaces: new Map(), vars: new Map() };
      this.packages.set(file.dir, pkg);
    }
    for (const [name, struct] of Object.entries(file.types)) pkg.types.set(name, struct);
    for (const [name, element] of Object.entries(file.elems ?? {})) pkg.elems.set(name, element);
    for (const [name, methods] of Object.entries(file.ifaces ?? {})) pkg.ifaces.set(name, methods);
    for (const [name, decl] of Object.entries(file.vars)) pkg.vars.set(name, { decl, file });
    for (const facts of file.funcs) {
      const info: FuncInfo = { facts, file, pkg, id: `${file.dir}.${facts.recv ? facts.recv + '.' : ''}${facts.name}` };
      this.functions.push(info);
      if (facts.recv) {
        let methods = pkg.methods.get(facts.recv);
        if (!methods) pkg.methods.set(facts.recv, (methods = new Map()));
        methods.set(facts.name, info);
        let byName = this.methodsByName.get(facts.name);
        if (!byName) this.methodsByName.set(facts.name, (byName = []));
        byName.push(info);
      } else if (facts.name !== 'init' && facts.name !== '_') {
        pkg.funcs.set(facts.name, info);
      }
    }
  }

  /** The module root directory a package directory belongs to. */
  moduleRootOf(dir: string): string {
    for (const root of this.moduleRoots) if (root === '' || dir === root || dir.startsWith(root + '/')) return root;
    return '';
  }

  private inferModulePaths(files: readonly GoFileFacts[]): void {
    // Directories relative to their module root, per module.
    const relDirs = new Map<string, Set<string>>();
    for (const dir of this.packages.keys()) {
      const root = this.moduleRootOf(dir);
      const rel = root === '' ? dir : dir.slice(root.length + 1);
      if (rel === '' || dir === root) continue;
      let set = relDirs.get(root);
      if (!set) relDirs.set(root, (set = new Set()));
      set.add(rel);
    }
    const votes = new Map<string, Map<string, number>>();
    for (const file of files) {
      for (const { path } of file.imports) {
        const segments = path.split('/');
        for (const [root, rels] of relDirs) {
          for (let k = 1; k < segments.length; k++) {
            if (!rels.has(segments.slice(k).join('/'))) continue;
            const prefix = segments.slice(0, k).join('/');
            let counts = votes.get(root);
            if (!counts) votes.set(root, (counts = new Map()));
            counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
          }
        }
      }
    }
    for (const [root, counts] of votes) {
      const best = [...counts].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0];
      if (!best) continue;
      const [inferred, uses] = best;
      const declared = this.modulePaths.get(root);
      if (!declared) this.modulePaths.set(root, [inferred]);
      else if (!declared.includes(inferred) && uses > (counts.get(declared[0]!) ?? 0)) declared.push(inferred);
    }
  }

  /** The package of the tree an import path names, if any. */
  resolveImport(path: string, from: GoFileFacts): PackageInfo | undefined {
    if (path.startsWith('./') || path.startsWith('../')) {
      const parts = from.dir === '' ? [] : from.dir.split('/');
      for (const segment of path.split('/')) {
        if (segment === '..') parts.pop();
        else if (segment !== '.') parts.push(segment);
      }
      return this.packages.get(parts.join('/'));
    }
    return this.resolveModuleImport(path);
  }

  private resolveModuleImport(path: string): PackageInfo | undefined {
    for (const [root, modulePaths] of this.modulePaths) {
      for (const modulePath of modulePaths) {
        if (path !== modulePath && !path.startsWith(modulePath + '/')) continue;
        const rest = path === modulePath ? '' : path.slice(modulePath.length + 1);
        const found = this.packages.get([root, rest].filter((part) => part !== '').join('/'));
        if (found) return found;
      }
    }
    return undefined;
  }

  /** A file's import names: alias (or package name) → the package it names. */
  importsOf(file: GoFileFacts): Map<string, ImportTarget> {
    let map = this.importCache.get(file);
    if (map) return map;
    map = new Map();
    for (const spec of file.imports) {
      if (spec.alias === '_' || spec.alias === '.') continue;
      const local = this.resolveImport(spec.path, file);
      if (local) map.set(spec.alias ?? local.name, { local: true, pkg: local });
      else map.set(spec.alias ?? defaultPackageName(spec.path), { local: false, path: spec.path });
    }
    this.importCache.set(file, map);
    return map;
  }

  /** A type reference written in `file`, resolved to its package. */
  resolveType(type: GoTypeRef | undefined, file: GoFileFacts): ResolvedType | undefined {
    if (!type) return undefined;
    const slice = type.slice ? { slice: true as const } : {};
    if (!type.pkg) return { pkg: file.dir, local: true, name: type.name, ...slice };
    const local = this.resolveImport(type.pkg, file);
    return local ? { pkg: local.dir, local: true, name: type.name, ...slice } : { pkg: type.pkg, local: false, name: type.name, ...slice };
  }

  /** A method of a type of the tree, looking through embedded fields. */
  findMethod(type: ResolvedType, name: string, depth = 0): FuncInfo | undefined {
    if (!type.local || depth > 3) return undefined;
    const pkg = this.packages.get(type.pkg);
    const direct = pkg?.methods.get(type.name)?.get(name);
    if (direct) return direct;
    const struct = pkg?.types.get(type.name);
    if (!struct || !pkg) return undefined;
    for (const embedded of struct.embedded) {
      const resolved = this.resolveTypeIn(embedded, pkg);
      const found = resolved ? this.findMethod(resolved, name, depth + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /** A field's declared type, looking through embedded fields; embedded fields are reached by their type name. */
  findField(type: ResolvedType, name: string, depth = 0): ResolvedType | undefined {
    if (!type.local || depth > 3) return undefined;
    const pkg = this.packages.get(type.pkg);
    const struct = pkg?.types.get(type.name);
    if (!struct || !pkg) return undefined;
    const direct = struct.fields[name];
    if (direct) return this.resolveTypeIn(direct, pkg);
    for (const embedded of struct.embedded) {
      const resolved = this.resolveTypeIn(embedded, pkg);
      if (!resolved) continue;
      if (resolved.name === name) return resolved;
      const found = this.findField(resolved, name, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  /** Whether a type is a struct of the tree, or one outside it (whose literals are structs unless they are slices). */
  isStruct(type: ResolvedType): boolean {
    if (!type.local) return true;
    return this.packages.get(type.pkg)?.types.has(type.name) ?? false;
  }

  /** The element type of a named slice or map type of the tree (`type Routes []Route` → Route). */
  elementTypeOf(type: ResolvedType): ResolvedType | undefined {
    if (!type.local || type.slice) return undefined;
    const pkg = this.packages.get(type.pkg);
    const element = pkg?.elems.get(type.name);
    return element && pkg ? this.resolveTypeIn(element, pkg) : undefined;
  }

  /**
   * The methods called `name` of the module's types that implement a local interface type (every
   * method the interface declares, by name): what a call through a value of that interface may run.
   */
  implementationsOf(type: ResolvedType, name: string): FuncInfo[] {
    if (!type.local || type.slice) return [];
    const required = this.packages.get(type.pkg)?.ifaces.get(type.name);
    if (!required?.includes(name)) return [];
    const module = this.moduleRootOf(type.pkg);
    const found: FuncInfo[] = [];
    for (const pkg of this.packages.values()) {
      if (this.moduleRootOf(pkg.dir) !== module) continue;
      for (const methods of pkg.methods.values()) {
        const method = methods.get(name);
        if (method && required.every((member) => methods.has(member))) found.push(method);
      }
    }
    return found;
  }

  /** A struct's field names in declaration order (positional literals). */
  fieldNames(type: ResolvedType): string[] {
    const struct = type.local ? this.packages.get(type.pkg)?.types.get(type.name) : undefined;
    return struct ? (struct.order ?? Object.keys(struct.fields)) : [];
  }

  /** Embedded fields of a struct type, resolved. */
  embeddedOf(type: ResolvedType): ResolvedType[] {
    if (!type.local) return [];
    const pkg = this.packages.get(type.pkg);
    const struct = pkg?.types.get(type.name);
    if (!struct || !pkg) return [];
    return struct.embedded.map((ref) => this.resolveTypeIn(ref, pkg)).filter((ref): ref is ResolvedType => ref !== undefined);
  }

  /** Resolves a type written in some file of `pkg` (struct declarations keep their import paths). */
  private resolveTypeIn(type: GoTypeRef, pkg: PackageInfo): ResolvedType | undefined {
    const slice = type.slice ? { slice: true as const } : {};
    if (!type.pkg) return { pkg: pkg.dir, local: true, name: type.name, ...slice };
    const local = this.resolveModuleImport(type.pkg);
    return local ? { pkg: local.dir, local: true, name: type.name, ...slice } : { pkg: type.pkg, local: false, name: type.name, ...slice };
  }
}

function isGoMod(path: string): boolean {
  return path === 'go.mod' || path.endsWith('/go.mod');
}

function moduleRootOfGoMod(path: string): string {
  return path === 'go.mod' ? '' : path.slice(0, -'/go.mod'.length);
}

/** The `module` directive of a go.mod file. */
export function modulePathOf(goMod: string): string | undefined {
  for (const line of goMod.split('\n')) {
    const match = /^\s*module\s+("?)([^\s"]+)\1/.exec(line);
    if (match) return match[2];
  }
  return undefined;
}
