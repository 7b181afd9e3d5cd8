import { redactSecrets } from '../redact.js';

/**
 * Makes model-written Markdown safe to post: credentials redacted, @mentions and #references
 * neutralised (a zero-width joiner after the sigil: readable, but GitHub notifies no one and links
 * nothing), no clickable links or images (URLs shown as code), no raw HTML, Markdown fences
 * balanced, and the length capped. Code spans and fenced blocks are left as they are: GitHub neither
 * links nor notifies inside them.
 */
export function sanitiseModelText(text: string, maxChars: number): string {
  const redacted = redactSecrets(text.replaceAll('\r\n', '\n'));
  const capped = capLength(redacted, maxChars);
  return balanceFences(
    splitCode(capped)
      .map((segment) => (segment.code ? segment.text : neutraliseProse(segment.text)))
      .join(''),
  );
}

/** A one-line title: sanitised like prose, line breaks folded, shorter cap. */
export function sanitiseModelTitle(text: string, maxChars: number): string {
  return sanitiseModelText(text.replace(/\s*\n\s*/g, ' ').trim(), maxChars).replaceAll('\n', ' ');
}

const ZWJ = '\u200d';

const LINK = /!\[([^\]]*)\]\(([^)]*)\)|\[([^\]]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)|<((?:https?|ftp|mailto):[^>\s]*)>|\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>`]*[^\s<>`.,;:!?'")\]]/gi;
const BARE_URL = /\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>`]*[^\s<>`.,;:!?'")\]]/gi;

function neutraliseProse(text: string): string {
  return (
    text
      // One pass over every link form, so a URL is never wrapped twice: images are dropped (they
      // render and fetch) keeping their alt text; links keep their text with the URL as code;
      // autolinks and bare URLs (GitHub links `www.` hosts too) become code.
      .replace(LINK, (all: string, alt?: string, _src?: string, label?: string, url?: string, auto?: string) => {
        if (alt !== undefined) return alt.replace(BARE_URL, asCode);
        if (label !== undefined) return url ? `${label.replace(BARE_URL, asCode)} (${asCode(url)})` : label;
        return asCode(auto ?? all);
      })
      // Raw HTML is shown as text.
      .replace(/<(?=[A-Za-z/!?])/g, '&lt;')
      // @user, @org/team: GitHub mentions start after a non-word character.
      .replace(/(^|[^\w`])@(?=[A-Za-z0-9])/g, `$1@${ZWJ}`)
      // #123 and owner/repo#123 create cross-references on other issues.
      .replace(/(^|[^\w&`/])#(?=\d)/g, `$1#${ZWJ}`)
      .replace(/([\w.-]+\/[\w.-]+)#(?=\d)/g, `$1#${ZWJ}`)
  );
}

function asCode(text: string): string {
  const clean = text.replaceAll('`', '');
  return `\`${clean}\``;
}

interface Segment {
  text: string;
  code: boolean;
}

/** Splits Markdown into code (fenced blocks, inline spans) and prose. */
function splitCode(text: string): Segment[] {
  const segments: Segment[] = [];
  let prose = '';
  let i = 0;
  const flushProse = () => {
    if (prose) segments.push({ text: prose, code: false });
    prose = '';
  };
  while (i < text.length) {
    const atLineStart = i === 0 || text[i - 1] === '\n';
    const fence = atLineStart ? /^ {0,3}(`{3,}|~{3,})/.exec(text.slice(i, i + 64)) : null;
    if (fence) {
      const marker = fence[1]!;
      const close = findClosingFence(text, i + fence[0].length, marker);
      flushProse();
      segments.push({ text: text.slice(i, close), code: true });
      i = close;
      continue;
    }
    if (text[i] === '`') {
      let run = 1;
      while (text[i + run] === '`') run++;
      const ticks = '`'.repeat(run);
      const end = findClosingTicks(text, i + run, ticks);
      if (end !== -1) {
        flushProse();
        segments.push({ text: text.slice(i, end + run), code: true });
        i = end + run;
        continue;
      }
      prose += ticks;
      i += run;
      continue;
    }
    prose += text[i];
    i++;
  }
  flushProse();
  return segments;
}

function findClosingFence(text: string, from: number, marker: string): number {
  let lineStart = text.indexOf('\n', from);
  while (lineStart !== -1) {
    const line = text.slice(lineStart + 1, text.indexOf('\n', lineStart + 1) === -1 ? text.length : text.indexOf('\n', lineStart + 1));
    const trimmed = line.trimStart();
    if (line.length - trimmed.length <= 3 && trimmed.startsWith(marker) && trimmed.slice(marker.length).trim() === '') {
      return lineStart + 1 + line.length;
    }
    lineStart = text.indexOf('\n', lineStart + 1);
  }
  return text.length;
}

function findClosingTicks(text: string, from: number, ticks: string): number {
  let index = text.indexOf(ticks, from);
  while (index !== -1) {
    const before = text[index - 1];
    const after = text[index + ticks.length];
    if (before !== '`' && after !== '`') return index;
    index = text.indexOf(ticks, index + ticks.length);
  }
  return -1;
}

/** An unclosed fence would swallow whatever the reporter writes after this text. */
function balanceFences(text: string): string {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const match = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (!match) continue;
    if (!open) open = match[1]!;
    else if (match[1]!.startsWith(open) && line.trim() === match[1]) open = undefined;
  }
  return open ? `${text}\n${open}` : text;
}

function capLength(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, Math.max(0, maxChars - 1));
  // Do not cut a surrogate pair in half.
  const last = cut.charCodeAt(cut.length - 1);
  return `${last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut}…`;
}
