import { z } from 'zod';
import { CHECKLIST_IDS, type ChecklistId } from '../checklist.js';
import { SEVERITIES, type Finding, type Severity } from '../finding.js';
import type { AgentSummary } from './types.js';
import { sanitiseModelText, sanitiseModelTitle } from './sanitise-model-text.js';
import { redactSecrets } from '../redact.js';

/** The one tool the model is given: its whole answer is this call's input. */
export const SUBMIT_REVIEW_TOOL_NAME = 'submit_review';

const text = (description: string) => z.string().describe(description);
const list = (description: string) => z.array(z.string()).describe(description);

const suggestionSchema = z
  .object({
    replacement: z.string().describe('The exact new text of lines line..end_line at HEAD (whole lines, no diff markers).'),
    line: z.number().int().min(1).optional().describe('First line replaced; defaults to the finding\'s line.'),
    end_line: z.number().int().min(1).optional().describe('Last line replaced (inclusive); defaults to the finding\'s end_line or line.'),
  })
  .describe('Only for a small mechanical fix that can be applied as is.');

const findingSchema = z.object({
  path: text('File path exactly as shown in the prompt.'),
  line: z.number().int().min(1).describe('Line number at HEAD (the numbers shown beside the code).'),
  end_line: z.number().int().min(1).optional().describe('Last line of a multi-line range at HEAD (inclusive).'),
  checklist: z.enum(CHECKLIST_IDS as [ChecklistId, ...ChecklistId[]]).describe('The checklist item this finding belongs to.'),
  severity: z.enum(SEVERITIES).describe('critical: exploitable or data loss; high: breaks under normal use; medium: breaks under load or failure; low: maintainability; info: note.'),
  title: text('One line, at most 100 characters.'),
  body: text('Markdown: what fails, when, and the smallest fix. No links, no @mentions.'),
  suggestion: suggestionSchema.optional(),
});

const summarySchema = z
  .object({
    analysis: text('What the PR changes and the context that matters (Análisis del Problema).'),
    considerations: list('Key factors for this change (Consideraciones Clave).'),
    options: z
      .array(
        z.object({
          name: z.string(),
          description: z.string(),
          pros: z.array(z.string()),
          cons: z.array(z.string()),
          when: z.string().describe('When this option fits.'),
        }),
      )
      .describe('Only when a design decision is open: two or three options (Opciones). Empty otherwise.'),
    recommendation: text('Your recommendation for this PR, with the reason (Recomendación).'),
    next_steps: list('Concrete actions (Siguientes Pasos).'),
    questions: list('Clarifying questions for the author, if any (Preguntas de Clarificación).'),
  })
  .describe('The agent\'s response format, adapted to a pull request review.');

/** What the model must send. Validation is lenient per finding: one bad finding does not sink the rest. */
export const submitReviewSchema = z.object({
  findings: z.array(findingSchema).describe('Problems in the changed code, at most 20, most severe first. Empty when there are none.'),
  summary: summarySchema,
});

export type SubmittedFinding = z.infer<typeof findingSchema>;

/** The tool definition sent to the Messages API (input schema generated from the zod schema). */
export const SUBMIT_REVIEW_TOOL = {
  name: SUBMIT_REVIEW_TOOL_NAME,
  description:
    'Submit the complete review of this pull request: findings on the changed code and a summary in the agent\'s response format. Call it exactly once.',
  input_schema: toInputSchema(),
} as const;

function toInputSchema(): { type: 'object'; [key: string]: unknown } {
  const { $schema: _ignored, ...schema } = withoutSafeIntegerBounds(z.toJSONSchema(submitReviewSchema)) as Record<string, unknown>;
  return { ...schema, type: 'object' };
}

/** zod writes `maximum: 2^53 - 1` on every integer: noise in a prompt, removed. */
function withoutSafeIntegerBounds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSafeIntegerBounds);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, item]) => !(key === 'maximum' && item === Number.MAX_SAFE_INTEGER))
      .map(([key, item]) => [key, withoutSafeIntegerBounds(item)]),
  );
}

/** Where the model may point: the files it was shown and their lengths at HEAD. */
export interface OutputContext {
  /** Line count of a file at HEAD, or undefined when the file does not exist there. */
  lineCount(path: string): number | undefined;
}

export interface ValidatedOutput {
  findings: Finding[];
  summary?: AgentSummary;
  /** Problems found, worded for the model (sent back in the retry). */
  errors: string[];
}

