import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ExportJobSummary } from '../shared/domain/export-jobs';
import type { UploadTicket } from '../shared/app/export-jobs';

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
  options: { apiUrl: string; key: string; profile: string; format?: string; wait: boolean; pollMs?: number; progress?: (summary: ExportJobSummary) => void },
): Promise<ExportJobSummary | UploadTicket> {
  const { size } = await stat(file);
  const query = new URLSearchParams({ profile: options.profile, ...(options.format ? { format: options.format } : {}) });
  const ticket = await json<UploadTicket>(await fetch(`${options.apiUrl}/v1/exports/uploads?${query}`, { method: 'POST', headers: { 'x-api-key': options.key } }), 'Asking for an upload URL');
  if (size > ticket.upload.maxBytes) throw new ExportCommandError(`${file} is ${size} bytes; one upload takes at most ${ticket.upload.maxBytes}. Split the file.`);
  const put = await fetch(ticket.upload.url, {
    method: 'PUT',
    headers: { 'content-length': String(size) },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  if (!put.ok) throw new ExportCommandError(`Uploading ${file} failed (${put.status}): ${await put.text()}`);
  if (!options.wait) return ticket;
  for (;;) {
    const summary = await json<ExportJobSummary>(await fetch(`${options.apiUrl}${ticket.jobUrl}`, { headers: { 'x-api-key': options.key } }), 'Reading the job');
    options.progress?.(summary);
    if (summary.status === 'completed' || summary.status === 'failed') return summary;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
  }
}
