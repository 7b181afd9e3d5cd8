import { renderServicesMarkdown } from '../services/render-services-markdown.js';
import { CHECKLIST, type ChecklistId } from '../checklist.js';
import { SEVERITIES, type Finding, type Severity } from '../finding.js';
import type { AgentReviewOutput, AgentSummary } from '../agent/types.js';
import type { ConfigProblem } from '../config/parse-config.js';
import type { Conclusion } from '../review/conclusion.js';
import type { ReviewResult } from '../review/run-review.js';
import type { ChecklistStatus } from '../rules/run-rules.js';
import { checklistTitle, severityBadge, type ReviewLanguage } from './review-comments.js';
import { listedRouteChanges } from '../routes/document-routes.js';

/**
 * The check run's output in Markdown: what changed, findings by severity and checklist item, the
 * checklist matrix, what was skipped and why, the agent's status. Pure, and always within GitHub's
 * limits, with an explicit notice when something had to be left out.
 */

/** GitHub refuses a check-run `summary` or `text` above 65,535 characters. */
export const MAX_SUMMARY_CHARS = 65_535;
/** GitHub refuses a check-run title above 255 characters. */
export const MAX_TITLE_CHARS = 255;

export interface CheckOutput {
  title: string;
  summary: string;
  text?: string;
}

/** How the findings reached the pull request, known once the review was posted. */
export interface DeliveryReport {
  /** Inline comments posted by this run. */
  inlinePosted: number;
  /** Findings listed in this run's review body. */
  listedInReview: number;
  /** Findings posted by an earlier run, not repeated. */
  alreadyPosted: number;
  /** Findings a person dismissed (resolved thread or 👎), not raised again. */
  dismissed: number;
  /** Threads resolved because their finding no longer exists. */
  threadsResolved: number;
  /** The earlier head an incremental review started from. */
  incrementalSince?: string;
  /** The PR head moved before posting: nothing was posted for this commit. */
  headMovedTo?: string;
  /** URL of the posted review. */
  reviewUrl?: string;
}

export interface SummaryOptions {
  language: ReviewLanguage;
  /** Defaults to GitHub's limit; tests use smaller values. */
  maxChars?: number;
  delivery?: DeliveryReport;
}

