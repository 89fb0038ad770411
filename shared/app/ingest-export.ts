import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { hashCustomerId } from '../domain/customer';
import { MAX_REJECTED_KEPT_PER_CHUNK, type ExportChunk, type ExportJob } from '../domain/export-jobs';
import type { ExportProfilesConfig } from '../domain/export-profiles';
import { implausibleOccurredAt, toEnvelope, type FeedbackEnvelope } from '../domain/feedback';
import { InvalidRequestError, PayloadTooLargeError, ServiceUnavailableError, type Failure } from '../domain/failures';
import type { RejectCounts, RejectReason } from '../domain/reject-reasons';
import type { ExportJobStore } from '../ports/export-jobs';
import type { FeedbackQueue } from '../ports/feedback-queues';
import { ExportError, parseExport, type ExportFormat, type ParsedRecord } from './parse-export';

/** Envelopes sent per queue call while a file streams through (10 SQS batches). */
const SEND_EVERY = 100;
/** Queue calls in flight while parsing goes on: the file is read while earlier rows are being sent. */
const SENDS_IN_FLIGHT = 4;

export interface ExportJobResult {
  jobId: string;
  profile: string;
  rows: number;
  accepted: number;
  /** Records that are not customer feedback (deleted tickets, agent e-mails, empty lines). */
  skipped: number;
  rejected: { row: number; error: string }[];
}

/** The job's rejections (and skipped records) by reason code, for metrics; not part of the response. */
export interface ExportJobOutcome extends ExportJobResult {
  rejectedByReason: RejectCounts;
}

export function exportFormatOf(contentType: string | undefined): ExportFormat {
  const type = (contentType ?? '').toLowerCase();
  if (/\b(text\/csv|application\/csv|text\/plain)\b/.test(type)) return 'csv';
  if (/\b(application\/x-ndjson|application\/jsonl|application\/x-jsonlines)\b/.test(type)) return 'jsonl';
  if (/\bjson\b/.test(type)) return 'json';
  return 'auto';
}

export interface ExportSinkDeps {
  queue: FeedbackQueue;
  customerSalt: () => Promise<string>;
}

/**
 * Where parsed export records go: each good one becomes an envelope queued in batches, each bad
 * one a rejected row with its number and why. Shared by inline exports and chunked file jobs so
 * both count and key rows the same way (a file sent inline, then uploaded, counts once).
 */
export class ExportSink {
  rows = 0;
  accepted = 0;
  skipped = 0;
  rejectedCount = 0;
  readonly rejected: { row: number; error: string }[] = [];
  /** Rejections and skipped records by reason code, for metrics. */
  readonly rejectedByReason: RejectCounts = {};
  private pending: { row: number; envelope: FeedbackEnvelope }[] = [];
  private readonly inFlight: Promise<void>[] = [];
  private salt?: string;

  constructor(
    private readonly options: { sender: string; receivedAt: Date; maxRejectedKept?: number },
    private readonly deps: ExportSinkDeps,
  ) {}

  async add(record: ParsedRecord): Promise<void> {
    this.rows++;
    const r = record.result;
    if (!r.ok) {
      if (r.skipped) {
        this.skipped++;
        this.count('not_feedback');
      } else this.reject(record.row, r.error, 'invalid_row');
      return;
    }
    const implausible = implausibleOccurredAt(r.input.occurredAt, this.options.receivedAt);
    if (implausible) return this.reject(record.row, implausible, 'implausible_date');
    const customerId = r.input.customer?.id;
    if (customerId) this.salt ??= await this.deps.customerSalt();
    const envelope = toEnvelope(r.input, {
      channel: 'export',
      provider: this.options.sender,
      receivedAt: this.options.receivedAt,
      customerIdHash: customerId && this.salt ? hashCustomerId(customerId, this.salt) : undefined,
    });
    this.pending.push({ row: record.row, envelope });
    if (this.pending.length >= SEND_EVERY) {
      this.inFlight.push(this.settledLater(this.send(this.pending)));
      this.pending = [];
      if (this.inFlight.length >= SENDS_IN_FLIGHT) await this.inFlight.shift();
    }
  }

