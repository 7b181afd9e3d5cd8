/**
 * The one place that knows Claude model IDs and prices. Everything else speaks in aliases
 * (`opus`, `sonnet`, `haiku`) or passes through an ID it was given.
 *
 * IDs and list prices from the Claude models overview and pricing pages (platform.claude.com,
 * checked 2026-10): Opus 5.5, Sonnet 5.5 and Haiku 5.5 are the current models of each family.
 */

export const MODEL_ALIASES = ['opus', 'sonnet', 'haiku'] as const;
export type ModelAlias = (typeof MODEL_ALIASES)[number];

/** US dollars per million tokens. Cache writes are priced for the 5-minute TTL (`ephemeral`). */
export interface ModelPrices {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

export interface ModelInfo {
  id: string;
  family: ModelAlias | 'fable';
  prices: ModelPrices;
  /**
   * Requests whose prompt (input + cache reads + cache writes) is above `threshold` tokens pay these
   * prices for every token of the request (Haiku 5.5 is priced in two bands).
   */
  longPrompt?: { threshold: number; prices: ModelPrices };
  /**
   * Whether the model accepts `tool_choice: {type: 'tool'}`. Models whose thinking cannot be turned
   * off (Opus 5.5, Sonnet 5.5, Fable 5.1, Haiku 5.5) answer a forced tool choice with a 400; for them
   * the reviewer offers the tool with `tool_choice: auto`, tells the model to call it, and treats a
   * reply without the call as invalid output (one retry).
   */
  forcedToolChoice: boolean;
}

const price = (input: number, output: number, cacheWrite: number, cacheRead: number): ModelPrices => ({ input, output, cacheWrite, cacheRead });

/** Known models. Unknown IDs still work: they are priced like their family's default and never forced. */
export const MODELS: readonly ModelInfo[] = [
  { id: 'claude-opus-5-5', family: 'opus', prices: price(4, 20, 5, 0.2), forcedToolChoice: false },
  { id: 'claude-sonnet-5-5', family: 'sonnet', prices: price(2, 10, 2.5, 0.1), forcedToolChoice: false },
  {
    id: 'claude-haiku-5-5',
    family: 'haiku',
    prices: price(0.1, 0.5, 0.125, 0.01),
    longPrompt: { threshold: 100_000, prices: price(0.5, 2.5, 0.625, 0.05) },
    forcedToolChoice: false,
  },
  { id: 'claude-fable-5-1', family: 'fable', prices: price(10, 50, 12.5, 0.25), forcedToolChoice: false },
  { id: 'claude-opus-5', family: 'opus', prices: price(5, 25, 6.25, 0.5), forcedToolChoice: true },
  { id: 'claude-sonnet-5', family: 'sonnet', prices: price(2, 10, 2.5, 0.2), forcedToolChoice: true },
  { id: 'claude-opus-4-8', family: 'opus', prices: price(5, 25, 6.25, 0.5), forcedToolChoice: true },
  { id: 'claude-opus-4-7', family: 'opus', prices: price(5, 25, 6.25, 0.5), forcedToolChoice: true },
  { id: 'claude-opus-4-6', family: 'opus', prices: price(5, 25, 6.25, 0.5), forcedToolChoice: true },
  { id: 'claude-sonnet-4-6', family: 'sonnet', prices: price(3, 15, 3.75, 0.3), forcedToolChoice: true },
  { id: 'claude-sonnet-4-5', family: 'sonnet', prices: price(3, 15, 3.75, 0.3), forcedToolChoice: true },
  { id: 'claude-haiku-4-5', family: 'haiku', prices: price(1, 5, 1.25, 0.1), forcedToolChoice: true },
];

/** What each alias means unless config or environment say otherwise. */
export const DEFAULT_MODEL_IDS: Readonly<Record<ModelAlias, string>> = {
  opus: 'claude-opus-5-5',
  sonnet: 'claude-sonnet-5-5',
  haiku: 'claude-haiku-5-5',
};

/** The alias used when neither the config nor the agent names a model (or the agent says `inherit`). */
export const FALLBACK_ALIAS: ModelAlias = 'sonnet';

export type ModelOverrides = Partial<Record<ModelAlias, string>>;

export function isModelAlias(value: string): value is ModelAlias {
  return (MODEL_ALIASES as readonly string[]).includes(value);
}

/**
 * Alias → ID overrides from environment variables `BACKEND_EXPERT_MODEL_OPUS`, `…_SONNET`, `…_HAIKU`.
 * The edge passes its environment in; the core never reads `process.env`.
 */
export function modelOverridesFromEnv(env: Readonly<Record<string, string | undefined>>): ModelOverrides {
  const overrides: ModelOverrides = {};
  for (const alias of MODEL_ALIASES) {
    const value = env[`BACKEND_EXPERT_MODEL_${alias.toUpperCase()}`]?.trim();
    if (value) overrides[alias] = value;
  }
  return overrides;
}

export interface ResolvedModel {
  id: string;
  /** The alias it was resolved from, when it was one. */
  alias?: ModelAlias;
  info: ModelInfo;
}

/**
 * The model a review uses: the config's `agent.model` when set, else the agent definition's `model`,
 * else the fallback alias. Aliases go through `overrides` (environment) before the defaults.
 */
export function resolveModel(configured: string | undefined, agentModel: string | undefined, overrides: ModelOverrides = {}): ResolvedModel {
  const requested = [configured, agentModel].map((value) => value?.trim()).find((value) => value && value !== 'inherit') ?? FALLBACK_ALIAS;
  const lower = requested.toLowerCase();
  if (isModelAlias(lower)) {
    const id = overrides[lower] ?? DEFAULT_MODEL_IDS[lower];
    return { id, alias: lower, info: modelInfo(id) };
  }
  return { id: requested, info: modelInfo(requested) };
}

/** The catalogue entry for an ID; unknown IDs get their family's default prices and no forced tool choice. */
export function modelInfo(id: string): ModelInfo {
  const known = MODELS.find((model) => model.id === id) ?? MODELS.find((model) => id.startsWith(`${model.id}-`));
  if (known) return known;
  const family = MODEL_ALIASES.find((alias) => id.includes(alias)) ?? FALLBACK_ALIAS;
  const template = MODELS.find((model) => model.id === DEFAULT_MODEL_IDS[family])!;
  return { ...template, id, forcedToolChoice: false };
}

export interface CallTokens {
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
}

/** Estimated cost in US dollars of one call, from list prices (no batch or regional multipliers). */
export function estimateCallCostUsd(id: string, tokens: CallTokens): number {
  const info = modelInfo(id);
  const prompt = tokens.inputTokens + tokens.cachedInputTokens + tokens.cacheWriteTokens;
  const prices = info.longPrompt && prompt > info.longPrompt.threshold ? info.longPrompt.prices : info.prices;
  const dollars =
    tokens.inputTokens * prices.input +
    tokens.cachedInputTokens * prices.cacheRead +
    tokens.cacheWriteTokens * prices.cacheWrite +
    tokens.outputTokens * prices.output;
  return dollars / 1_000_000;
}
