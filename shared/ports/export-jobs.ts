import type { ExportChunk, ExportChunkMessage, ExportJob } from '../domain/export-jobs';

/** Export jobs and their chunks (the control table on AWS and locally). */
export interface ExportJobStore {
  /** Creates the job unless it exists; returns the stored one either way. */
  createJob(job: ExportJob): Promise<ExportJob>;
  getJob(jobId: string): Promise<ExportJob | undefined>;
  /** Records the file's size and CSV header when its first chunk starts (kept if already set). */
  markStarted(jobId: string, started: { startedAt: string; bytes?: number; csv?: ExportJob['csv'] }): Promise<ExportJob>;
  failJob(jobId: string, failure: NonNullable<ExportJob['failure']>): Promise<void>;
  /**
   * Records a chunk unless one starting at the same row is already recorded; returns the
   * recorded one, so a duplicate continuation follows the chain the first writer chose.
   */
  recordChunk(jobId: string, chunk: ExportChunk): Promise<ExportChunk>;
  /** The chunk recorded as starting after `startRow`, if any. */
  chunk(jobId: string, startRow: number): Promise<ExportChunk | undefined>;
  chunks(jobId: string): Promise<ExportChunk[]>;
}

/** Export files in the raw bucket. */
export interface ExportFiles {
  /** The object's bytes from `fromByte` to the end, streamed. */
  read(key: string, fromByte: number): AsyncIterable<Buffer>;
  /** A URL the caller PUTs the file to, valid for `expiresInSeconds`. */
  uploadUrl(key: string, expiresInSeconds: number): Promise<string>;
  /** A multipart upload for a large file: its id, then one URL per part, then completion. */
  startMultipart(key: string): Promise<string>;
  partUrl(key: string, uploadId: string, partNumber: number, expiresInSeconds: number): Promise<string>;
  /** Assembles the parts; S3 then announces the object like any other. Throws InvalidPartsError when the list does not match what was uploaded. */
  completeMultipart(key: string, uploadId: string, parts: readonly { partNumber: number; etag: string }[]): Promise<void>;
}

/** Continuations of export jobs: the next chunk runs in a new invocation. */
export interface ExportChunkQueue {
  continueJob(message: ExportChunkMessage): Promise<void>;
}
