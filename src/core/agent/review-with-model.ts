import type { Finding } from '../finding.js';
import type { AgentReviewInput, AgentReviewOutput, AgentSummary, AgentUsage } from './types.js';
import type { AgentBundle } from './build-review-request.js';
import type { ContentBlock, MessagesRequest, MessagesResponse, ModelTransport, UserBlock } from './messages-request.js';
import { estimateCallCostUsd, type CallTokens, type ModelOverrides } from './models.js';
import { prepareReviewCalls, type PreparedCall } from './prepare-review-calls.js';
import { SUBMIT_REVIEW_TOOL_NAME, validateSubmittedReview, type ValidatedOutput } from './review-output.js';
import type { TokenBudget } from './token-budget.js';

export interface ModelReviewOptions {
  agents: readonly AgentBundle[];
  transport: ModelTransport;
  modelOverrides?: ModelOverrides;
  budget?: TokenBudget;
  /** Key of the daily budget when the input names no installation (the CLI). */
  installation?: string;
  /** Calls in flight at once. Two keeps a large PR quick without tripping rate limits. */
  concurrency?: number;
  /** Notes for the summary from whoever assembled the agents (missing skills, broken files). */
  notes?: readonly string[];
}

interface CallOutcome {
  call: PreparedCall;
  findings: Finding[];
  summary?: AgentSummary;
  tokens: CallTokens[];
  error?: string;
  budgetStopped?: boolean;
  invalidDropped: number;
}

/**
 * Runs the agents over a change: prepares every call, sends them with bounded concurrency, validates
 * each answer (one retry with the validation errors, then what is still invalid is dropped), and
 * merges findings, summaries and usage. Model outages and budget exhaustion become a status, never
 * an exception: the review goes on from the deterministic analysis.
 */
export async function reviewWithModel(input: AgentReviewInput, options: ModelReviewOptions): Promise<AgentReviewOutput> {
  const notes = [...(options.notes ?? [])];
  if (options.agents.length === 0) {
    return { status: 'unavailable', message: notes.join('; ') || 'no agent to run', findings: [], usage: emptyUsage(), unreadFiles: [], ...(notes.length ? { notes } : {}) };
  }
  const installation = input.installation ?? options.installation ?? 'local';
  const limit = input.config.agent.daily_token_budget;
  if (options.budget) {
    const remaining = await options.budget.remaining(installation, limit);
    if (remaining !== null && remaining <= 0) {
      return { status: 'budget-exhausted', message: `the daily model budget of ${limit ?? 0} tokens for this installation is spent`, findings: [], usage: emptyUsage(), unreadFiles: [], ...(notes.length ? { notes } : {}) };
    }
  }
  const prepared = await prepareReviewCalls(input, options.agents, options.modelOverrides);
  if (prepared.calls.length === 0) {
    return { status: 'ok', message: 'no changed file for the agent to review', findings: [], usage: emptyUsage(), unreadFiles: [], ...(notes.length ? { notes } : {}) };
  }
  const model = [...new Set(prepared.calls.map((call) => call.model.id))].join(', ') || undefined;
  const outcomes = await runPool(prepared.calls, options.concurrency ?? 2, (call) => runCall(call, input, options, installation, limit));

  const succeeded = outcomes.filter((outcome) => !outcome.error && !outcome.budgetStopped);
  const failed = outcomes.filter((outcome) => outcome.error);
  const stopped = outcomes.filter((outcome) => outcome.budgetStopped);
  const unread = [...prepared.unread, ...stopped.flatMap((outcome) => outcome.call.files), ...failed.flatMap((outcome) => outcome.call.files)];
  const dropped = outcomes.reduce((sum, outcome) => sum + outcome.invalidDropped, 0);
  if (dropped > 0) notes.push(`${dropped} invalid agent finding(s) dropped after a retry`);
  if (stopped.length > 0) notes.push(`the daily model budget ran out: ${stopped.length} of ${outcomes.length} call(s) not made`);
  for (const outcome of failed) notes.push(`agent call on ${outcome.call.area || 'the change'} failed: ${outcome.error}`);

  const output: AgentReviewOutput = {
    status: 'ok',
    ...(model ? { model } : {}),
    findings: dedupeFindings(succeeded.flatMap((outcome) => outcome.findings)),
    usage: sumUsage(outcomes),
    unreadFiles: [...new Set(unread)],
    ...(notes.length ? { notes } : {}),
  };
  const summary = mergeSummaries(succeeded.map((outcome) => outcome.summary).filter((value): value is AgentSummary => value !== undefined));
  if (summary) output.summary = summary;
  const partly = [...new Set(succeeded.flatMap((outcome) => outcome.call.truncated))];
  if (partly.length) output.partlyReadFiles = partly;

  if (outcomes.length > 0 && succeeded.length === 0) {
    output.status = stopped.length === outcomes.length ? 'budget-exhausted' : 'unavailable';
    output.message = stopped.length === outcomes.length ? `the daily model budget of ${limit ?? 0} tokens for this installation is spent` : (failed[0]?.error ?? 'the model did not answer');
  } else if (failed.length > 0 || stopped.length > 0 || output.unreadFiles.length > 0) {
    output.status = 'partial';
    output.message = [
      failed.length ? `${failed.length} of ${outcomes.length} agent call(s) failed` : '',
      stopped.length ? 'the daily model budget ran out' : '',
      output.unreadFiles.length ? `${output.unreadFiles.length} file(s) left unread` : '',
    ]
      .filter(Boolean)
      .join('; ');
  }
  return output;
}

