import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { containsSecret, redactSecrets } from '../redact.js';
import { lineOf } from '../source/language.js';
import { defineRule, type RuleLanguage } from './types.js';
import { callParts } from './support/call-parts.js';
import { literalText, STRING_KINDS } from './support/string-literal.js';
import { kindOf } from './support/kind-of.js';

/** Name endings (lower case, letters and digits only) that mark a value as a credential. */
const CREDENTIAL_ENDINGS = [
  'password', 'passwd', 'passphrase', 'pwd', 'secret', 'secretkey', 'apikey', 'apisecret', 'accesskey', 'privatekey', 'clientsecret', 'token',
  'signingkey', 'encryptionkey', 'masterkey', 'jwtkey', 'credentials',
];
/** Tokens that are not credentials: pagination cursors, CSRF names, cancellation handles. */
const NOT_CREDENTIAL_ENDINGS = ['csrftoken', 'xsrftoken', 'pagetoken', 'continuationtoken', 'canceltoken', 'cancellationtoken', 'synctoken', 'nexttoken'];
/** Words that mark a value as a stand-in, not a real credential. */
const PLACEHOLDER_WORDS = ['changeme', 'change-me', 'change_me', 'example', 'placeholder', 'your', 'xxx', '***', '<', '>', '${', '{{', '%s', 'dummy', 'sample', 'fake', 'redacted', 'todo', 'replace', 'insert', 'test', 'mock', 'secret_here', 'notasecret'];
/** Expressions a literal may sit in and still be the value of the name around them (`env.X ?? 'dev'`). */
const PASS_THROUGH: Record<RuleLanguage, ReadonlySet<string>> = {
  js: new Set(['parenthesized_expression', 'binary_expression', 'ternary_expression', 'as_expression', 'satisfies_expression']),
  python: new Set(['boolean_operator', 'conditional_expression', 'parenthesized_expression']),
  go: new Set(['expression_list', 'literal_element']),
  java: new Set(['ternary_expression', 'parenthesized_expression']),
};

/** Normalises a name for comparison: `API_KEY`, `apiKey`, `api-key` → `apikey`. */
function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** True when a name reads as a credential. */
export function isCredentialName(name: string): boolean {
  const normal = normaliseName(name);
  return CREDENTIAL_ENDINGS.some((ending) => normal.endsWith(ending)) && !NOT_CREDENTIAL_ENDINGS.some((ending) => normal.endsWith(ending));
}

/** True when a literal looks like a real credential rather than a label, key name, path or placeholder. */
export function looksLikeCredentialValue(value: string): boolean {
  if (value.length < 8 || value.length > 300 || /\s/.test(value)) return false;
  const lower = value.toLowerCase();
  if (PLACEHOLDER_WORDS.some((word) => lower.includes(word))) return false;
  if (/^[A-Z][A-Z0-9_]*$/.test(value)) return false; // an environment variable's name
  if (/^[a-z_]+([.:-][a-z_]+)+$/.test(value)) return false; // i18n keys, header names, `auth:password`
  if (/^[a-z]+(_[a-z]+)+$/.test(value)) return false; // cookie and storage key names: `auth_token`, `refresh_token`
  if (value.includes('/') || lower.startsWith('http')) return false;
  if (/^(.)\1+$/.test(value)) return false;
  const hasDigit = /\d/.test(value);
  const hasSymbol = /[^A-Za-z0-9]/.test(value);
  const mixedCase = /[a-z]/.test(value) && /[A-Z]/.test(value);
  return hasDigit || hasSymbol || (mixedCase && value.length >= 20);
}

