/**
 * Durable local SQS: an HTTP proxy in front of fauxqs (in-memory SQS emulator)
 * that keeps a write-ahead journal, so that a message accepted by SendMessage /
 * SendMessageBatch survives a crash (even SIGKILL) of the whole local stack.
 *
 * Usage (local stack):
 *
 *   const fauxqs = await startFauxqs({ port: 0, logger: false });
 *   const sqs = await startDurableSqs({ upstreamUrl: fauxqs.address, journalPath: join(dataDir, 'sqs-journal.jsonl') });
 *   // create the queues (through sqs.url or directly on fauxqs), then:
 *   await sqs.recover();           // re-sends what was accepted but never deleted, compacts the journal
 *   // point every SQSClient at sqs.url: new SQSClient({ endpoint: sqs.url, ... })
 *
 * Wire protocol: @aws-sdk/client-sqs v3 (≥ 3.4xx) speaks AWS JSON 1.0
 * (`POST /`, `Content-Type: application/x-amz-json-1.0`, `X-Amz-Target: AmazonSQS.<Action>`,
 * plus `x-amzn-query-mode: true`); fauxqs only implements that protocol for SQS.
 * Those requests are interpreted; anything else (SNS, S3, /health, /_fauxqs/…) is piped through untouched.
 *
 * Queue URLs: fauxqs builds `http://sqs.<region>.localhost:<port>/<account>/<name>`, which
 * does not resolve everywhere, and the SDK (useQueueUrlAsEndpoint, default true) sends to the
 * QueueUrl's host when no `endpoint` is configured. The proxy therefore rewrites every QueueUrl
 * it returns to `http://<host>:<proxyPort>/<account>/<name>` and maps any incoming QueueUrl back
 * to the upstream URL by queue NAME (learned from responses, else via ListQueues).
 *
 * Journal: JSON lines, append-only, at `journalPath`:
 *   {"t":"send","id":J,"q":queueName,"ts":ms,"b":body,"a"?:MessageAttributes,"sa"?:MessageSystemAttributes,
 *    "d"?:DelaySeconds,"g"?:MessageGroupId,"dd"?:MessageDeduplicationId,"m"?:MessageId}
 *        written and fdatasync'ed BEFORE the request is forwarded (group commit across concurrent requests)
 *   {"t":"sent","id":J,"m":MessageId}  upstream accepted the entry (not fsync'ed: losing it only loses the id)
 *   {"t":"ack","id":J}                 DeleteMessage(Batch) succeeded for a received copy, or PurgeQueue
 *   {"t":"drop","id":J}                upstream rejected the entry (4xx): the caller got an error, nothing to keep
 * An entry is live from its "send" until an "ack"/"drop". Queues are recorded by name, never by URL.
 * Compaction (recover(), or automatically past `compactAfterBytes`) rewrites the file atomically
 * (tmp + fsync + rename + dir fsync) with one "send" line (carrying "m") per live entry.
 *
 * Message bodies and attributes are never logged.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { AddressInfo } from 'node:net';

export interface DurableSqsOptions {
  /** Base URL of the upstream SQS endpoint (fauxqs `server.address`), e.g. `http://127.0.0.1:4566`. */
  readonly upstreamUrl: string;
  /** Journal file (created with its directory if missing). One proxy per journal at a time. */
  readonly journalPath: string;
  /** Interface to listen on; also the host of the queue URLs the proxy hands out. Default 127.0.0.1. */
  readonly host?: string;
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number;
  /** Compact the journal once this many bytes were appended since the last compaction. Default 64 MiB. */
  readonly compactAfterBytes?: number;
  /** Operational messages (never message contents). Default: silent. */
  readonly log?: (message: string) => void;
}

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