async function runCall(call: PreparedCall, input: AgentReviewInput, options: ModelReviewOptions, installation: string, limit: number | null): Promise<CallOutcome> {
  const outcome: CallOutcome = { call, findings: [], tokens: [], invalidDropped: 0 };
  const lineCounts = await readLineCounts(input, [...call.files, ...call.contextFiles]);
  const shown = { lineCount: (path: string) => lineCounts.get(path) };

  const send = async (request: MessagesRequest): Promise<MessagesResponse | 'budget'> => {
    if (options.budget) {
      const remaining = await options.budget.remaining(installation, limit);
      if (remaining !== null && remaining < call.estimatedInputTokens) return 'budget';
    }
    const response = await options.transport.send(request);
    const tokens = usageOf(response);
    outcome.tokens.push(tokens);
    await options.budget?.spend(installation, tokens.inputTokens + tokens.cachedInputTokens + tokens.cacheWriteTokens + tokens.outputTokens);
    return response;
  };

  let first: MessagesResponse | 'budget';
  try {
    first = await send(call.request);
  } catch (error) {
    return { ...outcome, error: (error as Error).message };
  }
  if (first === 'budget') return { ...outcome, budgetStopped: true };
  let result = interpret(first, shown);
  if (result.errors.length > 0) {
    try {
      const retry = await send(retryRequest(call.request, first, result.errors));
      if (retry !== 'budget') {
        const second = interpret(retry, shown);
        // The retry's answer replaces the first: it was asked for the complete corrected review.
        result = second.findings.length > 0 || second.summary || result.findings.length === 0 ? second : result;
      }
    } catch {
      // The retry failed: keep what was valid in the first answer.
    }
    outcome.invalidDropped = result.errors.filter((error) => error.startsWith('findings[')).length;
  }
  outcome.findings = result.findings;
  if (result.summary) outcome.summary = result.summary;
  return outcome;
}

