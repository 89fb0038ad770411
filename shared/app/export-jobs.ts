import { randomUUID } from 'node:crypto';
import {
  dropJobId,
  exportFormatOfName,
  exportObjectOf,
  MAX_REJECTED_KEPT_PER_CHUNK,
  summariseExportJob,
  uploadObjectKey,
  type ExportChunk,
  type ExportChunkMessage,
  type ExportJob,
  type ExportJobSummary,
} from '../domain/export-jobs';
import { getExportProfile } from '../domain/export-profiles';
import { InvalidRequestError, NotFoundError } from '../http/errors';
import type { ExportChunkQueue, ExportFiles, ExportJobStore } from '../ports/stores';
import { ExportSink, type ExportSinkDeps } from './ingest-export';
import { ExportError, parseExport, UnknownProfileError, type ExportFormat, type ResumePoint } from './parse-export';

/** How long a presigned upload URL stays valid. */
export const UPLOAD_URL_SECONDS = 3600;
/** A single presigned PUT can carry up to 5 GB (S3's limit for one PUT). */
export const MAX_UPLOAD_BYTES = 5 * 1024 ** 3;

export interface UploadTicket {
  jobId: string;
  upload: { method: 'PUT'; url: string; expiresAt: string; maxBytes: number };
  /** Where the job's summary is read once the file is in (GET, same key). */
  jobUrl: string;
}

