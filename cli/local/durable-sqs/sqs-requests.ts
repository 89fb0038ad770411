/**
 * One SQS JSON request through the durable proxy: sends are journaled (and fsync'ed) before
 * upstream sees them, upstream's answer settles them ("sent"/"drop"), receives tie receipt handles
 * to journal entries, deletes and purges journal acks, and queue URLs are rewritten to the proxy's.
 */
import type http from 'node:http';
import type { Journal, JournalRecord, SendRecord } from './journal';
import type { LiveEntries } from './live-entries';
import { queueNameOf, type QueueUrls } from './queue-urls';
import { readBody, reply, sqsError, type UpstreamResponse } from './sqs-wire';
import type { SqsUpstream } from './upstream';

interface SqsRequestDeps {
  readonly journal: Journal;
  readonly entries: LiveEntries;
  readonly upstream: SqsUpstream;
  readonly queueUrls: QueueUrls;
  /** A new journal id, unique to this run. */
  readonly newJid: () => string;
  readonly log: (message: string) => void;
}

/** The journal ids of a request's sends, and (SendMessageBatch) which batch entry Id each came from. */
interface JournaledSends {
  sendJids: string[];
  /** batch entry Id → jid */
  batchIds: Map<string, string>;
}

export class SqsRequestHandler {
  private readonly requests: Record<string, number> = {};

  constructor(private readonly deps: SqsRequestDeps) {}

  /**
   * SQS API requests received so far, by action (what SQS would bill); receives that returned
   * no message are also counted apart as `ReceiveMessage:empty` (long polls of an idle consumer).
   */
  requestCounts(): Record<string, number> {
    return { ...this.requests };
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse, action: string): Promise<void> {
    const { journal, upstream, queueUrls, log } = this.deps;
    this.count(action);
    const raw = await readBody(req);
    let input: any;
    try {
      input = JSON.parse(raw.toString('utf8'));
    } catch {
      input = undefined;
    }
    if (typeof input !== 'object' || input === null) {
      // Let upstream produce its own error for a malformed request.
      return reply(res, await upstream.forward(req, raw));
    }

    let queue: string | undefined;
    if (typeof input.QueueUrl === 'string') {
      queue = queueNameOf(input.QueueUrl);
      if (queue) input.QueueUrl = (await queueUrls.resolveUpstreamUrl(queue)) ?? input.QueueUrl;
    }

    // Write-ahead: journal and fsync sends before upstream sees them.
    const sends: JournaledSends = { sendJids: [], batchIds: new Map() };
    if (queue && (action === 'SendMessage' || action === 'SendMessageBatch')) {
      const recs = this.sendRecords(action, queue, input, sends.batchIds);
      sends.sendJids = recs.map((r) => r.id);
      if (recs.length > 0) {
        try {
          await journal.append(recs, true);
        } catch (err) {
          log(`durable-sqs: refusing ${action}: ${(err as Error).message}`);
          return sqsError(res, 500, 'InternalError', 'Receiver', 'durable-sqs: the journal could not be written; nothing was sent');
        }
      }
    }

    // PurgeQueue: snapshot what is in the queue right before purging (fauxqs inspection endpoint).
    let purgeSnapshot: Set<string> | undefined;
    if (action === 'PurgeQueue' && queue) purgeSnapshot = await upstream.snapshotMessageIds(queue);

    const body = Buffer.from(JSON.stringify(input));
    let up: UpstreamResponse;
    try {
      up = await upstream.forward(req, body);
    } catch (err) {
      // Unknown outcome: keep journaled sends live (at worst a duplicate after recovery).
      log(`durable-sqs: upstream unreachable for ${action}: ${(err as Error).message}`);
      return sqsError(res, 502, 'ServiceUnavailable', 'Receiver', 'durable-sqs: upstream SQS unreachable');
    }
    let output: any;
    if (up.status === 200) {
      try {
        output = up.body.length > 0 ? JSON.parse(up.body.toString('utf8')) : {};
      } catch {
        output = undefined;
      }
    }

    let rewritten = false;
    switch (action) {
      case 'SendMessage':
        this.settleSend(sends, queue, up, output);
        break;
      case 'SendMessageBatch':
        this.settleSendBatch(sends, queue, up, output);
        break;
      case 'ReceiveMessage':
        this.trackReceived(queue, up, output);
        break;
      case 'DeleteMessage': {
        // Any successful delete with a handle we issued means a consumer is done with the message
        // (even a stale handle: the message was processed; a redelivery would be a duplicate).
        const jid = up.status === 200 ? this.deps.entries.jidOfHandle(input.ReceiptHandle) : undefined;
        if (jid) await this.ackOrFail(res, [jid]);
        break;
      }
      case 'DeleteMessageBatch': {
        if (up.status !== 200 || !output) break;
        const jids = this.deletedJids(input, output);
        if (jids.length > 0) await this.ackOrFail(res, jids);
        break;
      }
      case 'PurgeQueue': {
        if (up.status !== 200 || !queue) break;
        await this.ackOrFail(res, this.purgedJids(queue, purgeSnapshot));
        break;
      }
      case 'CreateQueue':
      case 'GetQueueUrl':
      case 'ListQueues':
      case 'ListDeadLetterSourceQueues':
        rewritten = this.rewriteQueueUrls(action, up, output);
        break;
      case 'DeleteQueue': {
        if (up.status === 200 && queue) queueUrls.forget(queue);
        break;
      }
    }
    if (res.headersSent) return; // ackOrFail answered with an error
    if (rewritten) up = { ...up, body: Buffer.from(JSON.stringify(output)) };
    reply(res, up);
  }