  /** Queues everything pending and waits for every send; a queue outage is the caller's to retry (rows already queued count once). */
  async flush(): Promise<void> {
    if (this.pending.length > 0) this.inFlight.push(this.settledLater(this.send(this.pending)));
    this.pending = [];
    const sends = this.inFlight.splice(0);
    const outcomes = await Promise.allSettled(sends);
    const failure = outcomes.find((o) => o.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** A send awaited later: marked handled now so a failure meanwhile is not an unhandled rejection. */
  private settledLater(send: Promise<void>): Promise<void> {
    send.catch(() => undefined);
    return send;
  }

  private async send(batch: { row: number; envelope: FeedbackEnvelope }[]): Promise<void> {
    let failed: { id: string; error: string }[];
    try {
      ({ failed } = await this.deps.queue.send(batch.map((p) => p.envelope)));
    } catch (error) {
      throw new ServiceUnavailableError(`The ingest queue is unavailable after ${this.accepted} accepted rows; retry the file (rows already accepted count once).`, undefined, { cause: error });
    }
    const failedIds = new Set(failed.map((f) => f.id));
    for (const p of batch) {
      if (failedIds.has(p.envelope.id)) this.reject(p.row, 'could not be queued; retry the file', 'queue_refused');
      else this.accepted++;
    }
  }

  private count(reason: RejectReason): void {
    this.rejectedByReason[reason] = (this.rejectedByReason[reason] ?? 0) + 1;
  }

  private reject(row: number, error: string, reason: RejectReason): void {
    this.count(reason);
    this.rejectedCount++;
    if (this.rejected.length < (this.options.maxRejectedKept ?? Number.POSITIVE_INFINITY)) this.rejected.push({ row, error });
  }
}

/** A whole-file parse failure as the inline route reports it: how far the file was read, and why it stopped. */
function wholeFileFailure(error: ExportError, details: Record<string, unknown>): Failure {
  if (error.code === 'too_large') return new PayloadTooLargeError(error.message, details, { cause: error });
  return new InvalidRequestError('invalid_export', error.message, { ...details, reason: error.code }, { cause: error });
}

/**
 * A contact-centre export sent inline, streamed row by row through its profile into envelopes
 * on the ingest queue: every bad row is reported with its number and why, the rest go on. The
 * same idempotency keys apply, so a re-sent file counts once. With `jobs`, the result is kept
 * as a one-chunk job, readable later at GET /v1/exports/{jobId}.
 */
export async function ingestExport(
  content: Buffer | AsyncIterable<Buffer>,
  options: {
    profile: string;
    /** The profile's options (`?nps=Q5&text=Q7_TEXT` for a Qualtrics survey). */
    profileOptions?: Record<string, string>;
    format: ExportFormat;
    sender: string;
    timeZone: string;
    sourceName?: string;
    receivedAt?: Date;
  },
  deps: ExportSinkDeps & { jobs?: ExportJobStore; configuredProfiles: ExportProfilesConfig },
): Promise<ExportJobOutcome> {
  const receivedAt = options.receivedAt ?? new Date();
  const sink = new ExportSink({ sender: options.sender, receivedAt }, deps);
  try {
    const stream = Buffer.isBuffer(content) ? Readable.from([content]) : content;
    for await (const record of parseExport(stream, {
      profile: options.profile,
      profileOptions: options.profileOptions,
      configuredProfiles: deps.configuredProfiles,
      format: options.format,
      timeZone: options.timeZone,
      sourceName: options.sourceName,
    })) {
      await sink.add(record);
    }
    await sink.flush();
  } catch (error) {
    if (error instanceof ExportError) throw wholeFileFailure(error, { rowsRead: sink.rows, accepted: sink.accepted });
    throw error;
  }
  const result: ExportJobResult = { jobId: randomUUID(), profile: options.profile, rows: sink.rows, accepted: sink.accepted, skipped: sink.skipped, rejected: sink.rejected };
  if (deps.jobs) await recordInlineJob(deps.jobs, result, { ...options, receivedAt }, sink);
  return { ...result, rejectedByReason: sink.rejectedByReason };
}

async function recordInlineJob(
  jobs: ExportJobStore,
  result: ExportJobResult,
  options: { format: ExportFormat; sender: string; receivedAt: Date; profileOptions?: Record<string, string> },
  sink: ExportSink,
): Promise<void> {
  const at = options.receivedAt.toISOString();
  const job: ExportJob = { jobId: result.jobId, profile: result.profile, ...(options.profileOptions ? { profileOptions: options.profileOptions } : {}), format: options.format, sender: options.sender, origin: 'inline', createdAt: at, startedAt: at };
  const chunk: ExportChunk = {
    startRow: 0,
    startByte: 0,
    rows: sink.rows,
    accepted: sink.accepted,
    skipped: sink.skipped,
    rejectedCount: sink.rejectedCount,
    rejected: sink.rejected.slice(0, MAX_REJECTED_KEPT_PER_CHUNK),
    finishedAt: new Date().toISOString(),
  };
  await jobs.createJob(job);
  await jobs.recordChunk(job.jobId, chunk);
}
