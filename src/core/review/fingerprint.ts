import { stableHash } from '../hash.js';
import type { Finding } from '../finding.js';

/**
 * A fingerprint that survives line shifts: rule (or checklist item for agent findings), path, and the
 * normalised code of the finding's line — never the line number. Identical lines in one file are told
 * apart by their occurrence index.
 */
export function fingerprintFindings(findings: readonly Finding[], lineText: (path: string, line: number) => string | undefined): Finding[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const code = normaliseCode(lineText(finding.path, finding.line) ?? '');
    const identity = finding.source === 'agent' ? `agent:${finding.checklist}` : finding.rule;
    const base = stableHash(identity, finding.path, code);
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    return { ...finding, fingerprint: occurrence === 0 ? base : stableHash(base, String(occurrence)) };
  });
}

function normaliseCode(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}