function interpret(response: MessagesResponse, context: Parameters<typeof validateSubmittedReview>[1]): ValidatedOutput {
  const call = response.content.find((block): block is Extract<ContentBlock, { type: 'tool_use' }> => block.type === 'tool_use' && block.name === SUBMIT_REVIEW_TOOL_NAME);
  if (!call) {
    const why = response.stop_reason === 'max_tokens' ? ' (the answer hit the output limit; be more concise)' : '';
    return { findings: [], errors: [`no call to ${SUBMIT_REVIEW_TOOL_NAME}${why}`] };
  }
  const result = validateSubmittedReview(call.input, context);
  if (response.stop_reason === 'max_tokens') result.errors.push('the answer hit the output limit and may be incomplete; be more concise');
  return result;
}

/** The conversation continued with the validation errors, as a tool result when the model called the tool. */
function retryRequest(request: MessagesRequest, response: MessagesResponse, errors: readonly string[]): MessagesRequest {
  const message = `The review could not be accepted:\n${errors.map((error) => `- ${error}`).join('\n')}\nCall ${SUBMIT_REVIEW_TOOL_NAME} again with the complete, corrected review (all findings and the summary).`;
  const toolUses = response.content.filter((block): block is Extract<ContentBlock, { type: 'tool_use' }> => block.type === 'tool_use');
  const content: UserBlock[] = toolUses.length
    ? toolUses.map((block) => ({ type: 'tool_result', tool_use_id: block.id, is_error: true, content: block.name === SUBMIT_REVIEW_TOOL_NAME ? message : `Unknown tool ${block.name}. ${message}` }))
    : [{ type: 'text', text: message }];
  // Thinking blocks are passed back unchanged: they are tied to the conversation that produced them.
  return { ...request, messages: [...request.messages, { role: 'assistant', content: response.content }, { role: 'user', content }] };
}

async function readLineCounts(input: AgentReviewInput, paths: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const path of new Set(paths)) {
    const text = await input.headTree.read(path);
    if (text !== undefined) counts.set(path, text.split('\n').length);
  }
  return counts;
}

function usageOf(response: MessagesResponse): CallTokens {
  return {
    inputTokens: response.usage.input_tokens,
    cachedInputTokens: response.usage.cache_read_input_tokens ?? 0,
    cacheWriteTokens: response.usage.cache_creation_input_tokens ?? 0,
    outputTokens: response.usage.output_tokens,
  };
}

function emptyUsage(): AgentUsage {
  return { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, estimatedCostUsd: 0, calls: 0 };
}

function sumUsage(outcomes: readonly CallOutcome[]): AgentUsage {
  const usage = emptyUsage();
  for (const outcome of outcomes) {
    for (const tokens of outcome.tokens) {
      usage.inputTokens += tokens.inputTokens;
      usage.cachedInputTokens += tokens.cachedInputTokens;
      usage.cacheWriteTokens += tokens.cacheWriteTokens;
      usage.outputTokens += tokens.outputTokens;
      usage.estimatedCostUsd += estimateCallCostUsd(outcome.call.model.id, tokens);
      usage.calls++;
    }
  }
  usage.estimatedCostUsd = Math.round(usage.estimatedCostUsd * 1_000_000) / 1_000_000;
  return usage;
}

function dedupeFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.path}:${finding.line}:${finding.checklist}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const unique = (values: readonly string[], max: number) => [...new Set(values)].slice(0, max);

/** Several calls' summaries as one: texts joined, lists merged without repeats. */
function mergeSummaries(summaries: readonly AgentSummary[]): AgentSummary | undefined {
  if (summaries.length <= 1) return summaries[0];
  return {
    analysis: summaries.map((summary) => summary.analysis).filter(Boolean).join('\n\n'),
    considerations: unique(summaries.flatMap((summary) => summary.considerations), 12),
    options: summaries.flatMap((summary) => summary.options).slice(0, 4),
    recommendation: summaries.map((summary) => summary.recommendation).filter(Boolean).join('\n\n'),
    nextSteps: unique(summaries.flatMap((summary) => summary.nextSteps), 12),
    questions: unique(summaries.flatMap((summary) => summary.questions), 10),
  };
}

async function runPool<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}
