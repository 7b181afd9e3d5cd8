import { checklistItem, type ChecklistId } from '../checklist.js';
import { SEVERITIES, type Finding, type Severity } from '../finding.js';
import type { ReviewResult } from '../review/run-review.js';

/** What SARIF needs to describe a rule. */
export interface SarifRuleDoc {
  id: string;
  checklist: ChecklistId;
  description: string;
  rationale: string;
  severity: Severity;
  /** Languages the rule reads (`TypeScript/JavaScript`, `Python`, …), for the help text. */
  languages?: readonly string[];
}

export interface SarifOptions {
  /** The analysed repository (`https://github.com/owner/repo`): recorded as version-control provenance. */
  repositoryUri?: string;
  /** Results kept at most; GitHub code scanning rejects a run above 25,000. */
  maxResults?: number;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub code scanning reads `security-severity` (0–10) to rank alerts of rules tagged `security`. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };
/** Checklist items whose findings are security problems (GitHub shows them as security alerts). */
const SECURITY_ITEMS: ReadonlySet<ChecklistId> = new Set<ChecklistId>(['security.injection', 'security.secrets', 'api.auth']);

/** GitHub code scanning's limits (SARIF support reference). */
export const SARIF_LIMITS = { results: 25_000, description: 1024, name: 255 } as const;

const INFORMATION_URI = 'https://github.com/backend-expert/backend-expert';

/**
 * SARIF 2.1.0 for GitHub code scanning: rules with their checklist item and help text, results with
 * a full region, levels from severities and stable fingerprints. Pure; valid against the OASIS schema.
 */
export function renderReviewSarif(result: ReviewResult, ruleDocs: readonly SarifRuleDoc[], toolVersion: string, options: SarifOptions = {}): object {
  const docs = new Map(ruleDocs.map((doc) => [doc.id, doc] as const));
  const maxResults = options.maxResults ?? SARIF_LIMITS.results;
  // Above the limit the most severe findings are kept: GitHub would reject the whole file otherwise.
  const kept = result.findings.length <= maxResults ? result.findings : [...result.findings].sort(bySeverity).slice(0, maxResults);
  const ruleIds = [...new Set(kept.map((finding) => finding.rule))].sort();
  const rules = ruleIds.map((id) => sarifRule(id, docs.get(id), kept.find((finding) => finding.rule === id)!));
  const index = new Map(ruleIds.map((id, i) => [id, i] as const));
  const omitted = result.findings.length - kept.length;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Backend Expert', version: toolVersion, informationUri: INFORMATION_URI, rules } },
        automationDetails: { id: `backend-expert/${result.head}` },
        ...(options.repositoryUri ? { versionControlProvenance: [{ repositoryUri: options.repositoryUri, revisionId: result.head }] } : {}),
        columnKind: 'utf16CodeUnits',
        results: kept.map((finding) => sarifResult(finding, index.get(finding.rule)!, result.headLines.get(finding.path))),
        properties: { base: result.base, head: result.head, conclusion: result.conclusion, ...(omitted > 0 ? { omittedResults: omitted } : {}) },
      },
    ],
  };
}

function sarifRule(id: string, doc: SarifRuleDoc | undefined, sample: Finding): object {
  const checklist = doc?.checklist ?? sample.checklist;
  const item = checklistItem(checklist);
  const severity = doc?.severity ?? sample.severity;
  // Rules without metadata: the agent's (`agent/<checklist id>`) and the edges' own (`config/invalid`).
  const byAgent = sample.source === 'agent';
  const description = doc?.description ?? (byAgent ? `${item.title} (agent review)` : item.title);
  const rationale = doc?.rationale ?? `Reported by ${byAgent ? 'the Backend Expert agent' : 'Backend Expert'} against the checklist item "${item.title}".`;
  const security = SECURITY_ITEMS.has(checklist);
  const languages = doc?.languages?.length ? `Languages: ${doc.languages.join(', ')}.` : undefined;
  const facts = [`Checklist item: ${checklist} — ${item.title}.`, `Default severity: ${severity}.`, ...(languages ? [languages] : [])];
  const markdownFacts = [`Checklist item: \`${checklist}\` — ${item.title}.`, `Default severity: ${severity}.`, ...(languages ? [languages] : [])];
  return {
    id,
    name: clip(pascalCase(id), SARIF_LIMITS.name),
    shortDescription: { text: clip(plain(description), SARIF_LIMITS.description) },
    fullDescription: { text: clip(plain(rationale), SARIF_LIMITS.description) },
    help: {
      text: [plain(description), plain(rationale), facts.join(' ')].join('\n\n'),
      markdown: [`**${description}**`, rationale, markdownFacts.map((fact) => `- ${fact}`).join('\n')].join('\n\n'),
    },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: [...new Set(['backend', checklist, item.section, ...(security ? ['security'] : [])])],
      checklist,
      precision: byAgent && !doc ? 'medium' : 'high',
      ...(security ? { 'security-severity': SECURITY_SEVERITY[severity] } : {}),
    },
  };
}

function sarifResult(finding: Finding, ruleIndex: number, lines: readonly string[] | undefined): object {
  const endLine = finding.endLine && finding.endLine > finding.line ? finding.endLine : finding.line;
  const endText = lines?.[endLine - 1];
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: `${finding.title}\n\n${finding.message}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathToUri(finding.path), uriBaseId: '%SRCROOT%' },
          region: { startLine: finding.line, startColumn: 1, endLine, ...(endText !== undefined ? { endColumn: endText.replace(/\r$/, '').length + 1 } : {}) },
        },
      },
    ],
    partialFingerprints: { 'backendExpert/v1': finding.fingerprint ?? `${finding.rule}:${finding.path}:${finding.line}` },
    properties: { checklist: finding.checklist, severity: finding.severity, source: finding.source },
  };
}

/** A repository path as a relative URI reference: each segment percent-encoded (spaces, `#`, `%`, `?`). */
export function pathToUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function bySeverity(a: Finding, b: Finding): number {
  return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
}

/** `injection/sql-string-built` → `InjectionSqlStringBuilt`. */
function pascalCase(id: string): string {
  return id.replace(/^[^A-Za-z0-9]*([A-Za-z0-9])?/, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''));
}

/** Plain text for the `text` fields: Markdown code spans lose their backticks. */
function plain(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, '$1');
}

function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
