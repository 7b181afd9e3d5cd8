import { parse as parseYaml } from 'yaml';
import type { FileFacts } from './types.js';

/** Files that make a directory a deployable unit, strongest name source first. */
const MANIFESTS = ['package.json', 'pyproject.toml', 'pom.xml', 'build.gradle.kts', 'build.gradle', 'go.mod', 'setup.cfg', 'setup.py', 'requirements.txt', 'Pipfile'];

/** A unit found from manifests (before code is attributed to it). */
export interface ServiceRoot {
  name: string;
  root: string;
  manifest: string;
  /** Go module path (go.mod), to map import paths to directories. */
  goModule?: string;
  /** The manifest declares sub-projects (npm workspaces, Maven modules): it does not own their code. */
  workspace?: boolean;
  /** Facts read from build files and application configuration. */
  actuator?: boolean;
  gracefulShutdown?: string;
  /** Spring/Prisma configuration values that name infrastructure (`spring.datasource.url`). */
  config: Record<string, string>;
}

type Read = (path: string) => Promise<string | undefined>;

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function lastSegment(dir: string): string {
  return dir.slice(dir.lastIndexOf('/') + 1);
}

/**
 * Deployable units of a tree: one per directory holding a manifest, plus one per Go `package main`
 * directory when a module builds several binaries. The nearest unit owns a file (see ServiceOwners).
 */
export async function findServiceRoots(paths: readonly string[], read: Read, facts: readonly FileFacts[]): Promise<ServiceRoot[]> {
  const manifestsByDir = new Map<string, string[]>();
  for (const path of paths) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (!MANIFESTS.includes(name) || isIgnoredDir(path)) continue;
    const dir = dirOf(path);
    const list = manifestsByDir.get(dir) ?? [];
    list.push(name);
    manifestsByDir.set(dir, list);
  }
  const roots: ServiceRoot[] = [];
  for (const [dir, names] of manifestsByDir) {
    names.sort((a, b) => MANIFESTS.indexOf(a) - MANIFESTS.indexOf(b));
    const root: ServiceRoot = { name: '', root: dir, manifest: dir ? `${dir}/${names[0]}` : names[0]!, config: {} };
    for (const manifest of names) await readManifest(root, manifest, dir ? `${dir}/${manifest}` : manifest, read);
    if (!root.name) root.name = dir ? lastSegment(dir) : 'root';
    await readApplicationConfig(root, paths, read);
    roots.push(root);
  }
  roots.push(...goMainRoots(roots, facts));
  return uniqueNames(roots);
}

function isIgnoredDir(path: string): boolean {
  return path.split('/').some((segment) => segment === 'node_modules' || segment === 'vendor' || segment === 'testdata' || segment === 'fixtures' || segment === 'examples');
}

async function readManifest(root: ServiceRoot, manifest: string, path: string, read: Read): Promise<void> {
  const text = await read(path);
  if (text === undefined) return;
  switch (manifest) {
    case 'package.json': {
      try {
        const json = JSON.parse(text) as { name?: unknown; workspaces?: unknown };
        if (typeof json.name === 'string' && !root.name) root.name = json.name.replace(/^@[^/]+\//, '');
        if (json.workspaces) root.workspace = true;
      } catch {
        // An unreadable package.json still marks a unit; it is named after its folder.
      }
      return;
    }
    case 'go.mod': {
      const module = text.split('\n').map((line) => line.trim()).find((line) => line.startsWith('module '))?.slice(7).trim().replace(/^"|"$/g, '');
      if (module) {
        root.goModule = module;
        if (!root.name) root.name = lastSegment(module.replace(/\/v\d+$/, ''));
      }
      return;
    }
    case 'pom.xml': {
      // The project's own artifactId: outside <parent> and <dependencies>.
      const own = stripXmlBlocks(text, ['parent', 'dependencies', 'dependencyManagement', 'build', 'profiles', 'plugins']);
      const artifact = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(own)?.[1];
      if (artifact && !root.name) root.name = artifact;
      if (/<modules>/.test(own)) root.workspace = true;
      if (text.includes('spring-boot-starter-actuator')) root.actuator = true;
      return;
    }
    case 'build.gradle':
    case 'build.gradle.kts': {
      if (text.includes('spring-boot-starter-actuator')) root.actuator = true;
      const settings = (await read(root.root ? `${root.root}/settings.gradle` : 'settings.gradle')) ?? (await read(root.root ? `${root.root}/settings.gradle.kts` : 'settings.gradle.kts'));
      const name = settings ? /rootProject\.name\s*=\s*['"]([^'"]+)['"]/.exec(settings)?.[1] : undefined;
      if (name && !root.name) root.name = name;
      if (settings && /^\s*include\b/m.test(settings)) root.workspace = true;
      return;
    }
    case 'pyproject.toml':
    case 'setup.cfg': {
      const name = tomlName(text, manifest === 'setup.cfg' ? ['metadata'] : ['project', 'tool.poetry']);
      if (name && !root.name) root.name = name;
      return;
    }
    default:
      return;
  }
}

function stripXmlBlocks(text: string, tags: string[]): string {
  let result = text;
  for (const tag of tags) {
    for (;;) {
      const start = result.indexOf(`<${tag}>`);
      const end = start === -1 ? -1 : result.indexOf(`</${tag}>`, start);
      if (start === -1 || end === -1) break;
      result = result.slice(0, start) + result.slice(end + tag.length + 3);
    }
  }
  return result;
}

/** `name = "x"` in one of the given sections of a TOML/INI manifest. */
function tomlName(text: string, sections: string[]): string | undefined {
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      continue;
    }
    const pair = /^name\s*[=:]\s*['"]?([^'"#\s]+)['"]?/.exec(line);
    if (pair && sections.includes(section)) return pair[1];
  }
  return undefined;
}

