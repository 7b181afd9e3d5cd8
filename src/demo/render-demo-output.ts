import type { Config } from '../core/config/schema.js';
import { renderReviewText } from '../core/render/review-text.js';
import type { ReviewResult } from '../core/review/run-review.js';

/** The demo's output: the check-run summary and the inline review comments as posted. */
export function renderDemoOutput(result: ReviewResult, _config: Config): string {
  return renderReviewText(result);
}
