/**
 * Estimates how many tokens a text costs, without the model's tokenizer (the count endpoint is a
 * network call; planning needs thousands of estimates). Closer than characters / 4 on code: each run
 * of letters and digits costs about one token per five characters, each punctuation mark about one,
 * a line break about one, a run of indentation about one (a single space is folded into the next
 * word), and each non-ASCII character about one.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  let word = 0;
  let spaces = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const isWordChar = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
    if (isWordChar) {
      if (spaces > 1) tokens++;
      spaces = 0;
      word++;
      continue;
    }
    if (word > 0) {
      tokens += Math.ceil(word / 5);
      word = 0;
    }
    if (code === 32 || code === 9) {
      spaces++;
      continue;
    }
    if (spaces > 1) tokens++;
    spaces = 0;
    if (code !== 13) tokens++;
  }
  if (word > 0) tokens += Math.ceil(word / 5);
  return tokens;
}
