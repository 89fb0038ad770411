/**
 * The durable SQS proxy's write-ahead journal: JSON lines, append-only, group-committed
 * (concurrent appends share one write + fdatasync), folded into the live entries on a scan,
 * and compacted by an atomic rewrite. The record format is described in ../durable-sqs.ts.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

export interface SendRecord {
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
export type JournalRecord = SendRecord | { t: 'sent'; id: string; m: string } | { t: 'ack' | 'drop'; id: string };

export interface ScanResult {
  live: Map<string, SendRecord>;
  corruptLines: number;
  bytes: number;
}

export class Journal {
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