/** The kind of a well-known key format in a value, or undefined. */
function knownFormat(value: string): string | undefined {
  if (!containsSecret(value)) return undefined;
  const kind = /\[REDACTED ([^\]]+)\]/.exec(redactSecrets(value))?.[1];
  if (!kind || kind === 'secret assignment') return undefined;
  if (kind === 'connection string password') {
    const host = value.slice(value.lastIndexOf('@') + 1).toLowerCase();
    if (/^(localhost|127\.|0\.0\.0\.0|host\.docker\.internal|\[::1\])/.test(host)) return undefined;
  }
  return kind;
}

/** The name a literal is the value of: variable, property, keyword argument, setter, env fallback. */
function credentialNameOf(literal: SgNode, family: RuleLanguage): string | undefined {
  let node = literal;
  let parent = node.parent();
  while (parent && PASS_THROUGH[family].has(kindOf(parent))) {
    node = parent;
    parent = parent.parent();
  }
  if (!parent) return undefined;
  const kind = kindOf(parent);
  const textOf = (n: SgNode | null | undefined) => (n ? (literalText(n, family) ?? n.text()) : undefined);
  switch (kind) {
    case 'variable_declarator':
    case 'const_spec':
    case 'var_spec':
    case 'default_parameter':
    case 'public_field_definition':
    case 'field_definition':
      return textOf(parent.field('name'));
    case 'pair':
      return textOf(parent.field('key'));
    case 'keyword_argument':
      return textOf(parent.field('name'));
    case 'keyed_element':
      return textOf(parent.child(0));
    case 'assignment':
    case 'assignment_expression':
    case 'assignment_statement':
    case 'short_var_declaration': {
      const left = parent.field('left') ?? parent.field('name');
      const name = left?.kind() === 'expression_list' ? left.child(0) : left;
      return name ? (name.field('property') ?? name.field('attribute') ?? name.field('field') ?? name).text() : undefined;
    }
    case 'arguments':
    case 'argument_list':
      return argumentName(parent.parent(), node, family);
    default:
      return undefined;
  }
}

/** `os.getenv("DB_PASSWORD", "…")` → DB_PASSWORD; `setPassword("…")` / `.password("…")` → password. */
function argumentName(call: SgNode | null, argument: SgNode, family: RuleLanguage): string | undefined {
  if (!call) return undefined;
  const parts = callParts(call, family);
  if (!parts) return undefined;
  const index = parts.args.findIndex((arg) => arg.id() === argument.id());
  if (index > 0 && ['getenv', 'get', 'Getenv', 'getProperty', 'getOrDefault', 'config', 'env'].includes(parts.name)) {
    return parts.args[0] ? literalText(parts.args[0], family) : undefined;
  }
  if (index === 0 && parts.args.length === 1) {
    if (/^set[A-Z]/.test(parts.name)) return parts.name.slice(3);
    if (isCredentialName(parts.name) && parts.receiver) return parts.name;
  }
  return undefined;
}