const TEXT = {
  en: {
    conclusion: { success: 'No findings', neutral: 'Findings below the failure threshold', failure: 'Findings at or above the failure threshold' },
    advisoryOnly: 'Passed: advisory findings only (the agent does not gate)',
    findings: (n: number) => `${n} finding${n === 1 ? '' : 's'}`,
    routesChanged: (n: number) => `${n} route${n === 1 ? '' : 's'} changed`,
    reviewed: (r: ReviewResult['stats']) =>
      `**Reviewed:** ${r.filesReviewed} of ${r.filesChanged} changed files (${r.linesReviewed} of ${r.linesAdded} added lines); ${r.treeFilesParsed} files of the tree parsed for context.`,
    delivery: (d: DeliveryReport) =>
      `**Posted:** ${d.inlinePosted} new inline comment${d.inlinePosted === 1 ? '' : 's'}, ${d.listedInReview} listed in the review body; ${d.alreadyPosted} already posted earlier; ${d.dismissed} dismissed by a person; ${d.threadsResolved} thread${d.threadsResolved === 1 ? '' : 's'} resolved as fixed.`,
    incremental: (sha: string) => `Incremental review: inline comments only on changes since \`${sha.slice(0, 7)}\`; this conclusion covers the whole pull request.`,
    headMoved: (sha: string) => `The pull request moved to \`${sha.slice(0, 7)}\` before posting: no comments were posted for this commit; the newer commit gets its own review.`,
    reviewLink: (url: string) => `[The review](${url})`,
    bySeverity: 'Findings by severity',
    severity: 'Severity',
    count: 'Count',
    byChecklist: 'Findings by checklist item',
    noFindings: 'No findings.',
    agentTag: 'agent',
    whatChanged: 'What changed',
    noRouteChanges: 'No route was added, removed or modified.',
    method: 'Method',
    path: 'Path',
    change: 'Change',
    file: 'File',
    unchangedRoutes: (n: number) => `${n} unchanged route${n === 1 ? '' : 's'} not listed.`,
    changeKind: { added: 'added', removed: 'removed', modified: 'modified', unchanged: 'unchanged' },
    matrix: 'Checklist matrix',
    legend: 'Legend: ✅ satisfied · ❌ finding · ➖ not applicable · ❔ not decidable by the rules (left to the agent)',
    route: 'Route',
    checklistItem: 'Checklist item',
    skipped: 'Skipped',
    reason: 'Reason',
    skipReason: {
      binary: 'binary file',
      lock: 'lock file',
      vendored: 'vendored code',
      generated: 'generated file',
      excluded: 'excluded by `paths` in the configuration',
      'no-changes': 'no added lines',
      deleted: 'deleted',
    } as Record<string, string>,
    treeSkipped: (n: number) => `${n} file${n === 1 ? '' : 's'} of the tree could not be parsed for context:`,
    agent: 'Agent',
    agentStatus: {
      ok: 'reviewed',
      partial: 'reviewed part of the change',
      unavailable: 'unavailable',
      offline: 'offline',
      'budget-exhausted': 'daily token budget spent',
      disabled: 'disabled',
    },
    usage: (a: AgentReviewOutput) =>
      `${a.usage.inputTokens} input tokens (${a.usage.cachedInputTokens} from cache, ${a.usage.cacheWriteTokens} written to cache), ${a.usage.outputTokens} output tokens, ${a.usage.calls} call${a.usage.calls === 1 ? '' : 's'}, about $${a.usage.estimatedCostUsd.toFixed(4)}`,
    unread: (n: number) => `${n} file${n === 1 ? '' : 's'} not read by the agent for lack of budget:`,
    notes: 'Notes',
    truncated: (parts: string[]) =>
      `> [!WARNING]\n> This summary was truncated to GitHub's limit of 65,535 characters: ${parts.join(', ')} not shown. The annotations and \`backend-expert review --format json\` list everything.`,
    omittedFindings: (n: number) => `${n} finding${n === 1 ? '' : 's'}`,
    omittedRoutes: (n: number) => `${n} route${n === 1 ? '' : 's'}`,
    omittedMatrix: (n: number) => `${n} checklist matrix row${n === 1 ? '' : 's'}`,
    omittedSkipped: (n: number) => `${n} skipped file${n === 1 ? '' : 's'}`,
    omittedNotes: (n: number) => `${n} note${n === 1 ? '' : 's'}`,
    agentAnalysis: 'Analysis',
    agentConsiderations: 'Considerations',
    agentOptions: 'Options',
    agentRecommendation: 'Recommendation',
    agentNextSteps: 'Next steps',
    agentQuestions: 'Questions',
    pros: 'Pros',
    cons: 'Cons',
    when: 'When',
  },
  es: {
    conclusion: { success: 'Sin hallazgos', neutral: 'Hallazgos por debajo del umbral de fallo', failure: 'Hallazgos en o por encima del umbral de fallo' },
    advisoryOnly: 'Aprobado: solo hallazgos orientativos (el agente no bloquea)',
    findings: (n: number) => `${n} hallazgo${n === 1 ? '' : 's'}`,
    routesChanged: (n: number) => `${n} ruta${n === 1 ? '' : 's'} cambiada${n === 1 ? '' : 's'}`,
    reviewed: (r: ReviewResult['stats']) =>
      `**Revisado:** ${r.filesReviewed} de ${r.filesChanged} archivos cambiados (${r.linesReviewed} de ${r.linesAdded} líneas añadidas); ${r.treeFilesParsed} archivos del árbol analizados como contexto.`,
    delivery: (d: DeliveryReport) =>
      `**Publicado:** ${d.inlinePosted} comentario${d.inlinePosted === 1 ? '' : 's'} en línea nuevo${d.inlinePosted === 1 ? '' : 's'}, ${d.listedInReview} en el cuerpo de la revisión; ${d.alreadyPosted} ya publicado${d.alreadyPosted === 1 ? '' : 's'} antes; ${d.dismissed} descartado${d.dismissed === 1 ? '' : 's'} por una persona; ${d.threadsResolved} hilo${d.threadsResolved === 1 ? '' : 's'} resuelto${d.threadsResolved === 1 ? '' : 's'} por corrección.`,
    incremental: (sha: string) => `Revisión incremental: comentarios en línea solo sobre los cambios desde \`${sha.slice(0, 7)}\`; esta conclusión cubre todo el pull request.`,
    headMoved: (sha: string) => `El pull request avanzó a \`${sha.slice(0, 7)}\` antes de publicar: no se publicaron comentarios para este commit; el commit nuevo tendrá su propia revisión.`,
    reviewLink: (url: string) => `[La revisión](${url})`,
    bySeverity: 'Hallazgos por severidad',
    severity: 'Severidad',
    count: 'Cantidad',
    byChecklist: 'Hallazgos por ítem del checklist',
    noFindings: 'Sin hallazgos.',
    agentTag: 'agente',
    whatChanged: 'Qué cambió',
    noRouteChanges: 'Ninguna ruta fue añadida, eliminada ni modificada.',
    method: 'Método',
    path: 'Ruta',
    change: 'Cambio',
    file: 'Archivo',
    unchangedRoutes: (n: number) => `${n} ruta${n === 1 ? '' : 's'} sin cambios no listada${n === 1 ? '' : 's'}.`,
    changeKind: { added: 'añadida', removed: 'eliminada', modified: 'modificada', unchanged: 'sin cambios' },
    matrix: 'Matriz del checklist',
    legend: 'Leyenda: ✅ cumplido · ❌ hallazgo · ➖ no aplica · ❔ no decidible por las reglas (queda para el agente)',
    route: 'Ruta',
    checklistItem: 'Ítem del checklist',
    skipped: 'Omitido',
    reason: 'Motivo',
    skipReason: {
      binary: 'archivo binario',
      lock: 'archivo de lock',
      vendored: 'código de terceros',
      generated: 'archivo generado',
      excluded: 'excluido por `paths` en la configuración',
      'no-changes': 'sin líneas añadidas',
      deleted: 'eliminado',
    } as Record<string, string>,
    treeSkipped: (n: number) => `${n} archivo${n === 1 ? '' : 's'} del árbol no se pudo${n === 1 ? '' : 'ieron'} analizar como contexto:`,
    agent: 'Agente',
    agentStatus: {
      ok: 'revisó',
      partial: 'revisó parte del cambio',
      unavailable: 'no disponible',
      offline: 'sin conexión al modelo',
      'budget-exhausted': 'presupuesto diario de tokens agotado',
      disabled: 'desactivado',
    },
    usage: (a: AgentReviewOutput) =>
      `${a.usage.inputTokens} tokens de entrada (${a.usage.cachedInputTokens} de caché, ${a.usage.cacheWriteTokens} escritos en caché), ${a.usage.outputTokens} tokens de salida, ${a.usage.calls} llamada${a.usage.calls === 1 ? '' : 's'}, unos $${a.usage.estimatedCostUsd.toFixed(4)}`,
    unread: (n: number) => `${n} archivo${n === 1 ? '' : 's'} sin leer por el agente por falta de presupuesto:`,
    notes: 'Notas',
    truncated: (parts: string[]) =>
      `> [!WARNING]\n> Este resumen se recortó al límite de GitHub de 65.535 caracteres: no se muestran ${parts.join(', ')}. Las anotaciones y \`backend-expert review --format json\` lo listan todo.`,
    omittedFindings: (n: number) => `${n} hallazgo${n === 1 ? '' : 's'}`,
    omittedRoutes: (n: number) => `${n} ruta${n === 1 ? '' : 's'}`,
    omittedMatrix: (n: number) => `${n} fila${n === 1 ? '' : 's'} de la matriz del checklist`,
    omittedSkipped: (n: number) => `${n} archivo${n === 1 ? '' : 's'} omitido${n === 1 ? '' : 's'}`,
    omittedNotes: (n: number) => `${n} nota${n === 1 ? '' : 's'}`,
    agentAnalysis: 'Análisis',
    agentConsiderations: 'Consideraciones',
    agentOptions: 'Opciones',
    agentRecommendation: 'Recomendación',
    agentNextSteps: 'Próximos pasos',
    agentQuestions: 'Preguntas',
    pros: 'Pros',
    cons: 'Contras',
    when: 'Cuándo',
  },
} as const;

