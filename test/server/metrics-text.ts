/** The samples of a Prometheus text exposition: `name{labels}` → value, comments left out. */
export function samples(text: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    result.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return result;
}

/** The samples whose name starts with `prefix`, sorted, as `name{labels} value` lines. */
export function sampleLines(text: string, prefix: string): string[] {
  return [...samples(text)]
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, value]) => `${key} ${value}`)
    .sort();
}
