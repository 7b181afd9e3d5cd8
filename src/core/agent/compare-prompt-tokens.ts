import type { AgentReviewInput } from './types.js';
import { buildSystemBlocks, type AgentBundle } from './build-review-request.js';
import { estimateTokens } from './estimate-tokens.js';
import { prepareReviewCalls } from './prepare-review-calls.js';
import { SUBMIT_REVIEW_TOOL } from './review-output.js';

export interface PromptTokens {
  /** System prompt and tool definition, summed over calls (the cached prefix). */
  prefix: number;
  /** User messages, summed over calls. */
  user: number;
  total: number;
  calls: number;
}

/**
 * Input tokens of a naive prompt for the same review: the same system prompt and tool, then the whole
 * diff and every changed file in full, in one call. The benchmark's baseline.
 */
export async function naivePromptTokens(input: AgentReviewInput, agent: AgentBundle): Promise<PromptTokens> {
  const prefix = estimateTokens(buildSystemBlocks(agent).map((block) => block.text).join('')) + estimateTokens(JSON.stringify([SUBMIT_REVIEW_TOOL]));
  const parts = [input.pr.title, input.pr.body, input.diffText];
  for (const file of input.diff) {
    if (file.status === 'deleted' || file.binary) continue;
    const text = await input.headTree.read(file.path);
    if (text !== undefined) parts.push(`### ${file.path}\n${text}`);
  }
  const user = estimateTokens(parts.join('\n\n'));
  return { prefix, user, total: prefix + user, calls: 1 };
}

/** Input tokens of the prompts this project sends for the review (every planned call). */
export async function ourPromptTokens(input: AgentReviewInput, agent: AgentBundle): Promise<PromptTokens> {
  const prepared = await prepareReviewCalls(input, [agent]);
  let prefix = 0;
  let user = 0;
  for (const call of prepared.calls) {
    prefix += estimateTokens(call.request.system.map((block) => block.text).join('')) + estimateTokens(JSON.stringify(call.request.tools));
    user += call.request.messages.reduce((sum, message) => sum + estimateTokens(typeof message.content === 'string' ? message.content : JSON.stringify(message.content)), 0);
  }
  return { prefix, user, total: prefix + user, calls: prepared.calls.length };
}

/** Both figures for one review, estimated with the same tokenizer estimate. */
export async function comparePromptTokens(input: AgentReviewInput, agent: AgentBundle): Promise<{ ours: PromptTokens; naive: PromptTokens; ratio: number }> {
  const [ours, naive] = [await ourPromptTokens(input, agent), await naivePromptTokens(input, agent)];
  return { ours, naive, ratio: naive.total === 0 ? 0 : ours.total / naive.total };
}