export interface DurableSqs {
  /** Endpoint for SQSClient({ endpoint }), e.g. `http://127.0.0.1:43123`. */
  readonly url: string;
  readonly port: number;
  /**
   * Re-send every entry of earlier runs that was journaled but never acked, to its queue (resolved by
   * name: create the queues first), then compact the journal. Safe to call again (replays only what
   * is still pending, e.g. after creating a missing queue).
   */
  recover(): Promise<RecoveryReport>;
  /** Stop listening, drop connections, finish pending journal writes, close the file. */
  close(): Promise<void>;
  /**
   * SQS API requests received so far, by action (what SQS would bill); receives that returned
   * no message are also counted apart as `ReceiveMessage:empty` (long polls of an idle consumer).
   */
  requestCounts(): Record<string, number>;
}

// ---------------------------------------------------------------------------------------------
// Journal

interface SendRecord {
  t: 'send';
  id: string;
  q: string;
  ts: number;
  b: string;
  a?: Record<string, unknown>;
  sa?: Record<string, unknown>;
  d?: number;
  g?: string;
  dd?: string;
  m?: string;
}
type JournalRecord = SendRecord | { t: 'sent'; id: string; m: string } | { t: 'ack' | 'drop'; id: string };

interface ScanResult {
  live: Map<string, SendRecord>;
  corruptLines: number;
  bytes: number;
}

class Journal {
  private fh: FileHandle | undefined;
  private pending: { data: string; sync: boolean; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushScheduled = false;
  private tail: Promise<unknown> = Promise.resolve();
  private broken: Error | undefined;
  private appendedSinceCompaction = 0;
  private compactionScheduled = false;

  constructor(
    readonly path: string,
    private readonly compactAfterBytes: number,
    private readonly onAutoCompact: () => Promise<void>,
  ) {}

  /** Opens the journal, cutting off a torn last line (a crash in the middle of an append). */
  async open(): Promise<{ cutBytes: number }> {
    await mkdir(dirname(this.path), { recursive: true });
    let created = false;
    let fh: FileHandle;
    try {
      fh = await open(this.path, 'r+');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      fh = await open(this.path, 'a+');
      created = true;
    }
    let cutBytes = 0;
    try {
      const { size } = await fh.stat();
      const keep = await lastNewlineEnd(fh, size);
      if (keep < size) {
        await fh.truncate(keep);
        await fh.datasync();
        cutBytes = size - keep;
      }
    } finally {
      await fh.close();
    }
    if (created) await fsyncDir(dirname(this.path));
    this.fh = await open(this.path, 'a');
    return { cutBytes };
  }

  /** Appends records; resolves once written (and fdatasync'ed when `sync`). Concurrent appends share one write+fsync. */
  append(records: JournalRecord[], sync: boolean): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    const data = records.map((r) => JSON.stringify(r) + '\n').join('');
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ data, sync, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        void this.exclusive(() => this.flush());
      }
    });
  }

  /** Runs `op` with the file to itself (no append in between). */
  exclusive<T>(op: () => Promise<T>): Promise<T> {
    const run = this.tail.then(op);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      if (this.broken) throw this.broken;
      if (!this.fh) throw new Error('durable-sqs: journal is closed');
      const data = batch.length === 1 ? batch[0]!.data : batch.map((p) => p.data).join('');
      await this.fh.appendFile(data, 'utf8');
      if (batch.some((p) => p.sync)) await this.fh.datasync();
      this.appendedSinceCompaction += Buffer.byteLength(data);
      for (const p of batch) p.resolve();
    } catch (err) {
      // A failed or partial write leaves the file in an unknown state: refuse further appends
      // (sends then fail with a 500 instead of being accepted without durability).
      this.broken ??= new Error(`durable-sqs: journal write failed: ${(err as Error).message}`);
      for (const p of batch) p.reject(this.broken);
    }
    if (!this.compactionScheduled && this.appendedSinceCompaction > this.compactAfterBytes) {
      this.compactionScheduled = true;
      void this.onAutoCompact().finally(() => {
        this.compactionScheduled = false;
      });
    }
  }

  /** Reads the whole journal and folds it into the live entries. Call inside exclusive(). */
  async scan(): Promise<ScanResult> {
    const live = new Map<string, SendRecord>();
    let corruptLines = 0;
    let bytes = 0;
    const lines = createInterface({ input: createReadStream(this.path, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      bytes += Buffer.byteLength(line) + 1;
      if (line.trim() === '') continue;
      let rec: unknown;
      try {
        rec = JSON.parse(line);
      } catch {
        corruptLines++;
        continue;
      }
      if (!isRecord(rec)) {
        corruptLines++;
        continue;
      }
      switch (rec.t) {
        case 'send':
          live.set(rec.id, rec);
          break;
        case 'sent': {
          const entry = live.get(rec.id);
          if (entry) entry.m = rec.m;
          break;
        }
        case 'ack':
        case 'drop':
          live.delete(rec.id);
          break;
      }
    }
    return { live, corruptLines, bytes };
  }

  /** Atomically replaces the journal with `entries`. Call inside exclusive(). */
  async rewrite(entries: Iterable<SendRecord>): Promise<number> {
    const tmp = `${this.path}.tmp`;
    const out = await open(tmp, 'w');
    let bytes = 0;
    try {
      let chunk: string[] = [];
      let chunkLen = 0;
      for (const e of entries) {
        const line = JSON.stringify(e) + '\n';
        chunk.push(line);
        chunkLen += line.length;
        if (chunkLen > 1 << 20) {
          const data = chunk.join('');
          await out.appendFile(data, 'utf8');
          bytes += Buffer.byteLength(data);
          chunk = [];
          chunkLen = 0;
        }
      }
      const data = chunk.join('');
      await out.appendFile(data, 'utf8');
      bytes += Buffer.byteLength(data);
      await out.datasync();
    } finally {
      await out.close();
    }
    await rename(tmp, this.path);
    await fsyncDir(dirname(this.path));
    const old = this.fh;
    this.fh = await open(this.path, 'a');
    await old?.close();
    this.appendedSinceCompaction = 0;
    return bytes;
  }

  async close(): Promise<void> {
    await this.exclusive(async () => {
      await this.flush();
      const fh = this.fh;
      this.fh = undefined;
      await fh?.close();
    });
  }
}

function isRecord(v: unknown): v is JournalRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'string') return false;
  switch (r.t) {
    case 'send':
      return typeof r.q === 'string' && typeof r.b === 'string';
    case 'sent':
      return typeof r.m === 'string';
    case 'ack':
    case 'drop':
      return true;
    default:
      return false;
  }
}

