import type { DiffFile } from '../diff/parse-unified-diff.js';
import type { AgentReviewInput } from './types.js';
import { buildReviewRequest, buildSystemBlocks, buildUserContent, type AgentBundle, type CallPrompt } from './build-review-request.js';
import { estimateTokens } from './estimate-tokens.js';
import type { MessagesRequest } from './messages-request.js';
import { resolveModel, type ModelOverrides, type ResolvedModel } from './models.js';
import { planReviewCalls, type ReviewPlan } from './plan-review-calls.js';
import { renderHunks, type RenderedHunks } from './render-hunks.js';
import { SUBMIT_REVIEW_TOOL } from './review-output.js';
import { selectContext } from './select-context.js';

/** One model call, ready to send. */
export interface PreparedCall {
  agent: string;
  model: ResolvedModel;
  request: MessagesRequest;
  area: string;
  /** Changed files this call reviews. */
  files: string[];
  /** Files shown as surrounding code. */
  contextFiles: string[];
  /** Estimated input tokens of the whole request (system + tool + user). */
  estimatedInputTokens: number;
  /** Files whose hunks were cut to fit. */
  truncated: string[];
}

export interface PreparedReview {
  calls: PreparedCall[];
  unread: string[];
  ignored: ReviewPlan['ignored'];
}

/** Share of a call's free budget given to hunks when packing files; the rest goes to surrounding code. */
const HUNK_SHARE = 0.6;
/** Tokens kept free in every call for the estimate's error. */
const MARGIN_TOKENS = 500;
const MIN_HUNK_BUDGET = 1_000;

/**
 * Plans and builds every request of a review, without sending anything: per agent, the calls by area
 * (most relevant files first, at most `agent.max_calls` in all), each with its hunks, the surrounding
 * code chosen under `agent.max_input_tokens`, and the rest of the user message.
 */
export async function prepareReviewCalls(input: AgentReviewInput, agents: readonly AgentBundle[], overrides: ModelOverrides = {}): Promise<PreparedReview> {
  const config = input.config;
  const headText = await readChangedFiles(input);
  const rendered = renderHunks(input.diffText, input.diff.filter((file) => file.status !== 'deleted'), headText);
  const hunkTokens = (file: DiffFile) => estimateTokens(rendered.get(file.path)?.hunks.join('\n') ?? '') + 20;
  const maxCallsPerAgent = Math.max(1, Math.floor(config.agent.max_calls / Math.max(1, agents.length)));
  const prepared: PreparedReview = { calls: [], unread: [], ignored: [] };

  for (const agent of agents) {
    const model = resolveModel(config.agent.model || undefined, agent.definition.model, overrides);
    const system = buildSystemBlocks(agent);
    const fixedTokens = estimateTokens(system.map((block) => block.text).join('')) + estimateTokens(JSON.stringify(SUBMIT_REVIEW_TOOL)) + MARGIN_TOKENS;
    const skeleton = promptFor(input, { files: [], area: '', callIndex: 0, callCount: 1, hunks: new Map(), truncated: [], contextBlocks: [], elsewhere: [], ignored: [], unread: [] });
    const free = config.agent.max_input_tokens - fixedTokens - estimateTokens(buildUserContent(skeleton));
    const hunkBudget = Math.max(MIN_HUNK_BUDGET, Math.floor(free * HUNK_SHARE));
    const plan = planReviewCalls(input, { hunkBudget, maxCalls: maxCallsPerAgent, hunkTokens });
    prepared.unread = [...new Set([...prepared.unread, ...plan.unread])];
    prepared.ignored = plan.ignored;

    for (const [index, call] of plan.calls.entries()) {
      const { hunks, truncated } = fitHunks(call.files, rendered, hunkBudget);
      const elsewhere = plan.calls.filter((_, other) => other !== index).flatMap((other) => other.files.map((file) => file.path));
      const base = promptFor(input, { files: call.files, area: call.area, callIndex: index, callCount: plan.calls.length, hunks, truncated, contextBlocks: [], elsewhere, ignored: plan.ignored, unread: plan.unread });
      const used = fixedTokens + estimateTokens(buildUserContent(base));
      const shownLines = new Map(
        call.files.map((file) => [file.path, truncated.includes(file.path) ? linesIn(hunks.get(file.path) ?? []) : (rendered.get(file.path)?.shownLines ?? new Set<number>())] as const),
      );
      const context = await selectContext({ files: call.files, routeChanges: input.routeChanges, headTree: input.headTree, shownLines, budgetTokens: Math.max(0, config.agent.max_input_tokens - used) });
      const user = buildUserContent({ ...base, contextBlocks: context.blocks });
      const request = buildReviewRequest(model.id, system, user, model.info.forcedToolChoice);
      prepared.calls.push({
        agent: agent.definition.name,
        model,
        request,
        area: call.area,
        files: call.files.map((file) => file.path),
        contextFiles: [...new Set(context.chosen.map((candidate) => candidate.path))],
        estimatedInputTokens: fixedTokens - MARGIN_TOKENS + estimateTokens(user),
        truncated,
      });
    }
  }
  return prepared;
}

function promptFor(input: AgentReviewInput, call: Omit<CallPrompt, 'pr' | 'language' | 'routeChanges' | 'staticFindings'>): CallPrompt {
  return { pr: input.pr, language: input.config.review_language, routeChanges: input.routeChanges, staticFindings: input.staticFindings, ...call };
}

async function readChangedFiles(input: AgentReviewInput): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const file of input.diff) {
    if (file.status === 'deleted' || file.binary) continue;
    const text = await input.headTree.read(file.path);
    if (text !== undefined) texts.set(file.path, text);
  }
  return texts;
}

/** HEAD lines printed in rendered hunks (`  41+ code`, `  40  code`). */
function linesIn(hunks: readonly string[]): Set<number> {
  const lines = new Set<number>();
  for (const hunk of hunks) {
    for (const line of hunk.split('\n')) {
      const match = /^\s*(\d+)[+ ] /.exec(line);
      if (match) lines.add(Number(match[1]));
    }
  }
  return lines;
}

/** Keeps whole hunks in order while they fit; a first hunk too large alone is cut by lines. */
function fitHunks(files: readonly DiffFile[], rendered: ReadonlyMap<string, RenderedHunks>, budget: number): { hunks: Map<string, string[]>; truncated: string[] } {
  const hunks = new Map<string, string[]>();
  const truncated: string[] = [];
  let used = 0;
  for (const file of files) {
    const all = rendered.get(file.path)?.hunks ?? [];
    const kept: string[] = [];
    for (const hunk of all) {
      const cost = estimateTokens(hunk);
      if (used + cost <= budget) {
        kept.push(hunk);
        used += cost;
        continue;
      }
      if (kept.length === 0) {
        const lines: string[] = [];
        for (const line of hunk.split('\n')) {
          const lineCost = estimateTokens(line) + 1;
          if (used + lineCost > budget) break;
          lines.push(line);
          used += lineCost;
        }
        if (lines.length > 1) kept.push(lines.join('\n'));
      }
      break;
    }
    if (kept.length < all.length || (kept.length > 0 && kept[kept.length - 1] !== all[kept.length - 1])) truncated.push(file.path);
    hunks.set(file.path, kept);
  }
  return { hunks, truncated };
}
