import type { AgentReviewInput, AgentReviewOutput, AgentReviewer } from '../../../src/core/agent/types.js';
import type { ChecklistId } from '../../../src/core/checklist.js';
import type { Finding, Severity } from '../../../src/core/finding.js';

const USAGE = { inputTokens: 1200, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 300, estimatedCostUsd: 0.0081, calls: 1 };

/**
 * An agent that reports one finding on every added line containing `marker` — a deterministic stand-in
 * for the model, so tests control exactly which findings exist at each head.
 */
export function markerAgent(options: { marker?: string; severity?: Severity; checklist?: ChecklistId; suggestion?: (line: string) => string | undefined } = {}): AgentReviewer {
  const marker = options.marker ?? 'PROBLEM';
  return {
    async review(input: AgentReviewInput): Promise<AgentReviewOutput> {
      const findings: Finding[] = [];
      for (const file of input.diff) {
        if (file.status === 'deleted') continue;
        const text = await input.headTree.read(file.path);
        const lines = text?.split('\n') ?? [];
        for (const line of file.hunks.flatMap((hunk) => hunk.addedLines)) {
          const code = lines[line - 1] ?? '';
          if (!code.includes(marker)) continue;
          const replacement = options.suggestion?.(code);
          findings.push({
            rule: `agent/${options.checklist ?? 'service.resilience'}`,
            checklist: options.checklist ?? 'service.resilience',
            severity: options.severity ?? 'high',
            path: file.path,
            line,
            title: `Problem on line ${line}`,
            message: `The line \`${code.trim()}\` has a problem.`,
            source: 'agent',
            ...(replacement !== undefined ? { suggestion: { line, endLine: line, replacement } } : {}),
          });
        }
      }
      return { status: 'ok', model: 'claude-test', findings, usage: USAGE, unreadFiles: [] };
    },
  };
}
