/**
 * Durable local SQS (cli/local/durable-sqs.ts): real fauxqs on port 0, the journaling proxy on
 * port 0, the real @aws-sdk/client-sqs pointed at the proxy. The crash test runs fauxqs + proxy in
 * a child process and kills it with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  type Message,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import { startDurableSqs, type DurableSqs } from '../../cli/local/durable-sqs';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const silent = { debug() {}, info() {}, warn() {}, error() {}, trace() {} };

let dir: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cv-durable-sqs-'));
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

function client(endpoint?: string): SQSClient {
  const c = new SQSClient({
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    logger: silent,
    maxAttempts: 1,
    ...(endpoint ? { endpoint } : {}),
  });
  cleanups.push(async () => c.destroy());
  return c;
}

interface Stack {
  fauxqs: FauxqsServer;
  proxy: DurableSqs;
  sqs: SQSClient;
  /** Stops both without anything extra (the proxy only closes its file; nothing is flushed that is not already written). */
  stop(): Promise<void>;
}

/** `fauxqsHost: '127.0.0.1'` (as cli/local/stack.ts does) makes fauxqs hand out `http://sqs.<region>.127.0.0.1:<port>/…`. */
async function startStack(journalPath: string, fauxqsHost?: string): Promise<Stack> {
  const fauxqs = await startFauxqs({ port: 0, logger: false, ...(fauxqsHost ? { host: fauxqsHost } : {}) });
  const proxy = await startDurableSqs({ upstreamUrl: fauxqs.address, journalPath });
  const sqs = client(proxy.url);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    sqs.destroy();
    await proxy.close();
    await fauxqs.stop();
  };
  cleanups.push(stop);
  return { fauxqs, proxy, sqs, stop };
}

async function createQueue(sqs: SQSClient, name: string, attributes?: Record<string, string>): Promise<string> {
  const out = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return out.QueueUrl!;
}

/** Receives everything currently visible (keeps it in flight). */
async function drain(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 300,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
      }),
    );
    if (!out.Messages?.length) return all;
    all.push(...out.Messages);
  }
}

async function journalLines(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
}

const body = (i: number) => `Très déçu du service client — commande #${i} {"n":${i}}`;
const attrs = (i: number): Record<string, MessageAttributeValue> => ({
  seq: { DataType: 'Number', StringValue: String(i) },
  channel: { DataType: 'String', StringValue: i % 2 ? 'email' : 'api' },
});

/** Runs fauxqs + proxy in a child process, so that the test can SIGKILL the whole local stack. */
async function startChildStack(journalPath: string): Promise<{ child: ChildProcess; url: string }> {
  const code = `
    const { startFauxqs } = await import('fauxqs');
    const { startDurableSqs } = await import('./cli/local/durable-sqs.ts');
    const fauxqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
    const proxy = await startDurableSqs({ upstreamUrl: fauxqs.address, journalPath: process.env.CV_TEST_JOURNAL });
    await proxy.recover();
    process.stdout.write(JSON.stringify({ url: proxy.url }) + '\\n');
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: REPO_ROOT,
    env: { ...process.env, CV_TEST_JOURNAL: journalPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before ready: ${stderr}`)));
  });
  return { child, url: (JSON.parse(line) as { url: string }).url };
}

