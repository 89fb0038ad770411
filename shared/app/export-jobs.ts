import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import {
  dropJobId,
  exportFormatOfName,
  exportObjectOf,
  InvalidPartsError,
  MAX_REJECTED_KEPT_PER_CHUNK,
  partBytesFor,
  UPLOAD_PART_BYTES,
  summariseExportJob,
  uploadObjectKey,
  type ExportChunk,
  type ExportChunkMessage,
  type ExportJob,
  type ExportJobSummary,
} from '../domain/export-jobs';
import type { ExportProfilesConfig } from '../domain/export-profiles';
import { InvalidRequestError, NotFoundError } from '../domain/failures';
import type { RejectCounts } from '../domain/reject-reasons';
import type { ExportChunkQueue, ExportFiles, ExportJobStore } from '../ports/export-jobs';
import { ExportSink, type ExportSinkDeps } from './ingest-export';
import { ExportError, exportProfileFor, parseExport, profileOptionsFromQuery, type ExportFormat, type ResumePoint } from './parse-export';

/** How long a presigned upload URL stays valid. */
export const UPLOAD_URL_SECONDS = 3600;
/** A single presigned PUT can carry up to 5 GB (S3's limit for one PUT). */
export const MAX_UPLOAD_BYTES = 5 * 1024 ** 3;
/** In parts, larger files are accepted up to this size. */
export const MAX_MULTIPART_UPLOAD_BYTES = 100 * 1024 ** 3;

export interface UploadTicket {
  jobId: string;
  upload:
    | { method: 'PUT'; url: string; expiresAt: string; maxBytes: number }
    | {
        method: 'multipart';
        /** PUT bytes [(n-1)·partBytes, n·partBytes) of the file to part n's URL and keep its ETag response header. */
        partBytes: number;
        parts: { partNumber: number; url: string }[];
        /** Then POST { parts: [{ partNumber, etag }] } here (same key) to finish the upload. */
        completeUrl: string;
        expiresAt: string;
      };
  /** Where the job's summary is read once the file is in (GET, same key). */
  jobUrl: string;
}

const UploadQuerySchema = z.object({
  profile: z.string({ error: 'profile is required: ?profile=<export profile>' }).min(1, 'profile is required: ?profile=<export profile>'),
  format: z.enum(['csv', 'json', 'jsonl', 'auto'], { error: 'format must be csv, json, jsonl or auto (the default sniffs the file)' }).default('auto'),
  bytes: z.coerce
    .number({ error: 'bytes must be the file size in bytes' })
    .int('bytes must be the file size in bytes')
    .positive('bytes must be the file size in bytes')
    .max(MAX_MULTIPART_UPLOAD_BYTES, `files are accepted up to ${MAX_MULTIPART_UPLOAD_BYTES} bytes`)
    .optional(),
});

/**
 * POST /v1/exports/uploads: a job awaiting its file, and where to put it — one presigned PUT,
 * or for a file over one part (`bytes` given), presigned part URLs: a large file uploads in
 * parts that can be retried one by one, and no single request exceeds a part.
 */
