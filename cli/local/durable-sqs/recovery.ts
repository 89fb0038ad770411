/**
 * Recovery: re-sends upstream what earlier runs journaled but never saw acked, then compacts the
 * journal to one "send" line per live entry.
 */
import type { Journal, ScanResult, SendRecord } from './journal';
import type { LiveEntries } from './live-entries';
import type { QueueUrls } from './queue-urls';
import type { SqsUpstream } from './upstream';

export interface RecoveryReport {
  /** Entries of earlier runs re-sent upstream by this call. */
  readonly replayed: number;
  /** Entries of earlier runs kept for later because their queue does not exist upstream (yet) or upstream failed. */
  readonly pending: number;
  /** Entries upstream refused on replay (sender fault); removed from the journal. */
  readonly dropped: number;
  /** Unparsable lines skipped (a torn last line from a crash is cut off before this count). */
  readonly corruptLines: number;
  /** Live entries in the compacted journal. */
  readonly live: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
}

interface RecoveryDeps {
  readonly journal: Journal;
  readonly entries: LiveEntries;
  readonly upstream: SqsUpstream;
  readonly queueUrls: QueueUrls;
  /** Prefix of the journal ids this run hands out (`<runId>.`): those are not replayed. */
  readonly runId: string;
  readonly log: (message: string) => void;
}

interface Tally {
  replayed: number;
  pending: number;
  dropped: number;
}

export class JournalRecovery {
  private readonly replayedThisRun = new Set<string>();

  constructor(private readonly deps: RecoveryDeps) {}

  async recover(): Promise<RecoveryReport> {
    const { journal, log, runId } = this.deps;
    return journal.exclusive(async () => {
      const scan = await journal.scan();
      const toReplay = [...scan.live.values()].filter((e) => !e.id.startsWith(`${runId}.`) && !this.replayedThisRun.has(e.id));
      const byQueue = new Map<string, SendRecord[]>();
      for (const e of toReplay) {
        let list = byQueue.get(e.q);
        if (!list) byQueue.set(e.q, (list = []));
        list.push(e);
      }
      const tally: Tally = { replayed: 0, pending: 0, dropped: 0 };
      await Promise.all([...byQueue].map(([q, list]) => this.replayQueue(q, list, scan, tally)));
      const bytesAfter = await journal.rewrite(scan.live.values());
      const { replayed, pending, dropped } = tally;
      if (replayed || pending || dropped || scan.corruptLines) {
        log(`durable-sqs: recovery replayed ${replayed}, pending ${pending}, dropped ${dropped}, corrupt lines ${scan.corruptLines}`);
      }
      return {
        replayed,
        pending,
        dropped,
        corruptLines: scan.corruptLines,
        live: scan.live.size,
        bytesBefore: scan.bytes,
        bytesAfter,
      };
    });
  }

  /** Re-sends one queue's entries in batches; removes from `scan.live` what upstream refused or deduplicated. */
  private async replayQueue(q: string, list: SendRecord[], scan: ScanResult, tally: Tally): Promise<void> {
    const { entries, upstream, queueUrls, log } = this.deps;
    const url = await queueUrls.resolveUpstreamUrl(q).catch(() => undefined);
    if (!url) {
      tally.pending += list.length;
      log(`durable-sqs: queue ${q} does not exist upstream; ${list.length} entries kept for a later recover()`);
      return;
    }
    for (const batch of batches(list)) {
      const now = Date.now();
      const Entries = batch.map((e, i) => {
        const entry: Record<string, unknown> = { Id: `e${i}`, MessageBody: e.b };
        if (e.a) entry.MessageAttributes = e.a;
        if (e.sa) entry.MessageSystemAttributes = e.sa;
        const remaining = e.d ? Math.ceil((e.ts + e.d * 1000 - now) / 1000) : 0;
        if (remaining > 0) entry.DelaySeconds = Math.min(remaining, 900);
        if (e.g !== undefined) entry.MessageGroupId = e.g;
        if (e.dd !== undefined) entry.MessageDeduplicationId = e.dd;
        return entry;
      });
      let r: { status: number; output: any };
      try {
        r = await upstream.call('SendMessageBatch', { QueueUrl: url, Entries });
      } catch {
        tally.pending += batch.length;
        continue;
      }
      if (r.status !== 200) {
        tally.pending += batch.length;
        continue;
      }
      const ok = new Map<string, any>();
      for (const s of Array.isArray(r.output?.Successful) ? r.output.Successful : []) ok.set(s?.Id, s);
      const failed = new Map<string, any>();
      for (const f of Array.isArray(r.output?.Failed) ? r.output.Failed : []) failed.set(f?.Id, f);
      batch.forEach((e, i) => {
        const s = ok.get(`e${i}`);
        if (s && typeof s.MessageId === 'string') {
          this.replayedThisRun.add(e.id);
          if (entries.track(e.id, e.q, s.MessageId, s.MD5OfMessageBody)) {
            e.m = s.MessageId;
            tally.replayed++;
          } else {
            scan.live.delete(e.id); // FIFO deduplicated it against another live entry
            tally.dropped++;
          }
        } else if (failed.get(`e${i}`)?.SenderFault === true) {
          scan.live.delete(e.id);
          tally.dropped++;
        } else {
          tally.pending++;
        }
      });
    }
  }
}

/** ≤ 10 entries and well under the 1 MiB batch limit per SendMessageBatch. */
function* batches(list: SendRecord[]): Generator<SendRecord[]> {
  let cur: SendRecord[] = [];
  let size = 0;
  for (const e of list) {
    const s = Buffer.byteLength(e.b) + (e.a ? Buffer.byteLength(JSON.stringify(e.a)) : 0);
    if (cur.length > 0 && (cur.length === 10 || size + s > 900 * 1024)) {
      yield cur;
      cur = [];
      size = 0;
    }
    cur.push(e);
    size += s;
  }
  if (cur.length > 0) yield cur;
}
