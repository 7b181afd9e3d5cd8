/**
 * The latest head SHA of each pull request, for superseding older work (in-process queue; the BullMQ
 * queue keeps the same rule in Redis). A head becomes the latest only the first time it is seen: a
 * redelivered webhook for an older push must not supersede the newer one.
 */
export class HeadRegistry {
  private readonly entries = new Map<string, { latest: string; seen: Set<string> }>();

  /** @param maxPullRequests forget the least recently touched pull requests beyond this many. */
  constructor(private readonly maxPullRequests = 10_000) {}

  /** Records `headSha` for `pr`; true when it became the latest head (first time seen). */
  record(pr: string, headSha: string): boolean {
    const entry = this.entries.get(pr);
    this.entries.delete(pr);
    if (!entry) {
      this.entries.set(pr, { latest: headSha, seen: new Set([headSha]) });
      this.evict();
      return true;
    }
    this.entries.set(pr, entry);
    if (entry.seen.has(headSha)) return false;
    entry.seen.add(headSha);
    entry.latest = headSha;
    return true;
  }

  /** The latest recorded head of `pr`, if any. */
  latest(pr: string): string | undefined {
    return this.entries.get(pr)?.latest;
  }

  private evict(): void {
    while (this.entries.size > this.maxPullRequests) {
      const oldest = this.entries.keys().next();
      if (oldest.done) return;
      this.entries.delete(oldest.value);
    }
  }
}
