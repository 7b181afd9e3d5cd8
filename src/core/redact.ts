/**
 * Redaction of credentials in anything we write (comments, summaries, SARIF, JSON, logs, and what a
 * model quotes). A secret is shown as its kind only, never its value.
 */
const SECRET_PATTERNS: ReadonlyArray<{ kind: string; pattern: RegExp }> = [
  { kind: 'private key', pattern: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z]+ )?PRIVATE KEY-----|$)/g },
  { kind: 'AWS access key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { kind: 'Anthropic key', pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}\b/g },
  { kind: 'OpenAI key', pattern: /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}\b/g },
  { kind: 'Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g },
  { kind: 'Stripe key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
  { kind: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'JWT', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g },
  { kind: 'connection string password', pattern: /(?<=\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@\s/]{3,}(?=@)/gi },
  {
    kind: 'secret assignment',
    pattern: /(?<=\b(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?key|auth[_-]?token|client[_-]?secret|private[_-]?key|token)\b["']?\s*[:=]\s*["'])[^"'\s]{6,}(?=["'])/gi,
  },
];

/** Replaces every credential-looking value in `text` with `[REDACTED <kind>]`. */
export function redactSecrets(text: string): string {
  let result = text;
  for (const { kind, pattern } of SECRET_PATTERNS) result = result.replace(pattern, `[REDACTED ${kind}]`);
  return result;
}

/** True when `text` contains something redactSecrets would hide. */
export function containsSecret(text: string): boolean {
  return SECRET_PATTERNS.some(({ pattern }) => {
    pattern.lastIndex = 0;
    const found = pattern.test(text);
    pattern.lastIndex = 0;
    return found;
  });
}