type Text = (typeof TEXT)[ReviewLanguage];

const CONCLUSION_ICON: Record<Conclusion, string> = { success: '✅', neutral: '⚪', failure: '❌' };
const STATUS_ICON: Record<ChecklistStatus, string> = { satisfied: '✅', finding: '❌', 'not-applicable': '➖', undecidable: '❔' };
/** Room kept for the truncation notice and the closing sections when budgeting the lists. */
const NOTICE_RESERVE = 600;
/** One note is a sentence or two; anything longer is cut. */
const MAX_NOTE_CHARS = 1000;

/** The check-run title: the count of findings by severity and of changed routes, at most 255 characters. */
export function renderCheckTitle(result: Pick<ReviewResult, 'findings' | 'routeChanges' | 'conclusion'>, language: ReviewLanguage): string {
  const text = TEXT[language];
  const counts = countBySeverity(result.findings);
  const parts = SEVERITIES.filter((severity) => counts[severity] > 0).map((severity) => `${counts[severity]} ${severity}`);
  const findings = result.findings.length === 0 ? text.conclusion.success : `${text.findings(result.findings.length)} (${parts.join(', ')})`;
  const changed = listedRouteChanges(result.routeChanges).filter((change) => change.kind !== 'unchanged').length;
  return clip(changed > 0 ? `${findings} · ${text.routesChanged(changed)}` : findings, MAX_TITLE_CHARS);
}