export async function createUploadJob(
  request: { query: Record<string, string | undefined>; sender: string; now: Date },
  deps: { jobs: ExportJobStore; files: ExportFiles; configuredProfiles: ExportProfilesConfig },
): Promise<UploadTicket> {
  const parsed = UploadQuerySchema.safeParse(request.query);
  if (!parsed.success) throw new InvalidRequestError('invalid_query', parsed.error.issues.map((i) => i.message).join('; '));
  const { profile, format, bytes } = parsed.data;
  // Every other query parameter is the profile's option; checked now, not when the file arrives.
  const profileOptions = profileOptionsFromQuery(request.query, ['profile', 'format', 'bytes']) as Record<string, string>;
  // An unknown profile or a bad option is an ExportError: the caller is told which, as it is.
  exportProfileFor(profile, profileOptions, deps.configuredProfiles);
  const jobId = randomUUID();
  const objectKey = uploadObjectKey(jobId);
  const expiresAt = new Date(request.now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString();
  const job: ExportJob = {
    jobId,
    profile,
    ...(Object.keys(profileOptions).length > 0 ? { profileOptions } : {}),
    format: format as ExportFormat,
    sender: request.sender,
    origin: 'upload',
    objectKey,
    createdAt: request.now.toISOString(),
  };
  const jobUrl = `/v1/exports/${jobId}`;
  if (bytes === undefined || bytes <= UPLOAD_PART_BYTES) {
    await deps.jobs.createJob(job);
    return { jobId, upload: { method: 'PUT', url: await deps.files.uploadUrl(objectKey, UPLOAD_URL_SECONDS), expiresAt, maxBytes: MAX_UPLOAD_BYTES }, jobUrl };
  }
  const uploadId = await deps.files.startMultipart(objectKey);
  await deps.jobs.createJob({ ...job, uploadId });
  const partBytes = partBytesFor(bytes);
  const parts = await Promise.all(
    Array.from({ length: Math.ceil(bytes / partBytes) }, async (_, i) => ({ partNumber: i + 1, url: await deps.files.partUrl(objectKey, uploadId, i + 1, UPLOAD_URL_SECONDS) })),
  );
  return { jobId, upload: { method: 'multipart', partBytes, parts, completeUrl: `${jobUrl}/complete`, expiresAt }, jobUrl };
}

const CompleteUploadSchema = z.object({
  parts: z
    .array(z.object({ partNumber: z.number().int().min(1).max(10_000), etag: z.string().min(1).max(200) }).strict())
    .min(1, 'parts lists every uploaded part: [{ "partNumber": 1, "etag": "<ETag header of its PUT>" }, …]')
    .max(10_000),
});

/** POST /v1/exports/{jobId}/complete: assembles the uploaded parts; S3 then announces the file. */
export async function completeUpload(jobId: string, body: unknown, caller: { source: string; role: string }, deps: { jobs: ExportJobStore; files: ExportFiles }): Promise<{ jobId: string; jobUrl: string }> {
  const job = await deps.jobs.getJob(jobId);
  if (!job || (caller.role !== 'admin' && job.sender !== caller.source)) throw new NotFoundError(`No export job ${jobId} for this key.`);
  if (!job.uploadId || !job.objectKey) throw new InvalidRequestError('not_multipart', 'This job was given a single upload URL: PUT the file to it, there is nothing to complete.');
  const parsed = CompleteUploadSchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError('invalid_parts', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  const parts = [...parsed.data.parts].sort((a, b) => a.partNumber - b.partNumber);
  try {
    await deps.files.completeMultipart(job.objectKey, job.uploadId, parts);
  } catch (error) {
    if (error instanceof InvalidPartsError) {
      throw new InvalidRequestError('invalid_parts', `The parts do not match what was uploaded (${error.message}); re-upload the missing parts and list each part's ETag.`, undefined, { cause: error });
    }
    throw error;
  }
  return { jobId, jobUrl: `/v1/exports/${jobId}` };
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
  /** The profiles the deployment adds to the built-in ones (read at cold start). */
  configuredProfiles: ExportProfilesConfig;
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
  | { outcome: 'chunk'; jobId: string; chunk: ExportChunk; rejectedByReason: RejectCounts }
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

  const done = await deps.jobs.chunk(job.jobId, message.startRow);
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
      profileOptions: job.profileOptions,
      configuredProfiles: deps.configuredProfiles,
      format: job.format,
      timeZone: deps.timeZone,
      resumeAt,
      onCsvHeader: (h) => (header = { columns: h.columns, delimiter: h.delimiter }),
    });
    for await (const record of records) {
      await sink.add(record);
      // Only a record the parser can resume after may end a chunk (JSON documents cannot).
      if (record.byteOffset !== undefined && (sink.rows >= deps.chunkRows || deps.remainingMs() < deps.reserveMs)) {
        // A chunk that ends on the file's last byte is the last one: nothing to continue.
        if (job.bytes === undefined || record.byteOffset < job.bytes) next = { row: record.row, byteOffset: record.byteOffset };
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
  deps.log?.('export chunk read', { jobId: job.jobId, key: objectKey, profile: job.profile, startRow: message.startRow, rows: recorded.rows, accepted: recorded.accepted, rejected: recorded.rejectedCount, next: recorded.next?.row ?? null });
  return { outcome: 'chunk', jobId: job.jobId, chunk: recorded, rejectedByReason: sink.rejectedByReason };
}

async function passOn(job: ExportJob, chunk: ExportChunk, deps: ExportRunDeps): Promise<void> {
  if (chunk.next) await deps.continuation.continueJob({ kind: 'export-chunk', jobId: job.jobId, startRow: chunk.next.row, startByte: chunk.next.byteOffset });
}

async function fail(job: ExportJob, deps: ExportRunDeps, failure: { code: string; message: string }): Promise<ChunkOutcome> {
  await deps.jobs.failJob(job.jobId, failure);
  deps.log?.('export job failed', { jobId: job.jobId, code: failure.code });
  return { outcome: 'failed', jobId: job.jobId, reason: failure.message };
}