describe('durable local SQS (journaling proxy in front of fauxqs)', () => {
  it('keeps every accepted, undeleted message across a SIGKILL of the whole stack', async () => {
    const journalPath = join(dir, 'crash', 'sqs.jsonl');
    const { child, url } = await startChildStack(journalPath);
    const sqs = client(url);
    const queueUrl = await createQueue(sqs, 'cv-crash');
    expect(queueUrl).toBe(`${url}/000000000000/cv-crash`);

    // 20 single sends (concurrent, so their fsyncs are grouped) + 3 batches of 10 = 50.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body(i), MessageAttributes: attrs(i) })),
      ),
    );
    for (let b = 0; b < 3; b++) {
      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Array.from({ length: 10 }, (_, k) => {
            const i = 20 + b * 10 + k;
            return { Id: `m${i}`, MessageBody: body(i), MessageAttributes: attrs(i) };
          }),
        }),
      );
      expect(out.Successful).toHaveLength(10);
    }

    // Delete 10 (5 singly, 5 in a batch); receive 5 more and leave them in flight.
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300 }));
    expect(first.Messages).toHaveLength(10);
    const toDelete = first.Messages!;
    for (const m of toDelete.slice(0, 5)) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
    }
    const del = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: toDelete.slice(5).map((m, k) => ({ Id: `d${k}`, ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
    expect(del.Successful).toHaveLength(5);
    const inFlight = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 5, VisibilityTimeout: 300 }));
    expect(inFlight.Messages).toHaveLength(5);

    // SIGKILL right after the last answer: no shutdown hook, no flush.
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    sqs.destroy();

    const deleted = new Set(toDelete.map((m) => m.Body!));
    const expected = new Map<string, number>();
    for (let i = 0; i < 50; i++) if (!deleted.has(body(i))) expected.set(body(i), i);
    expect(expected.size).toBe(40);

    const stack = await startStack(journalPath, '127.0.0.1');
    const url2 = await createQueue(stack.sqs, 'cv-crash');
    const report = await stack.proxy.recover();
    expect(report).toMatchObject({ replayed: 40, pending: 0, live: 40 });

    const got = await drain(stack.sqs, url2);
    expect(got).toHaveLength(40);
    expect(new Set(got.map((m) => m.Body))).toEqual(new Set(expected.keys()));
    for (const m of got) {
      const i = expected.get(m.Body!)!;
      expect(m.MessageAttributes).toEqual(attrs(i));
      expect(m.Attributes?.ApproximateReceiveCount).toBe('1');
      expect(Number(m.Attributes?.SentTimestamp)).toBeGreaterThan(0);
    }
    await stack.stop();
  });

  it('lets fauxqs redrive to the DLQ through the proxy, recovers DLQ messages, and acks a DLQ delete', async () => {
    const journalPath = join(dir, 'dlq', 'sqs.jsonl');
    const setup = async (sqs: SQSClient) => {
      const src = await createQueue(sqs, 'cv-src');
      const dlq = await createQueue(sqs, 'cv-src-dlq');
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }));
      await sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: src,
          Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: 2 }) },
        }),
      );
      return { src, dlq };
    };
    const failTwice = async (sqs: SQSClient, src: string) => {
      for (const n of ['1', '2']) {
        const r = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: src, VisibilityTimeout: 0, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
        );
        expect(r.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe(n);
      }
      const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl: src, VisibilityTimeout: 0 }));
      expect(third.Messages ?? []).toHaveLength(0);
    };

    const a = await startStack(journalPath);
    const q = await setup(a.sqs);
    const sent = await a.sqs.send(new SendMessageCommand({ QueueUrl: q.src, MessageBody: body(7), MessageAttributes: attrs(7) }));
    await failTwice(a.sqs, q.src);
    const inDlq = await drain(a.sqs, q.dlq);
    expect(inDlq).toHaveLength(1);
    expect(inDlq[0]!.MessageId).toBe(sent.MessageId); // fauxqs keeps the MessageId on redrive
    expect(inDlq[0]!.MessageAttributes).toEqual(attrs(7));
    await a.stop();

    // Not deleted from the DLQ → still live: recovery re-sends it to its ORIGINAL queue.
    const b = await startStack(journalPath);
    const q2 = await setup(b.sqs);
    expect((await b.proxy.recover()).replayed).toBe(1);
    await failTwice(b.sqs, q2.src); // ...where it fails into the DLQ again
    const again = await drain(b.sqs, q2.dlq);
    expect(again.map((m) => m.Body)).toEqual([body(7)]);
    await b.sqs.send(new DeleteMessageCommand({ QueueUrl: q2.dlq, ReceiptHandle: again[0]!.ReceiptHandle! }));
    await b.stop();

    const c = await startStack(journalPath);
    const q3 = await setup(c.sqs);
    expect(await c.proxy.recover()).toMatchObject({ replayed: 0, live: 0 });
    expect(await drain(c.sqs, q3.src)).toHaveLength(0);
    expect(await drain(c.sqs, q3.dlq)).toHaveLength(0);
    await c.stop();
  });

  it('compacts the journal and is idempotent across restarts (no duplicates)', async () => {
    const journalPath = join(dir, 'compact', 'sqs.jsonl');
    const a = await startStack(journalPath);
    const q = await createQueue(a.sqs, 'cv-compact');
    for (let b = 0; b < 3; b++) {
      await a.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: q,
          Entries: Array.from({ length: 10 }, (_, k) => ({ Id: `e${k}`, MessageBody: body(b * 10 + k), MessageAttributes: attrs(b * 10 + k) })),
        }),
      );
    }
    const got = await a.sqs.send(new ReceiveMessageCommand({ QueueUrl: q, MaxNumberOfMessages: 10 }));
    await a.sqs.send(
      new DeleteMessageBatchCommand({ QueueUrl: q, Entries: got.Messages!.map((m, k) => ({ Id: `d${k}`, ReceiptHandle: m.ReceiptHandle! })) }),
    );
    const deleted = new Set(got.Messages!.map((m) => m.Body!));
    await a.stop();
    const before = (await stat(journalPath)).size;
    expect(await journalLines(journalPath)).toHaveLength(30 + 30 + 10); // send + sent + ack

    const b = await startStack(journalPath);
    const q2 = await createQueue(b.sqs, 'cv-compact');
    const r1 = await b.proxy.recover();
    expect(r1).toMatchObject({ replayed: 20, live: 20 });
    const after = (await stat(journalPath)).size;
    expect(after).toBeLessThan(before);
    expect(r1.bytesAfter).toBe(after);
    const lines = (await journalLines(journalPath)) as { t: string; m?: string }[];
    expect(lines).toHaveLength(20);
    expect(lines.every((l) => l.t === 'send' && typeof l.m === 'string')).toBe(true);
    // Recovering again in the same run replays nothing.
    expect(await b.proxy.recover()).toMatchObject({ replayed: 0, live: 20 });
    const attrsOut = await b.sqs.send(new GetQueueAttributesCommand({ QueueUrl: q2, AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(attrsOut.Attributes?.ApproximateNumberOfMessages).toBe('20');
    const recovered = await drain(b.sqs, q2);
    expect(recovered).toHaveLength(20);
    expect(new Set(recovered.map((m) => m.Body)).size).toBe(20);
    // Acks of replayed messages (new MessageIds) and new sends keep working.
    const ackNow = recovered.slice(0, 5);
    for (const m of ackNow) await b.sqs.send(new DeleteMessageCommand({ QueueUrl: q2, ReceiptHandle: m.ReceiptHandle! }));
    for (let i = 100; i < 103; i++) await b.sqs.send(new SendMessageCommand({ QueueUrl: q2, MessageBody: body(i) }));
    await b.stop();

    const expected = new Set<string>();
    for (let i = 0; i < 30; i++) if (!deleted.has(body(i))) expected.add(body(i));
    for (const m of ackNow) expected.delete(m.Body!);
    for (let i = 100; i < 103; i++) expected.add(body(i));
    expect(expected.size).toBe(18);

    const c = await startStack(journalPath);
    const q3 = await createQueue(c.sqs, 'cv-compact');
    expect(await c.proxy.recover()).toMatchObject({ replayed: 18, live: 18 });
    const final = await drain(c.sqs, q3);
    expect(final).toHaveLength(18);
    expect(new Set(final.map((m) => m.Body))).toEqual(expected);
    await c.stop();
  });

  it('tolerates a torn (truncated) last journal line and a corrupt one', async () => {
    const journalPath = join(dir, 'torn', 'sqs.jsonl');
    const a = await startStack(journalPath);
    const q = await createQueue(a.sqs, 'cv-torn');
    for (let i = 0; i < 5; i++) await a.sqs.send(new SendMessageCommand({ QueueUrl: q, MessageBody: body(i) }));
    await a.stop();
    // A line of garbage (e.g. NULs after a power cut), then a crash in the middle of an append.
    await appendFile(journalPath, '\u0000\u0000\u0000\n{"t":"send","id":"torn.0","q":"cv-torn","ts":1,"b":"half-writ');

    const b = await startStack(journalPath);
    const q2 = await createQueue(b.sqs, 'cv-torn');
    // A send before recover() must not be glued to the torn line.
    await b.sqs.send(new SendMessageCommand({ QueueUrl: q2, MessageBody: body(5) }));
    const report = await b.proxy.recover();
    expect(report).toMatchObject({ replayed: 5, corruptLines: 1, live: 6 });
    const got = await drain(b.sqs, q2);
    expect(new Set(got.map((m) => m.Body))).toEqual(new Set([0, 1, 2, 3, 4, 5].map(body)));
    expect((await journalLines(journalPath)).length).toBe(6); // every line parses
    await b.stop();

    const c = await startStack(journalPath);
    const q3 = await createQueue(c.sqs, 'cv-torn');
    expect(await c.proxy.recover()).toMatchObject({ replayed: 6, corruptLines: 0 });
    expect(new Set((await drain(c.sqs, q3)).map((m) => m.Body))).toEqual(new Set([0, 1, 2, 3, 4, 5].map(body)));
    await c.stop();
  });

  it('serves the SDK through proxy queue URLs (no endpoint needed), ChangeMessageVisibility, and journals PurgeQueue', async () => {
    const journalPath = join(dir, 'api', 'sqs.jsonl');
    const a = await startStack(journalPath, '127.0.0.1');
    await createQueue(a.sqs, 'cv-api', { VisibilityTimeout: '60' });
    const { QueueUrl } = await a.sqs.send(new GetQueueUrlCommand({ QueueName: 'cv-api' }));
    expect(QueueUrl).toBe(`${a.proxy.url}/000000000000/cv-api`);
    const listed = await a.sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'cv-api' }));
    expect(listed.QueueUrls).toEqual([QueueUrl]);

    // A client WITHOUT endpoint: the SDK sends to the QueueUrl's host (useQueueUrlAsEndpoint), i.e. the proxy.
    const bare = client();
    await bare.send(new SendMessageCommand({ QueueUrl, MessageBody: body(1), DelaySeconds: 0 }));
    const r1 = await bare.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(r1.Messages?.[0]?.Body).toBe(body(1));
    await bare.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: r1.Messages![0]!.ReceiptHandle!, VisibilityTimeout: 0 }));
    const r2 = await a.sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(r2.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');

    await a.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body(2) }));
    await a.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body(3) }));
    await a.sqs.send(new PurgeQueueCommand({ QueueUrl }));
    const acks = ((await journalLines(journalPath)) as { t: string }[]).filter((l) => l.t === 'ack');
    expect(acks).toHaveLength(3);
    await a.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body(4) }));
    await a.stop();

    const b = await startStack(journalPath, '127.0.0.1');
    const q2 = await createQueue(b.sqs, 'cv-api', { VisibilityTimeout: '60' });
    expect(await b.proxy.recover()).toMatchObject({ replayed: 1, live: 1 });
    expect((await drain(b.sqs, q2)).map((m) => m.Body)).toEqual([body(4)]);
    await b.stop();
  });
});
