import type { SkippedFile } from './language.js';
import { isExcludedFromAnalysis } from '../analysis/excluded-paths.js';

/** Backend languages a tree may hold that the reviewer does not read, by extension. */
const UNREAD_LANGUAGES: ReadonlyArray<{ name: string; extensions: readonly string[] }> = [
  { name: 'Kotlin', extensions: ['.kt', '.kts'] },
  { name: 'Scala', extensions: ['.scala'] },
  { name: 'C#', extensions: ['.cs'] },
  { name: 'Ruby', extensions: ['.rb'] },
  { name: 'PHP', extensions: ['.php'] },
  { name: 'Rust', extensions: ['.rs'] },
  { name: 'Elixir', extensions: ['.ex', '.exs'] },
];

/**
 * One entry per backend language of the tree that is not read (`**\/*.kt`), so that a Kotlin service
 * with no route listed says why instead of looking empty. Build scripts (`build.gradle.kts`) are not code
 * to review and do not count.
 */
export function unreadLanguageFiles(paths: readonly string[]): SkippedFile[] {
  const skipped: SkippedFile[] = [];
  for (const language of UNREAD_LANGUAGES) {
    const files = paths.filter((path) => language.extensions.some((extension) => path.endsWith(extension)) && !path.endsWith('.gradle.kts') && !isExcludedFromAnalysis(path));
    if (files.length === 0) continue;
    const pattern = language.extensions.map((extension) => `**/*${extension}`).join(', ');
    skipped.push({ path: pattern, reason: `${language.name} (${files.length} file${files.length === 1 ? '' : 's'}): not a language Backend Expert reads, so its routes and code are not reviewed` });
  }
  return skipped;
}
