#!/usr/bin/env node
// Bundles the GitHub Action (src/action/main.ts) into action/dist/, so that a workflow runs it with no
// `npm install`: one ESM file with every dependency inside, plus what cannot be JavaScript — the ast-grep
// native binding (copied by esbuild), the tree-sitter parsers of Go, Java and Python (copied under
// parsers/), and the agent definitions (agents/).
//
//   node scripts/build-action.mjs          (npm run build:action)
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'action', 'dist');
const require = createRequire(join(root, 'package.json'));

/** The dynamic tree-sitter languages of src/core/source/language.ts. */
const LANGUAGES = ['go', 'java', 'python'];

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

// 1. Parsers. Each @ast-grep/lang-* package finds its parser.so from its own folder; in the bundle that
// folder is gone, so the import is replaced by a module that looks beside the bundle (parsers/<lang>/),
// with the package's own settings. Prebuilds are copied for the platforms that have a native binding.
const bindings = readdirSync(join(root, 'node_modules', '@ast-grep')).filter((name) => name.startsWith('napi-'));
const PREBUILD_OF = { 'linux-x64-gnu': 'Linux-X64', 'linux-arm64-gnu': 'Linux-ARM64', 'darwin-x64': 'macOS-X64', 'darwin-arm64': 'macOS-ARM64', 'win32-x64-msvc': 'Windows-X64' };
const prebuilds = bindings.map((name) => PREBUILD_OF[name.slice('napi-'.length)]).filter(Boolean);
if (prebuilds.length === 0) throw new Error('no @ast-grep/napi native binding is installed: run npm ci');
for (const language of LANGUAGES) {
  const packageDir = dirname(require.resolve(`@ast-grep/lang-${language}/package.json`));
  for (const prebuild of prebuilds) {
    const from = join(packageDir, 'prebuilds', `prebuild-${prebuild}`);
    if (existsSync(from)) cpSync(from, join(outdir, 'parsers', language, `prebuild-${prebuild}`), { recursive: true });
  }
}

const astGrepLanguages = {
  name: 'ast-grep-languages',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^@ast-grep\/lang-(go|java|python)$/ }, (args) => ({ path: args.path.slice('@ast-grep/lang-'.length), namespace: 'ast-grep-language' }));
    esbuild.onLoad({ filter: /.*/, namespace: 'ast-grep-language' }, (args) => {
      const language = args.path;
      const settings = require(`@ast-grep/lang-${language}`);
      const contents = `import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const PLATFORM = { darwin: 'macOS', linux: 'Linux', win32: 'Windows' }[process.platform];
const ARCH = { x64: 'X64', arm64: 'ARM64' }[process.arch];
const directory = fileURLToPath(new URL(${JSON.stringify(`./parsers/${language}/`)}, import.meta.url));
export default {
  get libraryPath() {
    const path = directory + 'prebuild-' + PLATFORM + '-' + ARCH + '/parser.so';
    if (!existsSync(path)) throw new Error('the Backend Expert Action has no ${language} parser for ' + process.platform + '-' + process.arch);
    return path;
  },
  extensions: ${JSON.stringify(settings.extensions)},
  languageSymbol: ${JSON.stringify(settings.languageSymbol)},
  expandoChar: ${JSON.stringify(settings.expandoChar)},
};
`;
      return { contents, loader: 'js', resolveDir: root };
    });
  },
};

// jsonc-parser's `main` is a UMD build that requires its parts at run time, which no bundle can hold:
// its ES module build (`module`) is bundled instead.
const jsoncParserEsm = {
  name: 'jsonc-parser-esm',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^jsonc-parser$/ }, () => ({ path: join(dirname(require.resolve('jsonc-parser/package.json')), 'lib', 'esm', 'main.js') }));
  },
};

// 2. The bundle. ESM (the code uses import.meta.url and top-level await); CommonJS dependencies get a
// real `require` from createRequire. Nothing is external: the workflow has no node_modules.
// The scan worker is a second entry: the worker pool starts `./scan-worker.js` beside the code that
// loads it, and shared code goes to chunk files beside them (split, so parsers and rules are bundled once).
const result = await build({
  entryPoints: { index: join(root, 'src', 'action', 'main.ts'), 'scan-worker': join(root, 'src', 'core', 'analysis', 'scan-worker.ts') },
  outdir,
  splitting: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // The native binding is copied next to the bundle and loaded by its relative path.
  loader: { '.node': 'copy' },
  plugins: [astGrepLanguages, jsoncParserEsm],
  banner: { js: "import { createRequire as __backendExpertCreateRequire } from 'node:module';\nconst require = __backendExpertCreateRequire(import.meta.url);" },
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
});

// 3. The agent definitions, found beside the bundle by src/action/action-agent.ts.
cpSync(join(root, 'agents'), join(outdir, 'agents'), { recursive: true });
// The bundle is ESM wherever the folder is copied (the repository's package.json says so too).
writeFileSync(join(outdir, 'package.json'), `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`);

const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`action/dist: ${(bytes / 1024 / 1024).toFixed(1)} MiB (${Object.keys(result.metafile.outputs).length} files), parsers for ${prebuilds.join(', ')}`);
