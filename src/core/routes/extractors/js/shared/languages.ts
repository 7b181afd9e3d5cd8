import type { Language } from '../../../../source/language.js';

/** The JavaScript dialects every JS extractor reads. */
export const JS_LANGUAGES: readonly Language[] = ['typescript', 'tsx', 'javascript'];
