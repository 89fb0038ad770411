import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUploadJob } from '../../shared/app/export-jobs';
import { ingestExport } from '../../shared/app/ingest-export';
import { EXPORT_PROFILE_NAMES } from '../../shared/domain/export-profiles';
import { FeedbackEnvelopeSchema, type FeedbackEnvelope } from '../../shared/domain/feedback';
import type { ExportJob } from '../../shared/domain/export-jobs';
import { Failure } from '../../shared/domain/failures';
import { httpStatusOf } from '../../shared/http/errors';

const sent: FeedbackEnvelope[] = [];
const queue = {
  async send(envelopes: readonly FeedbackEnvelope[]) {
    sent.push(...envelopes);
    return { failed: [] };
  },
};

/** A cell a spreadsheet or a CRM really produces, or an attacker. */
const cell = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('=HYPERLINK("http://evil.example","x")', '"', '""', '\r\n', ';', ',', '\t', '\uFEFF', '\u202E', '\uD800', '2026-13-45', '31/02/2026', '-1', '11', 'NaN', 'x'.repeat(5000)),
);
const header = fc.constantFrom(
  'id,date,text,nps,csat,ces,department,journey,customer',
  'id;date;message;nps',
  'Id,Subject,Description,Created at,Satisfaction Score,Group',
  'Ticket ID,Subject,Description,Status,Created time,Group,Contact ID',
  'StartDate,EndDate,Status,ResponseId,RecordedDate,UserLanguage,Q1,Q2_TEXT',
);
const csvFile = fc
  .tuple(header, fc.array(fc.array(cell, { maxLength: 10 }), { maxLength: 30 }), fc.constantFrom(',', ';'), fc.constantFrom('\n', '\r\n'))
  .map(([h, rows, sep, eol]) => Buffer.from([h, ...rows.map((r) => r.map((c) => (/[",;\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(sep))].join(eol)));
const anyFile = fc.oneof(csvFile, fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)), fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')));

/** The inline route's use case; anything but a Failure under 500 would be a 5xx. */
async function inline(profile: string, file: Buffer): Promise<'ok' | number> {
  try {
    const result = await ingestExport(file, { profile, format: 'auto', sender: 'fuzz', timeZone: 'Europe/Paris' }, { queue, customerSalt: async () => 'salt', configuredProfiles: {} });
    expect(result.accepted + result.skipped + result.rejected.length).toBe(result.rows);
    for (const r of result.rejected) expect(r.error.length).toBeGreaterThan(0);
    return 'ok';
  } catch (error) {
    if (error instanceof Failure && httpStatusOf(error) < 500) return httpStatusOf(error);
    throw error;
  }
}

describe('exports under hostile input', () => {
  it('reads any file with any profile into accepted, skipped or rejected rows, or a 4xx that says why', async () => {
    const outcomes = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...EXPORT_PROFILE_NAMES), anyFile, async (profile, file) => {
        sent.length = 0;
        if ((await inline(profile, file)) !== 'ok') outcomes.refused++;
        outcomes.accepted += sent.length;
        for (const e of sent) expect(FeedbackEnvelopeSchema.safeParse(e).success).toBe(true);
      }),
      { numRuns: 300 },
    );
    // The generator reaches both sides: rows that become items, and files refused as a whole.
    expect(outcomes.accepted).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it('answers any upload query with a ticket or a 4xx, and creates no job for a refused one', async () => {
    const jobs = new Map<string, ExportJob>();
    const deps = {
      configuredProfiles: {},
      jobs: {
        createJob: async (job: ExportJob) => (jobs.set(job.jobId, job), job),
        getJob: async (id: string) => jobs.get(id),
        markStarted: async () => {
          throw new Error('not used');
        },
        failJob: async () => undefined,
        recordChunk: async (_: string, c: never) => c,
        chunk: async () => undefined,
        chunks: async () => [],
      },
      files: { read: async function* () {}, uploadUrl: async () => 'https://put', startMultipart: async () => 'up', partUrl: async () => 'https://part', completeMultipart: async () => undefined },
    };
    const query = fc.dictionary(fc.oneof(fc.constantFrom('profile', 'format', 'bytes', 'nps', 'text', 'unfinished'), fc.string({ maxLength: 10 })), fc.oneof(cell, fc.constantFrom(...EXPORT_PROFILE_NAMES, '0', '9000000000', '1e400', '-5')), {
      maxKeys: 5,
    });
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const before = jobs.size;
        try {
          const ticket = await createUploadJob({ query: q, sender: 'fuzz', now: new Date() }, deps);
          expect(jobs.get(ticket.jobId)?.profile).toBe(q.profile);
        } catch (error) {
          if (!(error instanceof Failure && httpStatusOf(error) < 500)) throw error;
          expect(jobs.size).toBe(before);
        }
      }),
      { numRuns: 300 },
    );
  });
});
