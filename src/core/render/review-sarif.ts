import { checklistItem, type ChecklistId } from '../checklist.js';
import type { Finding, Severity } from '../finding.js';
import type { ReviewResult } from '../review/run-review.js';

/** What SARIF needs to describe a rule. */
export interface SarifRuleDoc {
  id: string;
  checklist: ChecklistId;
  description: string;
  rationale: string;
  severity: Severity;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub code scanning reads `security-severity` (0–10) to rank security alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

/** SARIF 2.1.0 for GitHub code scanning: rules with their checklist item, results with stable fingerprints. */
export function renderReviewSarif(result: ReviewResult, ruleDocs: readonly SarifRuleDoc[], toolVersion: string): object {
  const docs = new Map(ruleDocs.map((doc) => [doc.id, doc] as const));
  const ruleIds = [...new Set(result.findings.map((finding) => finding.rule))].sort();
  const rules = ruleIds.map((id) => sarifRule(id, docs.get(id), result.findings.find((finding) => finding.rule === id)!));
  const index = new Map(ruleIds.map((id, i) => [id, i] as const));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Backend Expert', version: toolVersion, informationUri: 'https://github.com/backend-expert/backend-expert', rules } },
        automationDetails: { id: `backend-expert/${result.head}` },
        versionControlProvenance: [{ repositoryUri: 'https://github.com/backend-expert/backend-expert', revisionId: result.head }],
        results: result.findings.map((finding) => sarifResult(finding, index.get(finding.rule)!)),
      },
    ],
  };
}

function sarifRule(id: string, doc: SarifRuleDoc | undefined, sample: Finding): object {
  const checklist = doc?.checklist ?? sample.checklist;
  const item = checklistItem(checklist);
  const description = doc?.description ?? `${item.title} (agent review)`;
  return {
    id,
    name: id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
    shortDescription: { text: description },
    fullDescription: { text: doc?.rationale ?? description },
    help: { text: `${description}\n\nChecklist item: ${checklist} — ${item.title}.`, markdown: `**${description}**\n\n${doc?.rationale ?? ''}\n\nChecklist item: \`${checklist}\` — ${item.title}.` },
    defaultConfiguration: { level: LEVEL[doc?.severity ?? sample.severity] },
    properties: { tags: ['backend', checklist, item.section], checklist, 'security-severity': SECURITY_SEVERITY[doc?.severity ?? sample.severity] },
  };
}

function sarifResult(finding: Finding, ruleIndex: number): object {
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: `${finding.title}\n\n${finding.message}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: finding.path, uriBaseId: '%SRCROOT%' },
          region: { startLine: finding.line, ...(finding.endLine && finding.endLine > finding.line ? { endLine: finding.endLine } : {}) },
        },
      },
    ],
    partialFingerprints: { 'backendExpert/v1': finding.fingerprint ?? `${finding.rule}:${finding.path}:${finding.line}` },
    properties: { checklist: finding.checklist, severity: finding.severity, source: finding.source },
  };
}