export const hardcodedCredential = defineRule({
  id: 'secrets/hardcoded-credential',
  meta: {
    checklist: 'security.secrets',
    severity: 'high',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A credential written into the code: a key in a known format (cloud, payment, VCS tokens, private keys, JWTs) or a literal assigned to a name like `password`, `apiKey`, `clientSecret`.',
    rationale:
      'Whatever is committed stays in the history of every clone, CI log and fork, and cannot be rotated by a deploy. Credentials belong in the environment or a secret manager, read at start-up. Findings name the kind and the place only: the value is never repeated in a comment, a log or a report.',
    messages: {
      knownFormat: {
        title: 'A {kind} is written into the code',
        message: 'This string has the format of a {kind}. Revoke it, remove it from the code and read it from the environment or a secret manager; the value is in the repository history.',
        severity: 'critical',
      },
      connectionString: {
        title: 'A connection string with a password is written into the code',
        message: 'This connection string carries a password. Read the connection string (or at least its password) from the environment or a secret manager.',
      },
      namedCredential: {
        title: '`{name}` is set to a literal credential',
        message: '`{name}` gets a literal value that looks like a real credential. Read it from the environment or a secret manager instead, and rotate it if it was ever used.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "export const stripe = new Stripe('sk_live_4eC39HqLyjWDarjtT1zdp7dc');\n",
        good: 'export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);\n',
      },
      python: {
        bad: 'DATABASE_PASSWORD = "s3cr3t-Pa55word!"\n',
        good: 'DATABASE_PASSWORD = os.environ["DATABASE_PASSWORD"]\n',
      },
      go: {
        bad: 'var apiKey = "AKIAIOSFODNN7EXAMPL3"\n',
        good: 'var apiKey = os.Getenv("API_KEY")\n',
      },
      java: {
        bad: 'class Config {\n    private String clientSecret = "f9Kq2-Lx81Zp0Qw7";\n}\n',
        good: 'class Config {\n    @Value("${oauth.client-secret}")\n    private String clientSecret;\n}\n',
      },
    },
  },
  plan(file, changedLines) {
    // The file's text first: without a credential word or a key format's prefix anywhere, its added lines have none.
    if (!file.mentionsAnyCase(...CREDENTIAL_WORDS) && !file.mentions(...KEY_FORMAT_PREFIXES)) return false;
    // Gate on the added lines' text: a credential needs a key format or a credential-like word nearby.
    const lines = file.text.split('\n');
    const added = [...changedLines].map((line) => lines[line - 1] ?? '').join('\n');
    const lower = added.toLowerCase();
    if (!CREDENTIAL_WORDS.some((word) => lower.includes(word)) && !containsSecret(added)) return false;
    return LITERAL_KINDS[file.family];
  },
  checkFile(context) {
    const literals = context.nodesWithKinds(LITERAL_KINDS[context.family]);
    for (let i = 0; i < literals.nodes.length; i++) {
      const literal = literals.nodes[i]!;
      // The value decides most literals on its own; the position and the name around it cost native
      // calls, so they are read only for literals that could be reported.
      const value = literalText(literal, context.family, literals.kinds[i]);
      if (value === undefined || value.length < 8) continue;
      const format = knownFormat(value);
      if (format === 'connection string password') {
        const line = lineOf(literal);
        if (context.changedLines.has(line)) context.report({ messageId: 'connectionString', line });
        continue;
      }
      if (format) {
        const line = lineOf(literal);
        if (context.changedLines.has(line)) context.report({ messageId: 'knownFormat', data: { kind: format }, line });
        continue;
      }
      if (!looksLikeCredentialValue(value)) continue;
      const line = lineOf(literal);
      if (!context.changedLines.has(line)) continue;
      const name = credentialNameOf(literal, context.family);
      if (name && isCredentialName(name)) context.report({ messageId: 'namedCredential', data: { name }, line });
    }
  },
});

/** Words (lower case) near a credential, or in a connection string. */
const CREDENTIAL_WORDS = ['pass', 'pwd', 'secret', 'key', 'token', 'credential', '://'];
/**
 * What each key format `containsSecret` knows (SECRET_PATTERNS in ../redact.ts) starts with, for those
 * whose pattern needs none of CREDENTIAL_WORDS: AWS, GitHub, Anthropic/OpenAI, Slack, Stripe, Google
 * keys, JWTs (and PEM blocks, though `KEY` already counts). A text without any of them and without a
 * credential word holds no secret `containsSecret` would find. Keep in step with redact.ts.
 */
const KEY_FORMAT_PREFIXES = ['AKIA', 'ASIA', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'sk-', 'xox', 'sk_', 'rk_', 'AIza', 'eyJ', '-----BEGIN'];

/** String literal kinds, without Python's concatenation (its parts are literals of their own). */
const LITERAL_KINDS: Record<RuleLanguage, readonly string[]> = {
  js: STRING_KINDS.js,
  python: STRING_KINDS.python.filter((kind) => kind !== 'concatenated_string'),
  go: STRING_KINDS.go,
  java: STRING_KINDS.java,
};
