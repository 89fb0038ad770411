/**
 * Export jobs: a contact-centre file read in resumable chunks. Each chunk records what it read
 * (rows, accepted, rejected with row numbers) and where the next one starts; the job's summary
 * is the chain of chunks from the first row, so a chunk redone after a crash or a duplicate
 * continuation never counts twice.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
/** Where export files are uploaded (presigned, `exports/uploads/<jobId>`) or dropped (`exports/<profile>/<file>`). */
export const EXPORTS_PREFIX = 'exports/';
const UPLOADS_PREFIX = `${EXPORTS_PREFIX}uploads/`;

/** Rejected rows kept per chunk in the job record; the count is always exact. */
export const MAX_REJECTED_KEPT_PER_CHUNK = 200;
/** Rejected rows a job summary lists (the count is always exact). */
export const MAX_REJECTED_LISTED = 1000;

export const ExportFormatSchema = z.enum(['csv', 'json', 'jsonl', 'auto']);

export const ExportJobSchema = z.object({
  jobId: z.string(),
  profile: z.string(),
  format: ExportFormatSchema,
  /** The profile's options from the request (`?nps=Q5&text=Q7_TEXT` for a Qualtrics survey). */
  profileOptions: z.record(z.string(), z.string()).optional(),
  /** Who sent it: the API key's source, or `s3-drop` for files dropped in the bucket. Part of the idempotency key. */
  sender: z.string(),
  origin: z.enum(['inline', 'upload', 'drop']),
  objectKey: z.string().optional(),
  /** Set while a multipart upload is open (large files), until it is completed. */
  uploadId: z.string().optional(),
  createdAt: z.string(),
  /** Set when the file's first chunk starts. */
  startedAt: z.string().optional(),
  bytes: z.number().optional(),
  /** For CSV: the header and delimiter, so a later chunk can resume mid-file. */
  csv: z.object({ columns: z.array(z.string()), delimiter: z.string() }).optional(),
  /** Why the whole file could not be read (bad header, unknown profile, file too large). */
  failure: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type ExportJob = z.infer<typeof ExportJobSchema>;

export const ExportChunkSchema = z.object({
  /** The last row handled before this chunk (0 for the first). */
  startRow: z.number().int().nonnegative(),
  startByte: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  rejectedCount: z.number().int().nonnegative(),
  rejected: z.array(z.object({ row: z.number(), error: z.string() })),
  /** Where the next chunk starts; absent on the last chunk. */
  next: z.object({ row: z.number().int().nonnegative(), byteOffset: z.number().int().nonnegative() }).optional(),
  finishedAt: z.string(),
});
export type ExportChunk = z.infer<typeof ExportChunkSchema>;

/** What the exports queue carries: S3's own notification, or "read this job from here". */
export const ExportChunkMessageSchema = z.object({
  kind: z.literal('export-chunk'),
  jobId: z.string(),
  startRow: z.number().int().nonnegative(),
  startByte: z.number().int().nonnegative(),
});
export type ExportChunkMessage = z.infer<typeof ExportChunkMessageSchema>;

export type ExportJobStatus = 'awaiting-upload' | 'running' | 'completed' | 'failed';

export interface ExportJobSummary {
  jobId: string;
  profile: string;
  origin: ExportJob['origin'];
  status: ExportJobStatus;
  rows: number;
  accepted: number;
  skipped: number;
  rejectedCount: number;
  rejected: { row: number; error: string }[];
  chunks: number;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  error?: { code: string; message: string };
}

/**
 * The job as its chain of chunks from row 0 says it is. Chunks off the chain (a duplicate
 * continuation that lost the race) are ignored, so nothing is counted twice.
 */
export function summariseExportJob(job: ExportJob, chunks: readonly ExportChunk[]): ExportJobSummary {
  const byStart = new Map(chunks.map((c) => [c.startRow, c]));
  const summary: ExportJobSummary = {
    jobId: job.jobId,
    profile: job.profile,
    origin: job.origin,
    status: job.failure ? 'failed' : job.startedAt ? 'running' : 'awaiting-upload',
    rows: 0,
    accepted: 0,
    skipped: 0,
    rejectedCount: 0,
    rejected: [],
    chunks: 0,
    createdAt: job.createdAt,
    ...(job.startedAt ? { startedAt: job.startedAt } : {}),
    ...(job.failure ? { error: job.failure } : {}),
  };
  const seen = new Set<number>();
  for (let chunk = byStart.get(0); chunk && !seen.has(chunk.startRow); chunk = chunk.next ? byStart.get(chunk.next.row) : undefined) {
    seen.add(chunk.startRow);
    summary.chunks++;
    summary.rows += chunk.rows;
    summary.accepted += chunk.accepted;
    summary.skipped += chunk.skipped;
    summary.rejectedCount += chunk.rejectedCount;
    for (const r of chunk.rejected) if (summary.rejected.length < MAX_REJECTED_LISTED) summary.rejected.push(r);
    if (!chunk.next) {
      summary.status = job.failure ? 'failed' : 'completed';
      summary.finishedAt = chunk.finishedAt;
    }
  }
  return summary;
}

/** The parts named to complete a multipart upload do not match what was uploaded. */
export class InvalidPartsError extends Error {
  override readonly name = 'InvalidPartsError';
}

/** Parts of a multipart upload: at least S3's 5 MiB minimum, at most 1,000 parts (URLs) per file. */
export const UPLOAD_PART_BYTES = 8 * 1024 ** 2;
export const MAX_UPLOAD_PARTS = 1000;

/** A file this size is uploaded in parts of this size (one PUT below one part). */
export function partBytesFor(bytes: number): number {
  return Math.max(UPLOAD_PART_BYTES, Math.ceil(bytes / MAX_UPLOAD_PARTS / 1024 ** 2) * 1024 ** 2);
}

export type ExportObjectRef = { kind: 'upload'; jobId: string } | { kind: 'drop'; profile: string; name: string };

/** What an object key under the exports prefix is: a presigned upload of a known job, or a dropped file. */
export function exportObjectOf(key: string): ExportObjectRef | undefined {
  if (key.startsWith(UPLOADS_PREFIX)) {
    const jobId = key.slice(UPLOADS_PREFIX.length);
    return /^[a-z0-9-]{8,64}$/i.test(jobId) ? { kind: 'upload', jobId } : undefined;
  }
  if (!key.startsWith(EXPORTS_PREFIX)) return undefined;
  const rest = key.slice(EXPORTS_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return { kind: 'drop', profile: rest.slice(0, slash), name: rest.slice(slash + 1) };
}

export function uploadObjectKey(jobId: string): string {
  return `${UPLOADS_PREFIX}${jobId}`;
}

/**
 * A dropped file's job id: the same object (key and content tag) is the same job, so a
 * notification delivered twice runs one job.
 */
export function dropJobId(key: string, etag: string): string {
  return `drop-${createHash('sha256').update(`${key}\n${etag}`).digest('hex').slice(0, 32)}`;
}

/** The format a file name suggests; `auto` sniffs the content. */
export function exportFormatOfName(name: string): z.infer<typeof ExportFormatSchema> {
  const lower = name.toLowerCase();
  if (/\.(csv|tsv|txt)$/.test(lower)) return 'csv';
  if (/\.(jsonl|ndjson)$/.test(lower)) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  return 'auto';
}