/** The full check-run output of a finished review. */
export function renderCheckSummary(result: ReviewResult, options: SummaryOptions): CheckOutput {
  const text = TEXT[options.language];
  const maxChars = options.maxChars ?? MAX_SUMMARY_CHARS;
  const head = [headerSection(result, options, text), severitySection(result.findings, options.language, text)].join('\n\n');
  const agent = agentSection(result.agent, text);
  // Services touched, new and removed dependencies: short by construction (rows capped).
  const services = result.services ? renderServicesMarkdown(result.services, { language: options.language, maxRows: 20 }) : '';
  const budget = maxChars - head.length - agent.length - services.length - NOTICE_RESERVE;
  const omitted: string[] = [];
  const sections = [
    { section: checklistFindingsSection(result.findings, options.language, text), omitted: text.omittedFindings },
    { section: routesSection(result, text), omitted: text.omittedRoutes },
    { section: matrixSection(result, text), omitted: text.omittedMatrix },
    { section: skippedSection(result, text), omitted: text.omittedSkipped },
    { section: notesSection(result.notes, text), omitted: text.omittedNotes },
  ];
  const allowances = shareBudget(sections.map((entry) => (entry.section ? renderSection(entry.section, entry.section.rows).length + 2 : 0)), budget);
  const [findings, routes, matrix, skipped, notes] = sections.map((entry, index) => {
    if (!entry.section) return '';
    const fitted = fitSection(entry.section, allowances[index]! - 2);
    if (fitted.omittedRows > 0) omitted.push(entry.omitted(fitted.omittedRows));
    return fitted.text;
  });
  const notice = omitted.length > 0 ? text.truncated(omitted) : '';
  const body = [head, findings, routes, services, matrix, skipped, agent, notes].filter(Boolean).join('\n\n');
  const summary = notice ? `${clip(body, maxChars - notice.length - 2)}\n\n${notice}` : clip(body, maxChars);
  const agentText = renderAgentText(result.agent.summary, text, maxChars);
  return { title: renderCheckTitle(result, options.language), summary, ...(agentText ? { text: agentText } : {}) };
}

/** A section whose rows can be left out one by one from the end (items of a list, rows of a table). */
interface Section {
  /** Heading and table header: kept whole or not at all. */
  lead: string;
  /** Rows; `counts` marks the ones that are items (a finding, a route), not group headings. */
  rows: Row[];
  /** Lines after the rows (e.g. "N unchanged routes not listed"). */
  trail?: string;
}

interface Row {
  text: string;
  counts: boolean;
}

const item = (text: string): Row => ({ text, counts: true });
const filler = (text: string): Row => ({ text, counts: false });

function renderSection(section: Section, rows: readonly Row[]): string {
  return [section.lead, ...rows.map((row) => row.text), ...(section.trail ? ['', section.trail] : [])].join('\n');
}

/** The section within `budget` characters, dropping rows from the end; nothing when no item fits. */
function fitSection(section: Section, budget: number): { text: string; omittedRows: number } {
  const total = section.rows.filter((row) => row.counts).length;
  const full = renderSection(section, section.rows);
  if (full.length <= budget) return { text: full, omittedRows: 0 };
  let size = renderSection(section, []).length;
  const kept: Row[] = [];
  for (const row of section.rows) {
    if (size + row.text.length + 1 > budget) break;
    kept.push(row);
    size += row.text.length + 1;
  }
  const shown = kept.filter((row) => row.counts).length;
  if (shown === 0) return { text: '', omittedRows: total };
  return { text: renderSection(section, kept), omittedRows: total - shown };
}