  private count(key: string): void {
    this.requests[key] = (this.requests[key] ?? 0) + 1;
  }

  /** The "send" records of a SendMessage(Batch), filling `batchIds` (batch entry Id → jid). */
  private sendRecords(action: string, queue: string, input: any, batchIds: Map<string, string>): SendRecord[] {
    const now = Date.now();
    const recs: SendRecord[] = [];
    const items: any[] = action === 'SendMessage' ? [input] : Array.isArray(input.Entries) ? input.Entries : [];
    for (const it of items) {
      if (typeof it?.MessageBody !== 'string') continue; // upstream rejects it; nothing to keep
      const rec: SendRecord = { t: 'send', id: this.deps.newJid(), q: queue, ts: now, b: it.MessageBody };
      if (it.MessageAttributes && typeof it.MessageAttributes === 'object') rec.a = it.MessageAttributes;
      if (it.MessageSystemAttributes && typeof it.MessageSystemAttributes === 'object') rec.sa = it.MessageSystemAttributes;
      if (typeof it.DelaySeconds === 'number' && it.DelaySeconds > 0) rec.d = it.DelaySeconds;
      if (typeof it.MessageGroupId === 'string') rec.g = it.MessageGroupId;
      if (typeof it.MessageDeduplicationId === 'string') rec.dd = it.MessageDeduplicationId;
      recs.push(rec);
      if (action === 'SendMessageBatch' && typeof it.Id === 'string') batchIds.set(it.Id, rec.id);
    }
    return recs;
  }

  private settleSend({ sendJids }: JournaledSends, queue: string | undefined, up: UpstreamResponse, output: any): void {
    const { journal, entries } = this.deps;
    const jid = sendJids[0];
    if (!jid || !queue) return;
    if (up.status === 200 && typeof output?.MessageId === 'string') {
      const rec: JournalRecord = entries.track(jid, queue, output.MessageId, output.MD5OfMessageBody)
        ? { t: 'sent', id: jid, m: output.MessageId }
        : { t: 'drop', id: jid };
      void journal.append([rec], false).catch(() => undefined);
    } else if (up.status >= 400 && up.status < 500) {
      void journal.append([{ t: 'drop', id: jid }], false).catch(() => undefined);
    }
  }

  private settleSendBatch({ sendJids, batchIds }: JournaledSends, queue: string | undefined, up: UpstreamResponse, output: any): void {
    const { journal, entries } = this.deps;
    if (!queue || sendJids.length === 0) return;
    const recs: JournalRecord[] = [];
    if (up.status === 200 && output) {
      for (const s of Array.isArray(output.Successful) ? output.Successful : []) {
        const jid = batchIds.get(s?.Id);
        if (!jid || typeof s.MessageId !== 'string') continue;
        recs.push(
          entries.track(jid, queue, s.MessageId, s.MD5OfMessageBody) ? { t: 'sent', id: jid, m: s.MessageId } : { t: 'drop', id: jid },
        );
      }
      for (const f of Array.isArray(output.Failed) ? output.Failed : []) {
        const jid = batchIds.get(f?.Id);
        if (jid) recs.push({ t: 'drop', id: jid });
      }
    } else if (up.status >= 400 && up.status < 500) {
      for (const id of sendJids) recs.push({ t: 'drop', id });
    }
    if (recs.length > 0) void journal.append(recs, false).catch(() => undefined);
  }