/** Spring application configuration and Prisma schema values that name infrastructure. */
async function readApplicationConfig(root: ServiceRoot, paths: readonly string[], read: Read): Promise<void> {
  const prefix = root.root ? `${root.root}/` : '';
  for (const candidate of ['src/main/resources/application.properties', 'src/main/resources/application.yml', 'src/main/resources/application.yaml']) {
    const path = `${prefix}${candidate}`;
    if (!paths.includes(path)) continue;
    const text = await read(path);
    if (text === undefined) continue;
    const values = candidate.endsWith('.properties') ? readProperties(text) : flattenYaml(text);
    Object.assign(root.config, values);
    if (values['server.shutdown'] === 'graceful') root.gracefulShutdown = path;
  }
  const prismaPath = [`${prefix}prisma/schema.prisma`, `${prefix}schema.prisma`].find((path) => paths.includes(path));
  if (prismaPath) {
    const text = (await read(prismaPath)) ?? '';
    const datasource = /datasource\s+\w+\s*\{([^}]*)\}/.exec(text)?.[1] ?? '';
    const provider = /provider\s*=\s*"([^"]+)"/.exec(datasource)?.[1];
    const env = /url\s*=\s*env\(\s*"([^"]+)"\s*\)/.exec(datasource)?.[1];
    if (provider) root.config['prisma.provider'] = provider;
    if (env) root.config['prisma.url.env'] = env;
  }
}

function readProperties(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const at = line.search(/[=:]/);
    if (at > 0) values[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return values;
}

function flattenYaml(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch {
    return values;
  }
  const visit = (value: unknown, key: string): void => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [child, inner] of Object.entries(value as Record<string, unknown>)) visit(inner, key ? `${key}.${child}` : child);
    } else if (value !== null && value !== undefined && !Array.isArray(value)) values[key] = String(value);
  };
  visit(document, '');
  return values;
}

/** `package main` directories with a `func main`: separate binaries when a module has several. */
function goMainRoots(roots: ServiceRoot[], facts: readonly FileFacts[]): ServiceRoot[] {
  const mainDirs = new Set<string>();
  for (const file of facts) {
    if (file.family === 'go' && file.package === 'main' && file.functions.some((fn) => fn.name === 'main')) mainDirs.add(dirOf(file.path));
  }
  const byModule = new Map<string, string[]>();
  const orphans: string[] = [];
  for (const dir of mainDirs) {
    const module = nearestRoot(roots, dir);
    if (module && module.goModule !== undefined) {
      const list = byModule.get(module.root) ?? [];
      list.push(dir);
      byModule.set(module.root, list);
    } else if (!module) orphans.push(dir);
  }
  const extra: ServiceRoot[] = [];
  for (const [moduleRoot, dirs] of byModule) {
    if (dirs.length < 2) continue;
    for (const dir of dirs) if (dir !== moduleRoot) extra.push({ name: lastSegment(dir) || 'main', root: dir, manifest: dir, config: {}, goModule: roots.find((r) => r.root === moduleRoot)!.goModule! });
  }
  for (const dir of orphans) extra.push({ name: lastSegment(dir) || 'main', root: dir, manifest: dir, config: {} });
  return extra;
}

function nearestRoot(roots: readonly ServiceRoot[], dir: string): ServiceRoot | undefined {
  let best: ServiceRoot | undefined;
  for (const root of roots) {
    if (root.root === '' || dir === root.root || dir.startsWith(`${root.root}/`)) {
      if (!best || root.root.length > best.root.length) best = root;
    }
  }
  return best;
}

function uniqueNames(roots: ServiceRoot[]): ServiceRoot[] {
  const counts = new Map<string, number>();
  for (const root of roots) counts.set(root.name, (counts.get(root.name) ?? 0) + 1);
  for (const root of roots) if ((counts.get(root.name) ?? 0) > 1 && root.root) root.name = `${root.name} (${root.root})`;
  return roots.sort((a, b) => a.root.localeCompare(b.root));
}

/** Which unit owns a path: the nearest directory that is a unit's root. */
export class ServiceOwners {
  constructor(private readonly roots: readonly ServiceRoot[]) {}

  ownerOf(path: string): ServiceRoot | undefined {
    return nearestRoot(this.roots, dirOf(path));
  }
}