/**
 * Splits the budget so that no section starves the others: small sections get all they need, and what
 * is left is shared equally among the large ones.
 */
function shareBudget(sizes: readonly number[], budget: number): number[] {
  const allowances = sizes.map(() => 0);
  let left = Math.max(0, budget);
  const order = sizes.map((size, index) => ({ size, index })).sort((a, b) => a.size - b.size);
  order.forEach(({ size, index }, position) => {
    const share = Math.floor(left / (order.length - position));
    allowances[index] = Math.min(size, share);
    left -= allowances[index]!;
  });
  return allowances;
}

function headerSection(result: ReviewResult, options: SummaryOptions, text: Text): string {
  const heading = result.conclusion === 'success' && result.findings.length > 0 ? text.advisoryOnly : text.conclusion[result.conclusion];
  const lines = [`## ${CONCLUSION_ICON[result.conclusion]} ${heading}`, '', text.reviewed(result.stats)];
  const delivery = options.delivery;
  if (delivery) {
    lines.push('', text.delivery(delivery) + (delivery.reviewUrl ? ` ${text.reviewLink(delivery.reviewUrl)}.` : ''));
    if (delivery.incrementalSince) lines.push('', text.incremental(delivery.incrementalSince));
    if (delivery.headMovedTo) lines.push('', text.headMoved(delivery.headMovedTo));
  }
  return lines.join('\n');
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

function severitySection(findings: readonly Finding[], language: ReviewLanguage, text: Text): string {
  if (findings.length === 0) return `### ${text.bySeverity}\n\n${text.noFindings}`;
  const counts = countBySeverity(findings);
  const rows = SEVERITIES.filter((severity) => counts[severity] > 0).map((severity) => `| ${severityBadge(severity, language)} | ${counts[severity]} |`);
  return [`### ${text.bySeverity}`, '', `| ${text.severity} | ${text.count} |`, '| --- | ---: |', ...rows].join('\n');
}

function checklistFindingsSection(findings: readonly Finding[], language: ReviewLanguage, text: Text): Section | undefined {
  if (findings.length === 0) return undefined;
  const rows: Row[] = [];
  for (const entry of CHECKLIST) {
    const group = findings.filter((finding) => finding.checklist === entry.id);
    if (group.length === 0) continue;
    rows.push(filler(''), filler(`**${checklistTitle({ checklist: entry.id }, language)}** (\`${entry.id}\`)`));
    for (const finding of group) {
      const tag = finding.source === 'agent' ? ` · ${text.agentTag}` : '';
      rows.push(item(`- ${severityBadge(finding.severity, language)} \`${finding.path}:${finding.line}\` — ${cell(finding.title)} (\`${finding.rule}\`${tag})`));
    }
  }
  return { lead: `### ${text.byChecklist}`, rows };
}

function routesSection(result: ReviewResult, text: Text): Section {
  const listed = listedRouteChanges(result.routeChanges);
  const changed = listed.filter((change) => change.kind !== 'unchanged');
  const unchanged = listed.length - changed.length;
  const trail = unchanged > 0 ? text.unchangedRoutes(unchanged) : undefined;
  if (changed.length === 0) return { lead: `### ${text.whatChanged}\n\n${text.noRouteChanges}`, rows: [], ...(trail ? { trail } : {}) };
  return {
    lead: [`### ${text.whatChanged}`, '', `| ${text.method} | ${text.path} | ${text.change} | ${text.file} |`, '| --- | --- | --- | --- |'].join('\n'),
    rows: changed.map((change) =>
      item(`| \`${change.route.method}\` | \`${cell(change.route.path)}\` | ${text.changeKind[change.kind]} | \`${cell(change.route.file)}:${change.route.line}\` |`),
    ),
    ...(trail ? { trail } : {}),
  };
}

/** Up to this many routes, routes are columns and checklist items rows (23 narrow rows read better than 23 columns). */
const MATRIX_ROUTE_COLUMNS = 4;

function matrixSection(result: ReviewResult, text: Text): Section | undefined {
  const matrix = result.checklistMatrix;
  if (matrix.length === 0) return undefined;
  const used = new Set<ChecklistId>(matrix.flatMap((row) => row.items.map((entry) => entry.checklist)));
  const items = CHECKLIST.filter((entry) => used.has(entry.id)).map((entry) => entry.id);
  const statusOf = matrix.map((row) => new Map(row.items.map((entry) => [entry.checklist, entry.status] as const)));
  const icon = (routeIndex: number, id: ChecklistId) => {
    const value = statusOf[routeIndex]!.get(id);
    return value ? STATUS_ICON[value] : '';
  };
  const lead = (header: string[]) => [`### ${text.matrix}`, '', text.legend, '', `| ${header.join(' | ')} |`, `| --- |${' :---: |'.repeat(header.length - 1)}`].join('\n');
  if (matrix.length <= MATRIX_ROUTE_COLUMNS) {
    return {
      lead: lead([text.checklistItem, ...matrix.map((row) => `\`${cell(row.route)}\``)]),
      rows: items.map((id) => item(`| \`${id}\` | ${matrix.map((_, index) => icon(index, id)).join(' | ')} |`)),
    };
  }
  return {
    lead: lead([text.route, ...items.map((id) => `\`${id}\``)]),
    rows: matrix.map((row, index) => item(`| \`${cell(row.route)}\` | ${items.map((id) => icon(index, id)).join(' | ')} |`)),
  };
}

function skippedSection(result: ReviewResult, text: Text): Section | undefined {
  if (result.skippedChanges.length === 0 && result.skippedTreeFiles.length === 0) return undefined;
  const rows = result.skippedChanges.map((skip) => item(`| \`${cell(skip.path)}\` | ${cell(text.skipReason[skip.reason] ?? skip.reason)} |`));
  const treeRows = result.skippedTreeFiles.map((skip) => item(`- \`${cell(skip.path)}\`: ${cell(skip.reason)}`));
  const lead = rows.length > 0 ? [`### ${text.skipped}`, '', `| ${text.file} | ${text.reason} |`, '| --- | --- |'].join('\n') : `### ${text.skipped}`;
  // Changed files first: they are what the reader asks about; tree files are context.
  return {
    lead,
    rows: [...rows, ...(treeRows.length > 0 ? [filler(''), filler(text.treeSkipped(treeRows.length)), filler(''), ...treeRows] : [])],
  };
}

function agentSection(agent: AgentReviewOutput, text: Text): string {
  const status = text.agentStatus[agent.status];
  const lines = [`### ${text.agent}`, '', `**${status}**${agent.model ? ` · \`${agent.model}\`` : ''}${agent.message ? ` — ${cell(agent.message)}` : ''}`];
  if (agent.usage.calls > 0) lines.push('', text.usage(agent));
  if (agent.unreadFiles.length > 0) {
    const shown = agent.unreadFiles.slice(0, 20).map((path) => `\`${path}\``);
    lines.push('', `${text.unread(agent.unreadFiles.length)} ${shown.join(', ')}${agent.unreadFiles.length > 20 ? ', …' : ''}`);
  }
  return lines.join('\n');
}

