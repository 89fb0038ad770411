import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ExportJobSummary } from '../shared/domain/export-jobs';
import type { UploadTicket } from '../shared/app/export-jobs';

/** PUTs `length` bytes of the file from `start`, streamed from disk, retrying twice; returns the ETag. */
async function putBytes(url: string, file: string, start: number, length: number, what: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, {
      method: 'PUT',
      headers: { 'content-length': String(length) },
      body: length === 0 ? '' : (Readable.toWeb(createReadStream(file, { start, end: start + length - 1 })) as ReadableStream),
      duplex: 'half',
    } as RequestInit).catch((error: unknown) => error as Error);
    if (!(res instanceof Error) && res.ok) return res.headers.get('etag') ?? '';
    if (attempt === 3) throw new ExportCommandError(`${what} failed: ${res instanceof Error ? res.message : `${res.status} ${await res.text()}`}`);
    await new Promise((r) => setTimeout(r, 500 * attempt));
  }
}

export class ExportCommandError extends Error {
  override readonly name = 'ExportCommandError';
}

async function json<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new ExportCommandError(`${what} failed (${res.status}): ${text}`);
  return JSON.parse(text) as T;
}

/**
 * `customer-voice ingest export --profile <name> <file>`: the same path a source takes for a
 * large file — ask for a presigned URL, PUT the file (streamed from disk), then follow the job
 * until its last chunk is read. Works against the local stack or a deployed API alike.
 */
export async function ingestExportFile(
  file: string,
  options: { apiUrl: string; key: string; profile: string; profileOptions?: Record<string, string>; format?: string; wait: boolean; pollMs?: number; progress?: (summary: ExportJobSummary) => void },
): Promise<ExportJobSummary | UploadTicket> {
  const { size } = await stat(file);
  const query = new URLSearchParams({ ...options.profileOptions, profile: options.profile, bytes: String(size), ...(options.format ? { format: options.format } : {}) });
  const ticket = await json<UploadTicket>(await fetch(`${options.apiUrl}/v1/exports/uploads?${query}`, { method: 'POST', headers: { 'x-api-key': options.key } }), 'Asking for an upload URL');
  const upload = ticket.upload;
  if (upload.method === 'PUT') {
    await putBytes(upload.url, file, 0, size, `Uploading ${file}`);
  } else {
    // Part by part (each retried on its own), then one request to assemble them.
    const parts: { partNumber: number; etag: string }[] = [];
    for (const part of upload.parts) {
      const start = (part.partNumber - 1) * upload.partBytes;
      const etag = await putBytes(part.url, file, start, Math.min(upload.partBytes, size - start), `Uploading part ${part.partNumber} of ${file}`);
      parts.push({ partNumber: part.partNumber, etag });
    }
    await json(
      await fetch(`${options.apiUrl}${upload.completeUrl}`, { method: 'POST', headers: { 'x-api-key': options.key, 'content-type': 'application/json' }, body: JSON.stringify({ parts }) }),
      'Completing the upload',
    );
  }
  if (!options.wait) return ticket;
  for (;;) {
    const summary = await json<ExportJobSummary>(await fetch(`${options.apiUrl}${ticket.jobUrl}`, { headers: { 'x-api-key': options.key } }), 'Reading the job');
    options.progress?.(summary);
    if (summary.status === 'completed' || summary.status === 'failed') return summary;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
  }
}
