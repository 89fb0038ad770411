import { describe, expect, it } from 'vitest';
import { dropJobId, exportFormatOfName, exportObjectOf, summariseExportJob, type ExportChunk, type ExportJob } from '../../shared/domain/export-jobs';

const job: ExportJob = { jobId: 'j1', profile: 'generic', format: 'csv', sender: 'crm', origin: 'upload', objectKey: 'exports/uploads/j1', createdAt: '2026-03-01T00:00:00.000Z', startedAt: '2026-03-01T00:00:01.000Z' };

function chunk(startRow: number, rows: number, next?: number, rejected: number[] = []): ExportChunk {
  return {
    startRow,
    startByte: startRow * 10,
    rows,
    accepted: rows - rejected.length,
    skipped: 0,
    rejectedCount: rejected.length,
    rejected: rejected.map((row) => ({ row, error: 'bad' })),
    ...(next !== undefined ? { next: { row: next, byteOffset: next * 10 } } : {}),
    finishedAt: `2026-03-01T00:0${startRow / 100}:00.000Z`,
  };
}

describe('summariseExportJob', () => {
  it('adds up the chain of chunks from row 0 and is completed at the chunk with no next', () => {
    const summary = summariseExportJob(job, [chunk(0, 100, 100, [7]), chunk(100, 100, 200), chunk(200, 50, undefined, [230, 249])]);
    expect(summary).toMatchObject({ status: 'completed', rows: 250, accepted: 247, rejectedCount: 3, chunks: 3, finishedAt: '2026-03-01T00:02:00.000Z' });
    expect(summary.rejected.map((r) => r.row)).toEqual([7, 230, 249]);
  });

  it('ignores a chunk off the chain (a duplicate continuation that lost the race), so nothing counts twice', () => {
    // The winner read rows 100–200; a duplicate recorded nothing at 100 but a chunk at 150 exists from an earlier crash-free run of the loser.
    const summary = summariseExportJob(job, [chunk(0, 100, 100), chunk(100, 100, 200), chunk(150, 80, 230), chunk(200, 50)]);
    expect(summary).toMatchObject({ status: 'completed', rows: 250, chunks: 3 });
  });

  it('is running while the chain has no last chunk, awaiting its upload before the first, failed with the reason', () => {
    expect(summariseExportJob(job, [chunk(0, 100, 100)]).status).toBe('running');
    expect(summariseExportJob({ ...job, startedAt: undefined }, []).status).toBe('awaiting-upload');
    const failed = summariseExportJob({ ...job, failure: { code: 'invalid_header', message: 'no text column' } }, []);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'invalid_header' } });
  });
});

describe('exportObjectOf', () => {
  it('tells presigned uploads from dropped files, and refuses keys that are neither', () => {
    expect(exportObjectOf('exports/uploads/0b6e4a3c-9d7e-4f55-8d0b-2f1c1e5f7a10')).toEqual({ kind: 'upload', jobId: '0b6e4a3c-9d7e-4f55-8d0b-2f1c1e5f7a10' });
    expect(exportObjectOf('exports/zendesk/2026/03/tickets.csv')).toEqual({ kind: 'drop', profile: 'zendesk', name: '2026/03/tickets.csv' });
    expect(exportObjectOf('exports/uploads/../../etc')).toBeUndefined();
    expect(exportObjectOf('exports/zendesk/')).toBeUndefined();
    expect(exportObjectOf('exports/file.csv')).toBeUndefined();
    expect(exportObjectOf('inbound/abc')).toBeUndefined();
  });

  it('gives a dropped object the same job id for the same content, another for new content', () => {
    expect(dropJobId('exports/zendesk/a.csv', 'e1')).toBe(dropJobId('exports/zendesk/a.csv', 'e1'));
    expect(dropJobId('exports/zendesk/a.csv', 'e1')).not.toBe(dropJobId('exports/zendesk/a.csv', 'e2'));
  });

  it('guesses the format from the file name', () => {
    expect([exportFormatOfName('a.CSV'), exportFormatOfName('b.ndjson'), exportFormatOfName('c.json'), exportFormatOfName('d')]).toEqual(['csv', 'jsonl', 'json', 'auto']);
  });
});