function notesSection(notes: readonly string[], text: Text): Section | undefined {
  if (notes.length === 0) return undefined;
  return { lead: `### ${text.notes}\n`, rows: notes.map((note) => item(`- ${cell(clip(note, MAX_NOTE_CHARS))}`)) };
}

/** The agent's own write-up, shown as the check run's `text` under the summary. */
function renderAgentText(summary: AgentSummary | undefined, text: Text, maxChars: number): string | undefined {
  if (!summary) return undefined;
  const lines: string[] = [];
  const list = (title: string, items: readonly string[]) => {
    if (items.length > 0) lines.push(`### ${title}`, '', ...items.map((item) => `- ${item}`), '');
  };
  if (summary.analysis) lines.push(`### ${text.agentAnalysis}`, '', summary.analysis, '');
  list(text.agentConsiderations, summary.considerations);
  if (summary.options.length > 0) {
    lines.push(`### ${text.agentOptions}`, '');
    for (const option of summary.options) {
      lines.push(`**${option.name}** — ${option.description}`, '');
      if (option.pros.length > 0) lines.push(`${text.pros}: ${option.pros.join('; ')}`, '');
      if (option.cons.length > 0) lines.push(`${text.cons}: ${option.cons.join('; ')}`, '');
      if (option.when) lines.push(`${text.when}: ${option.when}`, '');
    }
  }
  if (summary.recommendation) lines.push(`### ${text.agentRecommendation}`, '', summary.recommendation, '');
  list(text.agentNextSteps, summary.nextSteps);
  list(text.agentQuestions, summary.questions);
  const rendered = lines.join('\n').trim();
  return rendered ? clip(rendered, maxChars) : undefined;
}

