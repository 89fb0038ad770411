/**
 * In-memory index of the journal's live entries (bodies stay on disk): which upstream MessageIds,
 * receipt handles and body MD5s belong to which journal entry, so that a delete or a purge can be
 * journaled as an ack of the right entry.
 */

interface LiveEntry {
  /** Origin queue name. */
  q: string;
  md5?: string;
  messageIds: string[];
  handles: string[];
  /** Queue it was last received from (differs from `q` once redriven to a DLQ). */
  loc?: string;
}

export class LiveEntries {
  private readonly entries = new Map<string, LiveEntry>();
  private readonly byMessageId = new Map<string, string>();
  private readonly byHandle = new Map<string, string>();
  private readonly byMd5 = new Map<string, Set<string>>();

  has(jid: string): boolean {
    return this.entries.has(jid);
  }

  /** Returns false when upstream answered with the MessageId of another live entry (FIFO deduplication). */
  track(jid: string, q: string, messageId: string, md5: string | undefined): boolean {
    const owner = this.byMessageId.get(messageId);
    if (owner !== undefined && owner !== jid) return false;
    let e = this.entries.get(jid);
    if (!e) {
      e = { q, messageIds: [], handles: [] };
      this.entries.set(jid, e);
    }
    e.messageIds.push(messageId);
    this.byMessageId.set(messageId, jid);
    if (md5) {
      e.md5 = md5;
      let set = this.byMd5.get(md5);
      if (!set) this.byMd5.set(md5, (set = new Set()));
      set.add(jid);
    }
    return true;
  }

  forget(jid: string): void {
    const e = this.entries.get(jid);
    if (!e) return;
    this.entries.delete(jid);
    for (const m of e.messageIds) this.byMessageId.delete(m);
    for (const h of e.handles) this.byHandle.delete(h);
    if (e.md5) {
      const set = this.byMd5.get(e.md5);
      set?.delete(jid);
      if (set?.size === 0) this.byMd5.delete(e.md5);
    }
  }

  /** Records a copy of a live entry received from `queue` with `receiptHandle` (unmatched messages are ignored). */
  received(messageId: string, md5: string | undefined, receiptHandle: string, queue: string): void {
    const jid = this.matchReceived(messageId, md5, queue);
    const e = jid ? this.entries.get(jid) : undefined;
    if (!jid || !e) return;
    e.loc = queue;
    e.handles.push(receiptHandle);
    this.byHandle.set(receiptHandle, jid);
    if (e.handles.length > 16) this.byHandle.delete(e.handles.shift()!);
  }

  jidOfHandle(receiptHandle: string): string | undefined {
    return this.byHandle.get(receiptHandle);
  }

  jidOfMessageId(messageId: string): string | undefined {
    return this.byMessageId.get(messageId);
  }

  /** Entries whose last known location (the queue last received from, else the origin queue) is `queue`. */
  jidsLastSeenIn(queue: string): string[] {
    return [...this.entries].filter(([, e]) => (e.loc ?? e.q) === queue).map(([j]) => j);
  }

  /**
   * A received message → its journal entry. fauxqs keeps the MessageId when it redrives a message to
   * its DLQ (same object), so the id lookup is enough there. For an upstream that assigned a new id,
   * fall back to the body MD5, but only when exactly one live entry of ANOTHER queue matches (the
   * redrive case); anything ambiguous stays unmatched, i.e. is never acked and is re-sent on the
   * next recovery (a duplicate at worst, never a loss).
   */
  private matchReceived(messageId: string, md5: string | undefined, queue: string): string | undefined {
    const known = this.byMessageId.get(messageId);
    if (known) return known;
    if (!md5) return undefined;
    const candidates = [...(this.byMd5.get(md5) ?? [])].filter((c) => this.entries.get(c)?.q !== queue);
    const jid = candidates.length === 1 ? candidates[0] : undefined;
    if (!jid) return undefined;
    this.entries.get(jid)!.messageIds.push(messageId);
    this.byMessageId.set(messageId, jid);
    return jid;
  }
}