/** POST /v1/exports/uploads: a job awaiting its file, and where to PUT it. */
export async function createUploadJob(
  request: { profile: string | undefined; format: string | undefined; sender: string; now: Date },
  deps: { jobs: ExportJobStore; files: ExportFiles },
): Promise<UploadTicket> {
  const { profile } = request;
  if (!profile) throw new InvalidRequestError('invalid_query', 'profile is required: ?profile=<export profile>');
  if (!getExportProfile(profile)) throw new InvalidRequestError('unknown_profile', new UnknownProfileError(profile).message);
  const format = (request.format ?? 'auto') as ExportFormat;
  if (!['csv', 'json', 'jsonl', 'auto'].includes(format)) throw new InvalidRequestError('invalid_query', 'format must be csv, json, jsonl or auto (the default sniffs the file)');
  const jobId = randomUUID();
  const objectKey = uploadObjectKey(jobId);
  await deps.jobs.createJob({ jobId, profile, format, sender: request.sender, origin: 'upload', objectKey, createdAt: request.now.toISOString() });
  const url = await deps.files.uploadUrl(objectKey, UPLOAD_URL_SECONDS);
  return {
    jobId,
    upload: { method: 'PUT', url, expiresAt: new Date(request.now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(), maxBytes: MAX_UPLOAD_BYTES },
    jobUrl: `/v1/exports/${jobId}`,
  };
}

/** GET /v1/exports/{jobId}: the job as its recorded chunks say, readable by the source that sent it. */
export async function readExportJob(jobId: string, caller: { source: string; role: string }, jobs: ExportJobStore): Promise<ExportJobSummary> {
  const job = await jobs.getJob(jobId);
  // Another source's job is answered like a missing one: job ids are not a way to probe.
  if (!job || (caller.role !== 'admin' && job.sender !== caller.source)) throw new NotFoundError(`No export job ${jobId} for this key.`);
  return summariseExportJob(job, await jobs.chunks(jobId));
}

export interface ExportRunDeps extends ExportSinkDeps {
  jobs: ExportJobStore;
  files: ExportFiles;
  continuation: ExportChunkQueue;
  timeZone: string;
  /** Milliseconds this invocation has left (Lambda's context). */
  remainingMs: () => number;
  /** Rows per chunk: a chunk also ends early when time runs short. */
  chunkRows: number;
  /** Stop reading when less than this is left, to flush and record the chunk in time. */
  reserveMs: number;
  now?: () => Date;
  log?: (message: string, fields: Record<string, unknown>) => void;
}

export type ChunkOutcome =
  | { outcome: 'chunk'; jobId: string; chunk: ExportChunk }
  | { outcome: 'passed-on' | 'failed' | 'ignored'; jobId?: string; reason: string };

/** An object landed under exports/: find or create its job, then read its first chunk. */
export async function startExportObject(object: { key: string; etag: string; size: number }, deps: ExportRunDeps): Promise<ChunkOutcome> {
  const ref = exportObjectOf(object.key);
  if (!ref) return { outcome: 'ignored', reason: `${object.key} is not an export upload (exports/uploads/<jobId>) or a dropped file (exports/<profile>/<file>)` };
  let jobId: string;
  if (ref.kind === 'upload') {
    jobId = ref.jobId;
  } else {
    jobId = dropJobId(object.key, object.etag);
    const now = (deps.now ?? (() => new Date()))();
    await deps.jobs.createJob({ jobId, profile: ref.profile, format: exportFormatOfName(ref.name), sender: 's3-drop', origin: 'drop', objectKey: object.key, createdAt: now.toISOString() });
  }
  return runExportChunk({ kind: 'export-chunk', jobId, startRow: 0, startByte: 0 }, deps, object.size);
}

/**
 * Reads one chunk of an export file from where the previous one stopped: rows to the ingest
 * queue, the chunk's counts recorded, and — unless the file is done — a continuation queued for
 * the next chunk in a new invocation. A chunk already recorded is not read again; its
 * continuation is passed on, so a redelivered message costs one read of the job.
 */
export async function runExportChunk(message: ExportChunkMessage, deps: ExportRunDeps, size?: number): Promise<ChunkOutcome> {
  const now = deps.now ?? (() => new Date());
  let job = await deps.jobs.getJob(message.jobId);
  if (!job) return { outcome: 'ignored', jobId: message.jobId, reason: 'no such export job (an upload URL expired, or a key written by hand under exports/uploads/)' };
  if (job.failure) return { outcome: 'failed', jobId: job.jobId, reason: job.failure.message };
  const objectKey = job.objectKey;
  if (!objectKey) return { outcome: 'ignored', jobId: job.jobId, reason: 'the job has no file' };

  const done = (await deps.jobs.chunks(job.jobId)).find((c) => c.startRow === message.startRow);
  if (done) {
    await passOn(job, done, deps);
    return { outcome: 'passed-on', jobId: job.jobId, reason: `chunk from row ${message.startRow} was already read` };
  }
  if (message.startRow === 0) job = await deps.jobs.markStarted(job.jobId, { startedAt: now().toISOString(), bytes: size });
  if (message.startRow > 0 && job.format !== 'jsonl' && !job.csv) {
    // Only CSV (with its recorded header) and JSONL can be resumed mid-file.
    return fail(job, deps, { code: 'not_resumable', message: 'the file cannot be resumed mid-way: its header was not recorded' });
  }

  const sink = new ExportSink({ sender: job.sender, receivedAt: new Date(job.createdAt), maxRejectedKept: MAX_REJECTED_KEPT_PER_CHUNK }, deps);
  const resumeAt: ResumePoint | undefined = message.startRow > 0 ? { row: message.startRow, byteOffset: message.startByte, ...(job.csv ? { csv: job.csv } : {}) } : undefined;
  let header: ExportJob['csv'];
  let next: ExportChunk['next'];
  try {
    const records = parseExport(deps.files.read(objectKey, message.startByte), {
      profile: job.profile,
      format: job.format,
      timeZone: deps.timeZone,
      resumeAt,
      onCsvHeader: (h) => (header = { columns: h.columns, delimiter: h.delimiter }),
    });
    for await (const record of records) {
      await sink.add(record);
      // Only a record the parser can resume after may end a chunk (JSON documents cannot).
      if (record.byteOffset !== undefined && (sink.rows >= deps.chunkRows || deps.remainingMs() < deps.reserveMs)) {
        next = { row: record.row, byteOffset: record.byteOffset };
        break;
      }
    }
    await sink.flush();
  } catch (error) {
    if (error instanceof ExportError) return fail(job, deps, { code: error.code, message: error.message });
    throw error;
  }
  // The header must be on the job before a continuation can need it.
  if (header && !job.csv) job = await deps.jobs.markStarted(job.jobId, { startedAt: job.startedAt ?? now().toISOString(), csv: header });

  const recorded = await deps.jobs.recordChunk(job.jobId, {
    startRow: message.startRow,
    startByte: message.startByte,
    rows: sink.rows,
    accepted: sink.accepted,
    skipped: sink.skipped,
    rejectedCount: sink.rejectedCount,
    rejected: sink.rejected,
    ...(next ? { next } : {}),
    finishedAt: now().toISOString(),
  });
  await passOn(job, recorded, deps);
  deps.log?.('export chunk read', { jobId: job.jobId, startRow: message.startRow, rows: recorded.rows, accepted: recorded.accepted, rejected: recorded.rejectedCount, next: recorded.next?.row ?? null });
  return { outcome: 'chunk', jobId: job.jobId, chunk: recorded };
}

async function passOn(job: ExportJob, chunk: ExportChunk, deps: ExportRunDeps): Promise<void> {
  if (chunk.next) await deps.continuation.continueJob({ kind: 'export-chunk', jobId: job.jobId, startRow: chunk.next.row, startByte: chunk.next.byteOffset });
}

async function fail(job: ExportJob, deps: ExportRunDeps, failure: { code: string; message: string }): Promise<ChunkOutcome> {
  await deps.jobs.failJob(job.jobId, failure);
  deps.log?.('export job failed', { jobId: job.jobId, code: failure.code });
  return { outcome: 'failed', jobId: job.jobId, reason: failure.message };
}
