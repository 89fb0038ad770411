import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { ENV } from '../shared/resources';
import { ingestExportFile } from './ingest-export';
import { startLocalStack } from './local/stack';

export interface ExportBenchResult {
  rows: number;
  fileMb: number;
  chunkRows: number;
  chunks: number;
  accepted: number;
  rejected: number;
  /** Upload done → last chunk recorded: the export function's own rate (parse, map, hash, queue). */
  rowsPerSec: number;
  /** From the upload request to the job's completion, as a caller sees it. */
  wallSeconds: number;
  exportFunction: { idleRssMb: number; peakRssMb: number };
}

/** A realistic generic export: real customer sentences, French `;` CSV, every 500th row bad. */
async function writeExport(file: string, rows: number): Promise<void> {
  const texts = (await readFile(resolve(import.meta.dirname, '../test/fixtures/customer-feedback.jsonl'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text.replace(/"/g, '""'));
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? undefined : once(out, 'drain'));
  await write('\uFEFFid;date;message;nps;department;customer\r\n');
  // Spread over the 300 days before now, whatever the row count: no row lies in the future.
  const end = Date.now() - 60_000;
  const step = Math.floor((300 * 86_400_000) / rows);
  for (let row = 1; row <= rows; row++) {
    const date = new Date(end - (rows - row) * step).toISOString();
    const text = row % 500 === 0 ? '' : `${texts[row % texts.length]} (#${row})`;
    await write(`bench-${row};${date};"${text}";${row % 11};;client${row % 9973}@example.com\r\n`);
  }
  out.end();
  await once(out, 'finish');
}

/**
 * `customer-voice bench exports`: an N-row CSV through the local stack the way a source sends
 * it (presigned upload, S3 notification, chunked reading), with the export function running
 * alone in its own process so its peak memory is its own.
 */
export async function runExportBench(options: { rows: number; chunkRows?: number; progress?: (line: string) => void }): Promise<ExportBenchResult> {
  const say = options.progress ?? (() => undefined);
  const dir = await mkdtemp(join(tmpdir(), 'cv-bench-exports-'));
  const chunkRows = options.chunkRows ?? 200_000;
  const stack = await startLocalStack({ dataDir: join(dir, 'data'), port: 0, consumers: { ingest: false, alerts: false, exports: false } });
  const worker = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'local/export-worker.ts'), stack.info.dataDir], {
    env: { ...process.env, [ENV.exportChunkRows]: String(chunkRows) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: worker.stdout! })[Symbol.asyncIterator]();
  try {
    const file = join(dir, 'export.csv');
    say(`writing a ${options.rows.toLocaleString('en')}-row CSV…`);
    await writeExport(file, options.rows);
    const fileMb = (await stat(file)).size / 2 ** 20;
    await lines.next(); // ready
    say(`uploading ${fileMb.toFixed(1)} MB; the export function reads it in chunks of ${chunkRows.toLocaleString('en')} rows`);
    const t0 = performance.now();
    const outcome = await ingestExportFile(file, {
      apiUrl: stack.info.apiUrl,
      key: stack.info.keys.ingest,
      profile: 'generic',
      format: 'csv',
      wait: true,
      pollMs: 250,
      progress: (s) => say(`  ${s.status}: ${s.rows.toLocaleString('en')} rows, chunk ${s.chunks}`),
    });
    const wallSeconds = (performance.now() - t0) / 1000;
    if (!('rows' in outcome) || outcome.status !== 'completed') throw new Error(`the export job did not complete: ${JSON.stringify(outcome)}`);
    const summary = outcome;
    if (summary.rejected.length > 0) {
      const why: Record<string, number> = {};
      for (const r of summary.rejected) why[r.error] = (why[r.error] ?? 0) + 1;
      say(`  rejected rows listed (${summary.rejected.length} of ${summary.rejectedCount}) by reason: ${JSON.stringify(why)}`);
    }
    worker.kill('SIGTERM');
    const memory = JSON.parse(String((await lines.next()).value)) as ExportBenchResult['exportFunction'];
    const readSeconds = (Date.parse(summary.finishedAt!) - Date.parse(summary.startedAt!)) / 1000;
    return {
      rows: summary.rows,
      fileMb: Math.round(fileMb * 10) / 10,
      chunkRows,
      chunks: summary.chunks,
      accepted: summary.accepted,
      rejected: summary.rejectedCount,
      rowsPerSec: Math.round(summary.rows / readSeconds),
      wallSeconds: Math.round(wallSeconds * 10) / 10,
      exportFunction: { idleRssMb: Math.round(memory.idleRssMb), peakRssMb: Math.round(memory.peakRssMb) },
    };
  } finally {
    if (worker.exitCode === null) worker.kill('SIGKILL');
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