  private trackReceived(queue: string | undefined, up: UpstreamResponse, output: any): void {
    if (up.status === 200 && !(output?.Messages?.length > 0)) this.count('ReceiveMessage:empty');
    if (up.status !== 200 || !queue || !Array.isArray(output?.Messages)) return;
    for (const m of output.Messages) {
      if (typeof m?.MessageId !== 'string' || typeof m.ReceiptHandle !== 'string') continue;
      this.deps.entries.received(m.MessageId, m.MD5OfBody, m.ReceiptHandle, queue);
    }
  }

  /** The journal entries of the receipt handles a DeleteMessageBatch deleted. */
  private deletedJids(input: any, output: any): string[] {
    const handleById = new Map<string, string>();
    for (const e of Array.isArray(input.Entries) ? input.Entries : []) {
      if (typeof e?.Id === 'string' && typeof e.ReceiptHandle === 'string') handleById.set(e.Id, e.ReceiptHandle);
    }
    const jids: string[] = [];
    for (const s of Array.isArray(output.Successful) ? output.Successful : []) {
      const jid = this.deps.entries.jidOfHandle(handleById.get(s?.Id) ?? '');
      if (jid) jids.push(jid);
    }
    return jids;
  }

  /** The journal entries a PurgeQueue removed. */
  private purgedJids(queue: string, purgeSnapshot: Set<string> | undefined): string[] {
    const { entries } = this.deps;
    if (purgeSnapshot) {
      return [...purgeSnapshot].map((m) => entries.jidOfMessageId(m)).filter((j): j is string => j !== undefined);
    }
    // Upstream without the inspection endpoint: best effort by last known location.
    return entries.jidsLastSeenIn(queue);
  }

  /** Replaces upstream queue URLs in `output` with the proxy's; true when `output` was changed. */
  private rewriteQueueUrls(action: string, up: UpstreamResponse, output: any): boolean {
    const { queueUrls } = this.deps;
    if (up.status !== 200) return false;
    if (action === 'CreateQueue' || action === 'GetQueueUrl') {
      if (!output || typeof output.QueueUrl !== 'string') return false;
      output.QueueUrl = queueUrls.learn(output.QueueUrl);
      return true;
    }
    if (action === 'ListQueues') {
      if (!Array.isArray(output?.QueueUrls)) return false;
      output.QueueUrls = output.QueueUrls.map((u: unknown) => queueUrls.learn(u) ?? u);
      return true;
    }
    if (!Array.isArray(output?.queueUrls)) return false; // ListDeadLetterSourceQueues
    output.queueUrls = output.queueUrls.map((u: unknown) => queueUrls.learn(u) ?? u);
    return true;
  }

  private async ackOrFail(res: http.ServerResponse, jids: string[]): Promise<void> {
    try {
      await this.ack(jids);
    } catch (err) {
      // The upstream delete happened; the ack is not durable. Report an error so that the caller
      // knows; at worst the message is re-sent after a restart (duplicate, never a loss).
      this.deps.log(`durable-sqs: ack not journaled: ${(err as Error).message}`);
      sqsError(res, 500, 'InternalError', 'Receiver', 'durable-sqs: the journal could not be written');
    }
  }

  /** Journal acks (awaited: a 200 to DeleteMessage means the ack is at least in the OS page cache). */
  private async ack(jids: Iterable<string>): Promise<void> {
    const { journal, entries } = this.deps;
    const recs: JournalRecord[] = [];
    for (const id of new Set(jids)) {
      if (!entries.has(id)) continue;
      entries.forget(id);
      recs.push({ t: 'ack', id });
    }
    if (recs.length > 0) await journal.append(recs, false);
  }
}