const STATUS_TEXT = {
  en: {
    progress: 'Review in progress',
    step: (step: string) => `Current step: ${step}.`,
    skipped: 'Review skipped',
    draft: 'This pull request is a draft: automatic reviews skip drafts (`skip_drafts` in the configuration). Mark it ready for review, or comment the review command, to review it.',
    paused: (prefix: string) => `Automatic reviews are paused on this pull request. Comment \`${prefix} resume\` to restart them, or \`${prefix} review\` for one review now.`,
    superseded: (sha: string) => `A newer commit (\`${sha.slice(0, 7)}\`) is now the head of the pull request; it gets its own review.`,
    error: 'Review failed',
    errorBody: (name: string, message: string) =>
      `The review could not finish: **${name}** — ${message}\n\nNothing was concluded about the code. Re-run the check, or comment the review command, to try again.`,
    configTitle: 'Invalid configuration',
    configBody: (file: string) => `The configuration \`${file}\` (read from the default branch) is invalid, so the pull request was not reviewed:`,
    configFix: 'Fix the file on the default branch, then re-run this check.',
  },
  es: {
    progress: 'Revisión en curso',
    step: (step: string) => `Paso actual: ${step}.`,
    skipped: 'Revisión omitida',
    draft: 'Este pull request es un borrador: las revisiones automáticas omiten borradores (`skip_drafts` en la configuración). Márcalo listo para revisión, o comenta el comando de revisión, para revisarlo.',
    paused: (prefix: string) => `Las revisiones automáticas están en pausa en este pull request. Comenta \`${prefix} resume\` para reanudarlas, o \`${prefix} review\` para una revisión ahora.`,
    superseded: (sha: string) => `Un commit más nuevo (\`${sha.slice(0, 7)}\`) es ahora la cabeza del pull request; tendrá su propia revisión.`,
    error: 'La revisión falló',
    errorBody: (name: string, message: string) =>
      `La revisión no pudo terminar: **${name}** — ${message}\n\nNo se concluyó nada sobre el código. Vuelve a ejecutar el check, o comenta el comando de revisión, para reintentarlo.`,
    configTitle: 'Configuración inválida',
    configBody: (file: string) => `La configuración \`${file}\` (leída de la rama por defecto) es inválida, así que el pull request no se revisó:`,
    configFix: 'Corrige el archivo en la rama por defecto y vuelve a ejecutar este check.',
  },
} as const;

/** The output while a long review runs. */
export function renderProgressOutput(step: string, language: ReviewLanguage): CheckOutput {
  const text = STATUS_TEXT[language];
  return { title: text.progress, summary: text.step(step) };
}

export type SkipCause = { kind: 'draft' } | { kind: 'paused'; prefix: string } | { kind: 'superseded'; newHead: string };

/** The output of a check run completed as skipped, saying why. */
export function renderSkippedOutput(cause: SkipCause, language: ReviewLanguage): CheckOutput {
  const text = STATUS_TEXT[language];
  const summary = cause.kind === 'draft' ? text.draft : cause.kind === 'paused' ? text.paused(cause.prefix) : text.superseded(cause.newHead);
  return { title: text.skipped, summary };
}

/** The output of a review that broke: it names the error and never looks like a pass. */
export function renderErrorOutput(error: { name: string; message: string }, language: ReviewLanguage): CheckOutput {
  const text = STATUS_TEXT[language];
  return { title: clip(`${text.error}: ${error.name}`, MAX_TITLE_CHARS), summary: clip(text.errorBody(error.name, cell(error.message)), MAX_SUMMARY_CHARS) };
}

/** The output for an invalid configuration: the file, each key and its problem. */
export function renderConfigErrorOutput(file: string, problems: readonly ConfigProblem[], language: ReviewLanguage): CheckOutput {
  const text = STATUS_TEXT[language];
  const rows = problems.map((problem) => `- \`${problem.key || '(file)'}\`: ${cell(problem.message)}${problem.line ? ` (line ${problem.line})` : ''}`);
  return {
    title: clip(`${text.configTitle}: ${file}`, MAX_TITLE_CHARS),
    summary: clip([text.configBody(file), '', ...rows, '', text.configFix].join('\n'), MAX_SUMMARY_CHARS),
  };
}

/** Keeps table cells on one line and pipes from splitting them. */
function cell(value: string): string {
  return value.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