/** Caps on what the model writes, so a runaway answer cannot flood a PR. */
export const OUTPUT_LIMITS = {
  findingsPerCall: 20,
  title: 140,
  body: 4000,
  summaryText: 3000,
  summaryItem: 600,
  summaryItems: 10,
  options: 3,
  suggestion: 4000,
} as const;

/**
 * Validates the `submit_review` input: each finding on its own (shape, checklist ID, a path and line
 * that exist at HEAD), then the summary. Valid findings become `Finding`s with sanitised text;
 * invalid ones are reported in `errors` and dropped.
 */
export function validateSubmittedReview(raw: unknown, context: OutputContext): ValidatedOutput {
  const errors: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { findings: [], errors: ['the input must be an object with `findings` and `summary`'] };
  }
  const record = raw as Record<string, unknown>;
  const findings: Finding[] = [];
  if (!Array.isArray(record.findings)) errors.push('`findings` must be an array (empty when there are none)');
  else {
    record.findings.slice(0, OUTPUT_LIMITS.findingsPerCall).forEach((item, index) => {
      const result = findingSchema.safeParse(item);
      if (!result.success) {
        errors.push(`findings[${index}]: ${describeIssues(result.error)}`);
        return;
      }
      const problem = locationProblem(result.data, context);
      if (problem) {
        errors.push(`findings[${index}]: ${problem}`);
        return;
      }
      findings.push(toFinding(result.data));
    });
  }
  let summary: AgentSummary | undefined;
  const summaryResult = summarySchema.safeParse(record.summary);
  if (summaryResult.success) summary = toSummary(summaryResult.data);
  else errors.push(`summary: ${describeIssues(summaryResult.error)}`);
  return { findings, ...(summary ? { summary } : {}), errors };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') + ': ' : ''}${issue.message}`)
    .join('; ');
}

function locationProblem(finding: SubmittedFinding, context: OutputContext): string | undefined {
  const lines = context.lineCount(finding.path);
  if (lines === undefined) return `path "${finding.path.slice(0, 200)}" is not a file of the pull request's head`;
  const last = finding.end_line ?? finding.line;
  if (finding.line > lines || last > lines) return `line ${last} is beyond the end of ${finding.path} (${lines} lines)`;
  if (last < finding.line) return `end_line ${last} is before line ${finding.line}`;
  return undefined;
}

function toFinding(submitted: SubmittedFinding): Finding {
  const endLine = submitted.end_line && submitted.end_line > submitted.line ? submitted.end_line : undefined;
  const finding: Finding = {
    rule: `agent/${submitted.checklist}`,
    checklist: submitted.checklist,
    severity: submitted.severity as Severity,
    path: submitted.path,
    line: submitted.line,
    ...(endLine ? { endLine } : {}),
    title: sanitiseModelTitle(submitted.title, OUTPUT_LIMITS.title),
    message: sanitiseModelText(submitted.body, OUTPUT_LIMITS.body),
    source: 'agent',
  };
  const suggestion = submitted.suggestion;
  // A replacement holding a fence could close the reporter's suggestion block and post free Markdown.
  if (suggestion && !suggestion.replacement.includes('```') && !suggestion.replacement.includes('~~~') && suggestion.replacement.length <= OUTPUT_LIMITS.suggestion) {
    const line = suggestion.line ?? submitted.line;
    const last = suggestion.end_line ?? submitted.end_line ?? line;
    if (last >= line) finding.suggestion = { line, endLine: last, replacement: redactSecrets(suggestion.replacement) };
  }
  return finding;
}

function toSummary(summary: z.infer<typeof summarySchema>): AgentSummary {
  const prose = (value: string) => sanitiseModelText(value, OUTPUT_LIMITS.summaryText);
  const items = (values: string[]) => values.slice(0, OUTPUT_LIMITS.summaryItems).map((value) => sanitiseModelText(value, OUTPUT_LIMITS.summaryItem));
  return {
    analysis: prose(summary.analysis),
    considerations: items(summary.considerations),
    options: summary.options.slice(0, OUTPUT_LIMITS.options).map((option) => ({
      name: sanitiseModelTitle(option.name, OUTPUT_LIMITS.title),
      description: sanitiseModelText(option.description, OUTPUT_LIMITS.summaryItem),
      pros: items(option.pros),
      cons: items(option.cons),
      when: sanitiseModelText(option.when, OUTPUT_LIMITS.summaryItem),
    })),
    recommendation: prose(summary.recommendation),
    nextSteps: items(summary.next_steps),
    questions: items(summary.questions),
  };
}
