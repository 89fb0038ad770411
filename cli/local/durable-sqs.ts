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
 *
 * The pieces, in ./durable-sqs/: journal.ts (the file), live-entries.ts (which upstream ids and
 * receipt handles belong to which entry), sqs-requests.ts (the SQS actions), recovery.ts (replay
 * and compaction), queue-urls.ts, upstream.ts and sqs-wire.ts (the HTTP side).
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Journal } from './durable-sqs/journal';
import { LiveEntries } from './durable-sqs/live-entries';
import { QueueUrls } from './durable-sqs/queue-urls';
import { JournalRecovery, type RecoveryReport } from './durable-sqs/recovery';
import { SqsRequestHandler } from './durable-sqs/sqs-requests';
import { sqsError } from './durable-sqs/sqs-wire';
import { SqsUpstream } from './durable-sqs/upstream';

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

export async function startDurableSqs(options: DurableSqsOptions): Promise<DurableSqs> {
  const log = options.log ?? (() => undefined);
  const upstream = new SqsUpstream(options.upstreamUrl);
  const listenHost = options.host ?? '127.0.0.1';
  const runId = randomBytes(4).toString('hex');
  let seq = 0;
  const newJid = () => `${runId}.${(seq++).toString(36)}`;

  const entries = new LiveEntries();
  const queueUrls = new QueueUrls(upstream);
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

  const sqsRequests = new SqsRequestHandler({ journal, entries, upstream, queueUrls, newJid, log });
  const recovery = new JournalRecovery({ journal, entries, upstream, queueUrls, runId, log });

  const server = http.createServer((req, res) => {
    const target = req.headers['x-amz-target'];
    const action = typeof target === 'string' && target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : undefined;
    if (req.method !== 'POST' || !action) return upstream.pipeThrough(req, res);
    sqsRequests.handle(req, res, action).catch((err: unknown) => {
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
  queueUrls.proxyOrigin = `http://${hostForUrl}:${port}`;

  let closed: Promise<void> | undefined;
  async function close(): Promise<void> {
    closed ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      upstream.destroy();
      await journal.close();
    })();
    return closed;
  }

  return {
    url: queueUrls.proxyOrigin,
    port,
    recover: () => recovery.recover(),
    close,
    requestCounts: () => sqsRequests.requestCounts(),
  };
}