/** Offset just after the last '\n' of the file (0 if none). */
async function lastNewlineEnd(fh: FileHandle, size: number): Promise<number> {
  const buf = Buffer.alloc(64 * 1024);
  let pos = size;
  while (pos > 0) {
    const n = Math.min(buf.length, pos);
    pos -= n;
    await fh.read(buf, 0, n, pos);
    const i = buf.subarray(0, n).lastIndexOf(0x0a);
    if (i >= 0) return pos + i + 1;
  }
  return 0;
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    const d = await open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // Not supported on every platform/filesystem; the rename itself is still atomic.
  }
}

// ---------------------------------------------------------------------------------------------
// Proxy

interface UpstreamResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

interface LiveEntry {
  /** Origin queue name. */
  q: string;
  md5?: string;
  messageIds: string[];
  handles: string[];
  /** Queue it was last received from (differs from `q` once redriven to a DLQ). */
  loc?: string;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'content-length',
]);
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const JSON_CT = 'application/x-amz-json-1.0';

export async function startDurableSqs(options: DurableSqsOptions): Promise<DurableSqs> {
  const log = options.log ?? (() => undefined);
  const upstream = new URL(options.upstreamUrl);
  if (upstream.protocol !== 'http:') throw new Error('durable-sqs: upstreamUrl must be http://');
  const listenHost = options.host ?? '127.0.0.1';
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const runId = randomBytes(4).toString('hex');
  let seq = 0;
  const newJid = () => `${runId}.${(seq++).toString(36)}`;

  // In-memory index of live entries (bodies stay on disk).
  const entries = new Map<string, LiveEntry>();
  const byMessageId = new Map<string, string>();
  const byHandle = new Map<string, string>();
  const byMd5 = new Map<string, Set<string>>();
  const replayedThisRun = new Set<string>();
  /** queue name → upstream QueueUrl */
  const upstreamUrls = new Map<string, string>();

  const journal = new Journal(options.journalPath, options.compactAfterBytes ?? 64 * 1024 * 1024, async () => {
    try {
      await journal.exclusive(async () => {
        const { live } = await journal.scan();
        await journal.rewrite(live.values());
      });
      log('durable-sqs: journal compacted');
    } catch (err) {
      log(`durable-sqs: journal compaction failed: ${(err as Error).message}`);
    }
  });
  const { cutBytes } = await journal.open();
  if (cutBytes > 0) log(`durable-sqs: cut a torn last journal line (${cutBytes} bytes)`);

  let proxyOrigin = '';

  // --- entry bookkeeping -------------------------------------------------------------------
  /** Returns false when upstream answered with the MessageId of another live entry (FIFO deduplication). */
  function track(jid: string, q: string, messageId: string, md5: string | undefined): boolean {
    const owner = byMessageId.get(messageId);
    if (owner !== undefined && owner !== jid) return false;
    let e = entries.get(jid);
    if (!e) {
      e = { q, messageIds: [], handles: [] };
      entries.set(jid, e);
    }
    e.messageIds.push(messageId);
    byMessageId.set(messageId, jid);
    if (md5) {
      e.md5 = md5;
      let set = byMd5.get(md5);
      if (!set) byMd5.set(md5, (set = new Set()));
      set.add(jid);
    }
    return true;
  }

  function forget(jid: string): void {
    const e = entries.get(jid);
    if (!e) return;
    entries.delete(jid);
    for (const m of e.messageIds) byMessageId.delete(m);
    for (const h of e.handles) byHandle.delete(h);
    if (e.md5) {
      const set = byMd5.get(e.md5);
      set?.delete(jid);
      if (set?.size === 0) byMd5.delete(e.md5);
    }
  }

  /** Journal acks (awaited: a 200 to DeleteMessage means the ack is at least in the OS page cache). */
  async function ack(jids: Iterable<string>): Promise<void> {
    const recs: JournalRecord[] = [];
    for (const id of new Set(jids)) {
      if (!entries.has(id)) continue;
      forget(id);
      recs.push({ t: 'ack', id });
    }
    if (recs.length > 0) await journal.append(recs, false);
  }

  /**
   * A received message → its journal entry. fauxqs keeps the MessageId when it redrives a message to
   * its DLQ (same object), so the id lookup is enough there. For an upstream that assigned a new id,
   * fall back to the body MD5, but only when exactly one live entry of ANOTHER queue matches (the
   * redrive case); anything ambiguous stays unmatched, i.e. is never acked and is re-sent on the
   * next recovery (a duplicate at worst, never a loss).
   */
  function matchReceived(messageId: string, md5: string | undefined, queue: string): string | undefined {
    const known = byMessageId.get(messageId);
    if (known) return known;
    if (!md5) return undefined;
    const candidates = [...(byMd5.get(md5) ?? [])].filter((c) => entries.get(c)?.q !== queue);
    const jid = candidates.length === 1 ? candidates[0] : undefined;
    if (!jid) return undefined;
    entries.get(jid)!.messageIds.push(messageId);
    byMessageId.set(messageId, jid);
    return jid;
  }

  // --- upstream ----------------------------------------------------------------------------
  function upstreamRequest(
    method: string,
    path: string,
    headers: http.OutgoingHttpHeaders,
    body: Buffer | undefined,
  ): Promise<UpstreamResponse> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        { protocol: 'http:', hostname: upstream.hostname, port: upstream.port || 80, method, path, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async function callUpstream(action: string, input: unknown): Promise<{ status: number; output: any }> {
    const body = Buffer.from(JSON.stringify(input));
    const res = await upstreamRequest(
      'POST',
      '/',
      {
        host: upstream.host,
        'content-type': JSON_CT,
        'x-amz-target': `AmazonSQS.${action}`,
        'x-amzn-query-mode': 'true',
        'content-length': body.length,
      },
      body,
    );
    let output: any = {};
    try {
      output = res.body.length > 0 ? JSON.parse(res.body.toString('utf8')) : {};
    } catch {
      output = {};
    }
    return { status: res.status, output };
  }

  async function resolveUpstreamUrl(name: string): Promise<string | undefined> {
    const cached = upstreamUrls.get(name);
    if (cached) return cached;
    const { status, output } = await callUpstream('ListQueues', { QueueNamePrefix: name });
    if (status !== 200 || !Array.isArray(output?.QueueUrls)) return undefined;
    const url = (output.QueueUrls as unknown[]).find((u): u is string => typeof u === 'string' && queueNameOf(u) === name);
    if (url) upstreamUrls.set(name, url);
    return url;
  }

  function learn(upstreamUrl: unknown): string | undefined {
    if (typeof upstreamUrl !== 'string') return undefined;
    const name = queueNameOf(upstreamUrl);
    if (!name) return upstreamUrl;
    upstreamUrls.set(name, upstreamUrl);
    return toProxyUrl(upstreamUrl);
  }

  function toProxyUrl(u: string): string {
    return proxyOrigin + pathOf(u);
  }

  // --- SQS JSON handling -------------------------------------------------------------------
  const requests: Record<string, number> = {};
  const count = (key: string) => void (requests[key] = (requests[key] ?? 0) + 1);

  async function handleSqs(req: http.IncomingMessage, res: http.ServerResponse, action: string): Promise<void> {
    count(action);
    const raw = await readBody(req);
    let input: any;
    try {
      input = JSON.parse(raw.toString('utf8'));
    } catch {
      input = undefined;
    }
    if (typeof input !== 'object' || input === null) {
      // Let upstream produce its own error for a malformed request.
      return reply(res, await forward(req, raw));
    }

    let queue: string | undefined;
    if (typeof input.QueueUrl === 'string') {
      queue = queueNameOf(input.QueueUrl);
      if (queue) input.QueueUrl = (await resolveUpstreamUrl(queue)) ?? input.QueueUrl;
    }

    // Write-ahead: journal and fsync sends before upstream sees them.
    let sendJids: string[] = [];
    let batchIds = new Map<string, string>(); // batch entry Id → jid
    if (queue && (action === 'SendMessage' || action === 'SendMessageBatch')) {
      const now = Date.now();
      const recs: SendRecord[] = [];
      const items: any[] = action === 'SendMessage' ? [input] : Array.isArray(input.Entries) ? input.Entries : [];
      for (const it of items) {
        if (typeof it?.MessageBody !== 'string') continue; // upstream rejects it; nothing to keep
        const rec: SendRecord = { t: 'send', id: newJid(), q: queue, ts: now, b: it.MessageBody };
        if (it.MessageAttributes && typeof it.MessageAttributes === 'object') rec.a = it.MessageAttributes;
        if (it.MessageSystemAttributes && typeof it.MessageSystemAttributes === 'object') rec.sa = it.MessageSystemAttributes;
        if (typeof it.DelaySeconds === 'number' && it.DelaySeconds > 0) rec.d = it.DelaySeconds;
        if (typeof it.MessageGroupId === 'string') rec.g = it.MessageGroupId;
        if (typeof it.MessageDeduplicationId === 'string') rec.dd = it.MessageDeduplicationId;
        recs.push(rec);
        if (action === 'SendMessageBatch' && typeof it.Id === 'string') batchIds.set(it.Id, rec.id);
      }
      sendJids = recs.map((r) => r.id);
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
    if (action === 'PurgeQueue' && queue) purgeSnapshot = await snapshotMessageIds(queue);

    const body = Buffer.from(JSON.stringify(input));
    let up: UpstreamResponse;
    try {
      up = await forward(req, body);
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
      case 'SendMessage': {
        const jid = sendJids[0];
        if (!jid || !queue) break;
        if (up.status === 200 && typeof output?.MessageId === 'string') {
          const rec: JournalRecord = track(jid, queue, output.MessageId, output.MD5OfMessageBody)
            ? { t: 'sent', id: jid, m: output.MessageId }
            : { t: 'drop', id: jid };
          void journal.append([rec], false).catch(() => undefined);
        } else if (up.status >= 400 && up.status < 500) {
          void journal.append([{ t: 'drop', id: jid }], false).catch(() => undefined);
        }
        break;
      }
      case 'SendMessageBatch': {
        if (!queue || sendJids.length === 0) break;
        const recs: JournalRecord[] = [];
        if (up.status === 200 && output) {
          for (const s of Array.isArray(output.Successful) ? output.Successful : []) {
            const jid = batchIds.get(s?.Id);
            if (!jid || typeof s.MessageId !== 'string') continue;
            recs.push(
              track(jid, queue, s.MessageId, s.MD5OfMessageBody) ? { t: 'sent', id: jid, m: s.MessageId } : { t: 'drop', id: jid },
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
        break;
      }
      case 'ReceiveMessage': {
        if (up.status === 200 && !(output?.Messages?.length > 0)) count('ReceiveMessage:empty');
        if (up.status !== 200 || !queue || !Array.isArray(output?.Messages)) break;
        for (const m of output.Messages) {
          if (typeof m?.MessageId !== 'string' || typeof m.ReceiptHandle !== 'string') continue;
          const jid = matchReceived(m.MessageId, m.MD5OfBody, queue);
          const e = jid ? entries.get(jid) : undefined;
          if (!jid || !e) continue;
          e.loc = queue;
          e.handles.push(m.ReceiptHandle);
          byHandle.set(m.ReceiptHandle, jid);
          if (e.handles.length > 16) byHandle.delete(e.handles.shift()!);
        }
        break;
      }
      case 'DeleteMessage': {
        // Any successful delete with a handle we issued means a consumer is done with the message
        // (even a stale handle: the message was processed; a redelivery would be a duplicate).
        const jid = up.status === 200 ? byHandle.get(input.ReceiptHandle) : undefined;
        if (jid) await ackOrFail(res, [jid]);
        break;
      }
      case 'DeleteMessageBatch': {
        if (up.status !== 200 || !output) break;
        const handleById = new Map<string, string>();
        for (const e of Array.isArray(input.Entries) ? input.Entries : []) {
          if (typeof e?.Id === 'string' && typeof e.ReceiptHandle === 'string') handleById.set(e.Id, e.ReceiptHandle);
        }
        const jids: string[] = [];
        for (const s of Array.isArray(output.Successful) ? output.Successful : []) {
          const jid = byHandle.get(handleById.get(s?.Id) ?? '');
          if (jid) jids.push(jid);
        }
        if (jids.length > 0) await ackOrFail(res, jids);
        break;
      }
      case 'PurgeQueue': {
        if (up.status !== 200 || !queue) break;
        let jids: string[];
        if (purgeSnapshot) {
          jids = [...purgeSnapshot].map((m) => byMessageId.get(m)).filter((j): j is string => j !== undefined);
        } else {
          // Upstream without the inspection endpoint: best effort by last known location.
          jids = [...entries].filter(([, e]) => (e.loc ?? e.q) === queue).map(([j]) => j);
        }
        await ackOrFail(res, jids);
        break;
      }
      case 'CreateQueue':
      case 'GetQueueUrl': {
        if (up.status === 200 && output && typeof output.QueueUrl === 'string') {
          output.QueueUrl = learn(output.QueueUrl);
          rewritten = true;
        }
        break;
      }
      case 'ListQueues': {
        if (up.status === 200 && Array.isArray(output?.QueueUrls)) {
          output.QueueUrls = output.QueueUrls.map((u: unknown) => learn(u) ?? u);
          rewritten = true;
        }
        break;
      }
      case 'ListDeadLetterSourceQueues': {
        if (up.status === 200 && Array.isArray(output?.queueUrls)) {
          output.queueUrls = output.queueUrls.map((u: unknown) => learn(u) ?? u);
          rewritten = true;
        }
        break;
      }
      case 'DeleteQueue': {
        if (up.status === 200 && queue) upstreamUrls.delete(queue);
        break;
      }
    }
    if (res.headersSent) return; // ackOrFail answered with an error
    if (rewritten) up = { ...up, body: Buffer.from(JSON.stringify(output)) };
    reply(res, up);
  }

  async function ackOrFail(res: http.ServerResponse, jids: string[]): Promise<void> {
    try {
      await ack(jids);
    } catch (err) {
      // The upstream delete happened; the ack is not durable. Report an error so that the caller
      // knows; at worst the message is re-sent after a restart (duplicate, never a loss).
      log(`durable-sqs: ack not journaled: ${(err as Error).message}`);
      sqsError(res, 500, 'InternalError', 'Receiver', 'durable-sqs: the journal could not be written');
    }
  }

  async function snapshotMessageIds(queue: string): Promise<Set<string> | undefined> {
    try {
      const r = await upstreamRequest('GET', `/_fauxqs/queues/${encodeURIComponent(queue)}`, { host: upstream.host }, undefined);
      if (r.status !== 200) return undefined;
      const state = JSON.parse(r.body.toString('utf8')) as {
        messages?: { ready?: { messageId?: string }[]; delayed?: { messageId?: string }[]; inflight?: { message?: { messageId?: string } }[] };
      };
      const ids = new Set<string>();
      for (const m of state.messages?.ready ?? []) if (m.messageId) ids.add(m.messageId);
      for (const m of state.messages?.delayed ?? []) if (m.messageId) ids.add(m.messageId);
      for (const m of state.messages?.inflight ?? []) if (m.message?.messageId) ids.add(m.message.messageId);
      return ids;
    } catch {
      return undefined;
    }
  }

  function forward(req: http.IncomingMessage, body: Buffer): Promise<UpstreamResponse> {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    }
    headers.host = upstream.host; // fauxqs builds queue URLs from its own port, like its programmatic createQueue
    headers['content-length'] = body.length;
    return upstreamRequest(req.method ?? 'POST', req.url ?? '/', headers, body);
  }

  function reply(res: http.ServerResponse, up: UpstreamResponse): void {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(up.headers)) {
      if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    }
    headers['content-length'] = up.body.length;
    res.writeHead(up.status, headers);
    res.end(up.body);
  }

  /** Non-SQS traffic (SNS, S3, health, inspection): streamed through unchanged. */
  function pipeThrough(req: http.IncomingMessage, res: http.ServerResponse): void {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined && k !== 'connection' && k !== 'keep-alive' && k !== 'proxy-connection') headers[k] = v;
    }
    const upReq = http.request(
      { protocol: 'http:', hostname: upstream.hostname, port: upstream.port || 80, method: req.method, path: req.url, headers, agent },
      (upRes) => {
        const h: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(upRes.headers)) {
          if (v !== undefined && k !== 'connection' && k !== 'keep-alive') h[k] = v;
        }
        res.writeHead(upRes.statusCode ?? 502, h);
        upRes.pipe(res);
      },
    );
    upReq.on('error', () => {
      if (!res.headersSent) sqsError(res, 502, 'ServiceUnavailable', 'Receiver', 'durable-sqs: upstream unreachable');
      else res.destroy();
    });
    req.pipe(upReq);
  }

  const server = http.createServer((req, res) => {
    const target = req.headers['x-amz-target'];
    const action = typeof target === 'string' && target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : undefined;
    if (req.method !== 'POST' || !action) return pipeThrough(req, res);
    handleSqs(req, res, action).catch((err: unknown) => {
      log(`durable-sqs: ${action} failed: ${(err as Error).message}`);
      if (!res.headersSent) sqsError(res, 500, 'InternalError', 'Receiver', 'durable-sqs: internal error');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = listenHost === '0.0.0.0' || listenHost === '::' ? '127.0.0.1' : listenHost.includes(':') ? `[${listenHost}]` : listenHost;
  proxyOrigin = `http://${hostForUrl}:${port}`;

  // --- recovery ----------------------------------------------------------------------------
  async function recover(): Promise<RecoveryReport> {
    return journal.exclusive(async () => {
      const scan = await journal.scan();
      const toReplay = [...scan.live.values()].filter((e) => !e.id.startsWith(`${runId}.`) && !replayedThisRun.has(e.id));
      const byQueue = new Map<string, SendRecord[]>();
      for (const e of toReplay) {
        let list = byQueue.get(e.q);
        if (!list) byQueue.set(e.q, (list = []));
        list.push(e);
      }
      let replayed = 0;
      let pending = 0;
      let dropped = 0;
      await Promise.all(
        [...byQueue].map(async ([q, list]) => {
          const url = await resolveUpstreamUrl(q).catch(() => undefined);
          if (!url) {
            pending += list.length;
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
              r = await callUpstream('SendMessageBatch', { QueueUrl: url, Entries });
            } catch {
              pending += batch.length;
              continue;
            }
            if (r.status !== 200) {
              pending += batch.length;
              continue;
            }
            const ok = new Map<string, any>();
            for (const s of Array.isArray(r.output?.Successful) ? r.output.Successful : []) ok.set(s?.Id, s);
            const failed = new Map<string, any>();
            for (const f of Array.isArray(r.output?.Failed) ? r.output.Failed : []) failed.set(f?.Id, f);
            batch.forEach((e, i) => {
              const s = ok.get(`e${i}`);
              if (s && typeof s.MessageId === 'string') {
                replayedThisRun.add(e.id);
                if (track(e.id, e.q, s.MessageId, s.MD5OfMessageBody)) {
                  e.m = s.MessageId;
                  replayed++;
                } else {
                  scan.live.delete(e.id); // FIFO deduplicated it against another live entry
                  dropped++;
                }
              } else if (failed.get(`e${i}`)?.SenderFault === true) {
                scan.live.delete(e.id);
                dropped++;
              } else {
                pending++;
              }
            });
          }
        }),
      );
      const bytesAfter = await journal.rewrite(scan.live.values());
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

  let closed: Promise<void> | undefined;
  async function close(): Promise<void> {
    closed ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
      await journal.close();
    })();
    return closed;
  }

  return { url: proxyOrigin, port, recover, close, requestCounts: () => ({ ...requests }) };
}

// ---------------------------------------------------------------------------------------------
// helpers

/**
 * Path of a queue URL, parsed by hand: fauxqs started with `host: '127.0.0.1'` hands out
 * `http://sqs.<region>.127.0.0.1:<port>/…`, which WHATWG `new URL()` rejects (a host ending in a number).
 */
function pathOf(queueUrl: string): string {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/.exec(queueUrl);
  return m ? m[1] || '/' : queueUrl.split(/[?#]/)[0]!;
}

function queueNameOf(queueUrl: string): string | undefined {
  const segs = pathOf(queueUrl).split('/').filter(Boolean);
  if (segs.length === 0) return undefined;
  try {
    return decodeURIComponent(segs[segs.length - 1]!);
  } catch {
    return segs[segs.length - 1];
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

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let len = 0;
    req.on('data', (c: Buffer) => {
      len += c.length;
      if (len > MAX_REQUEST_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sqsError(res: http.ServerResponse, status: number, code: string, fault: 'Sender' | 'Receiver', message: string): void {
  const body = Buffer.from(JSON.stringify({ __type: `com.amazonaws.sqs#${code}`, message }));
  res.writeHead(status, {
    'content-type': JSON_CT,
    'x-amzn-query-error': `${code};${fault}`,
    'content-length': body.length,
  });
  res.end(body);
}
