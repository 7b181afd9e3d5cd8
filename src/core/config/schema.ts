import { z } from 'zod';
import { SEVERITIES } from '../finding.js';

const severity = z.enum(SEVERITIES);

/** Per-rule setting: `off`, a severity, or an object with severity and rule options. */
const ruleSetting = z.union([
  z.literal('off'),
  severity,
  z.object({
    severity: z.union([z.literal('off'), severity]).optional().describe('Severity for this rule, or off.'),
    options: z.record(z.string(), z.unknown()).optional().describe('Rule-specific options (see docs/rules.md).'),
  }).strict(),
]);

/**
 * The repository configuration, `.github/backend-expert.yml`. Every field has a default, so an empty
 * file (or none) is a valid configuration. The app reads it from the default branch only.
 */
export const configSchema = z
  .object({
    fail_on: z
      .union([severity, z.literal('never')])
      .default('critical')
      .describe('The check run fails when a gating finding is at or above this severity; `never` never fails.'),
    on_error: z
      .enum(['neutral', 'failure'])
      .default('neutral')
      .describe('Conclusion of the check run when the review itself breaks (GitHub outage, bad input).'),
    review_event: z
      .enum(['COMMENT', 'REQUEST_CHANGES'])
      .default('COMMENT')
      .describe('Event of the posted review. REQUEST_CHANGES is used only when the conclusion is failure.'),
    max_comments: z.number().int().min(0).max(50).default(25).describe('Inline comments per review at most; the rest go to the summary.'),
    suggestions: z.boolean().default(true).describe('Offer GitHub suggestion blocks for mechanical fixes.'),
    skip_drafts: z.boolean().default(true).describe('Skip draft pull requests (their check run still completes, as skipped).'),
    review_language: z.enum(['en', 'es']).default('en').describe('Language of everything the app writes.'),
    paths: z
      .object({
        include: z.array(z.string()).default([]).describe('Globs of files to review; empty means every file.'),
        exclude: z.array(z.string()).default([]).describe('Globs of files never to review (in addition to vendored, generated and lock files).'),
      })
      .strict()
      .prefault({})
      .describe('Which files are reviewed.'),
    rules: z
      .record(z.string(), ruleSetting)
      .default({})
      .describe('Per-rule overrides by rule id: `off`, a severity, or `{ severity, options }`.'),
    agent: z
      .object({
        enabled: z.boolean().default(true).describe('Run the agent when a model key is configured.'),
        model: z.string().default('').describe('Model alias (opus, sonnet, haiku) or a model ID; empty uses the agent definition\'s `model`.'),
        gate: z
          .boolean()
          .default(false)
          .describe('Let the agent\'s findings count toward the check run\'s conclusion. Off by default: a model never passes or blocks a merge by itself.'),
        max_input_tokens: z.number().int().min(2000).default(60000).describe('Budget of input tokens per model call.'),
        max_calls: z.number().int().min(1).max(20).default(4).describe('Model calls per review at most (large PRs are split by area).'),
        repository_agents: z
          .boolean()
          .default(false)
          .describe('Also load agents and skills from the repository\'s `.claude/agents/` and `.claude/skills/` (default branch).'),
        agents: z.array(z.string()).default(['backend-expert']).describe('Names of the agents that review.'),
        daily_token_budget: z
          .number()
          .int()
          .min(0)
          .nullable()
          .default(null)
          .describe('Model tokens per installation per day; null means no budget. When spent, reviews run offline and say so.'),
      })
      .strict()
      .prefault({})
      .describe('The model-backed reviewer.'),
    commands: z
      .object({
        prefix: z.string().min(1).default('/expert').describe('Prefix of comment commands.'),
        cooldown_seconds: z.number().int().min(0).default(60).describe('Minimum seconds between two command-triggered reviews of one PR.'),
      })
      .strict()
      .prefault({})
      .describe('Comment commands.'),
    incremental: z.boolean().default(true).describe('On new pushes, comment only on what is new since the last reviewed head.'),
    summary_comment: z.boolean().default(false).describe('Also keep one sticky summary comment on the PR, updated in place.'),
    tree: z
      .object({
        max_bytes: z
          .number()
          .int()
          .min(0)
          .default(100 * 1024 * 1024)
          .describe('Ceiling of a repository archive the app reads for whole-tree context; above it, only changed files and what they import.'),
      })
      .strict()
      .prefault({})
      .describe('Whole-tree context.'),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type RuleSetting = z.infer<typeof ruleSetting>;

/** The configuration with every default. */
export function defaultConfig(): Config {
  return configSchema.parse({});
}
