import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExportError, parseExport, UnknownProfileError, type ParseExportOptions, type ParsedRecord } from '../../shared/app/parse-export';
import { deployedExportProfiles, loadExportProfilesConfig } from '../../shared/config/export-profiles-source';
import {
  createMappingProfile,
  InvalidExportProfilesConfigError,
  MappingSpecSchema,
  parseExportProfilesConfig,
  type ExportProfilesConfig,
} from '../../shared/domain/export-profiles';
import { FeedbackInputSchema } from '../../shared/domain/feedback';
import { acceptedInputs, collectRecords, exportErrorOf, exportFixture, recordOutcomes } from '../support/export-records';

const CONFIG: ExportProfilesConfig = loadExportProfilesConfig(exportFixture('mapping-reviews.json'));

async function collect(source: string | Iterable<string | Buffer>, options: Partial<ParseExportOptions> & { profile: string }): Promise<ParsedRecord[]> {
  return collectRecords(source, { timeZone: 'Europe/Paris', configuredProfiles: CONFIG, ...options });
}




describe('user mapping: CSV', () => {
  it('maps a review export: joined text, US dates in New York, 0–5 stars to CSAT, value maps, skip rules, per-row errors', async () => {
    // Prepare / Act
    const records = await collect('mapping-reviews.csv', { profile: 'shop-reviews' });

    // Assess
    expect(recordOutcomes(records)).toEqual({
      1: 'accepted',
      2: 'accepted',
      3: 'skipped: not a published review',
      4: 'rejected: Headline, Review: are all empty; every row needs what the customer wrote',
      5: 'rejected: Submitted: "16/03/2026 08:00" does not match the format "MM/dd/yyyy hh:mm a"',
      6: 'rejected: Stars: 7 is out of range; this column is on a 0–5 scale',
      7: 'accepted',
      8: 'skipped: not a published review',
    });
    const ok = acceptedInputs(records);
    expect(ok[1]).toEqual({
      text: 'Great fit\n\nShoes fit perfectly, delivery was quick.',
      externalId: 'RV-88123',
      // 09:30 AM in New York, already on summer time (EDT, UTC−4) on 14 March 2026.
      occurredAt: '2026-03-14T13:30:00.000Z',
      lang: 'en',
      department: 'e-commerce',
      // 4.5 of 0–5 → 1 + 4.5 × 4/5 = 4.6 → 5.
      ratings: { csat: 5 },
      customer: { id: 'ann.lee@example.com' },
      provider: 'shop-reviews',
      metadata: { Store: 'Boston' },
    });
    // A quoted newline inside the review; 01:05 PM is 13:05; 1 star → 1.8 → 2.
    expect(ok[2]).toMatchObject({ text: 'Broken on arrival\n\nThe box was crushed\nand the heel came off.', occurredAt: '2026-03-14T17:05:00.000Z', ratings: { csat: 2 } });
    // 12:15 AM is 00:15; no locale → the mapping's default language; 0 stars → CSAT 1.
    expect(ok[7]).toMatchObject({ occurredAt: '2026-03-17T04:15:00.000Z', lang: 'fr', ratings: { csat: 1 } });
    expect(ok[7]!.customer).toBeUndefined();
  });

  it('fails the file, naming the mapping field, when a column it names is missing', async () => {
    const csv = 'Review ID,Submitted,Stars,Title,Review,Locale,Store,Channel,Reviewer Email,Moderation\n';

    const err = await exportErrorOf(collect([csv], { profile: 'shop-reviews' }));

    expect(err.code).toBe('invalid_header');
    expect(err.message).toMatch(/^mapping "shop-reviews" does not fit this file: text\[0\]: no column "Headline"; the header has "Review ID", "Submitted"/);
  });

  it('matches column names whatever their case, accents and BOM', async () => {
    const profile = createMappingProfile('crm', MappingSpecSchema.parse({ kind: 'mapping', text: 'Commentaire client', externalId: 'N° dossier' }));
    const mapper = profile.csv!(['\uFEFFn° DOSSIER', 'commentaire_client'], {});

    expect(mapper.ok && mapper.mapper.map(['D-1', 'Très déçu'])).toEqual({ ok: true, input: { text: 'Très déçu', externalId: 'D-1', provider: 'crm' } });
  });

  it('refuses options on a mapping: it is changed in the deployment config', () => {
    expect(() => parseExport(['x'], { profile: 'shop-reviews', configuredProfiles: CONFIG, profileOptions: { nps: 'Q5' } })).toThrow(/mapping "shop-reviews" is configured in the deployment and takes no options/);
  });
});

describe('user mapping: JSON', () => {
  it('reads records at a dot path, nested fields, epoch seconds and a label map for CES', async () => {
    const records = await collect('mapping-survey-responses.json', { profile: 'survey-webhooks' });

    expect(recordOutcomes(records)).toEqual({
      1: 'accepted',
      2: 'accepted',
      3: 'rejected: submitted_at: "yesterday" is not a Unix time in seconds',
      4: 'rejected: answers.comment: is empty; every row needs what the customer wrote; answers.effort: "so-so" is not a score; write a number such as "4" or "4/7" (CES is 1–7)',
    });
    const ok = acceptedInputs(records);
    expect(ok[1]).toEqual({
      text: 'Trois appels pour résilier, et toujours facturée.',
      externalId: 'resp_01HQ7Z',
      occurredAt: '2026-03-14T09:30:00.000Z',
      lang: 'fr',
      journey: 'resiliation',
      ratings: { nps: 3, ces: 1 },
      customer: { id: 'lea.bernard@example.fr' },
      provider: 'survey-webhooks',
      metadata: { 'context.plan': 'Fibre 1G' },
    });
    // "respondent": null → no customer; "easy" → 6 from the label map.
    expect(ok[2]).toMatchObject({ ratings: { nps: 10, ces: 6 } });
    expect(ok[2]!.customer).toBeUndefined();
  });

  it('reads JSONL with one record per line', async () => {
    const lines = ['{"answers":{"comment":"Bien reçu","nps":"9"},"id":"a1","submitted_at":1773480600}', '{"answers":{"comment":"x","nps":11},"id":"a2"}', ''].join('\n');

    const records = await collect([lines], { profile: 'survey-webhooks', format: 'jsonl' });

    expect(recordOutcomes(records)).toEqual({ 1: 'accepted', 2: 'rejected: answers.nps: 11 is out of range; NPS is 0–10' });
  });

  it('says when the document has no array where the mapping points', async () => {
    const err = await exportErrorOf(collect(['{\n  "data": { "responses": { "id": 1 } }\n}\n'], { profile: 'survey-webhooks', format: 'json' }));

    expect(err.code).toBe('unrecognised_json');
    expect(err.message).toMatch(/"data.responses" is not an array/);
  });
});

describe('user mapping: dates', () => {
  const mapOne = (occurredAt: unknown, value: string) => {
    const profile = createMappingProfile('d', MappingSpecSchema.parse({ kind: 'mapping', text: 't', occurredAt }));
    const bound = profile.csv!(['t', 'd'], { timeZone: 'Europe/Paris' });
    return bound.ok ? bound.mapper.map(['hello', value]) : bound;
  };

  it('reads declared formats: day-first with dots, two-digit years, offsets, milliseconds, ISO and epoch-ms', () => {
    expect(mapOne({ column: 'd', format: 'dd.MM.yy HH:mm' }, '05.03.26 14:07')).toMatchObject({ ok: true, input: { occurredAt: '2026-03-05T13:07:00.000Z' } });
    expect(mapOne({ column: 'd', format: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX".replace(/'/g, '') }, '2026-03-05T14:07:09.120+05:30')).toMatchObject({ input: { occurredAt: '2026-03-05T08:37:09.120Z' } });
    expect(mapOne({ column: 'd', format: 'iso' }, '2026-03-05T14:07:00Z')).toMatchObject({ input: { occurredAt: '2026-03-05T14:07:00.000Z' } });
    expect(mapOne({ column: 'd', format: 'epoch-ms' }, '1773480600000')).toMatchObject({ input: { occurredAt: '2026-03-14T09:30:00.000Z' } });
    // Without a format: the built-in reading (ISO or dd/mm/yyyy) in the deployment's zone.
    expect(mapOne('d', '14/03/2026 09:30')).toMatchObject({ input: { occurredAt: '2026-03-14T08:30:00.000Z' } });
  });

  it('rejects impossible dates with the reason', () => {
    expect(mapOne({ column: 'd', format: 'MM/dd/yyyy' }, '02/30/2026')).toEqual({ ok: false, error: 'd: "02/30/2026" is not a real date (day 30 of month 2)' });
    expect(mapOne({ column: 'd', format: 'MM/dd/yyyy h:mm a' }, '02/03/2026 13:00 PM')).toEqual({ ok: false, error: 'd: "02/03/2026 13:00 PM" has hour 13 on a 12-hour clock' });
  });
});

describe('export profiles config', () => {
  const invalid = (config: unknown): string => {
    try {
      parseExportProfilesConfig(JSON.stringify(config), 'cfg');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidExportProfilesConfigError);
      return (e as Error).message;
    }
    throw new Error('expected the config to be refused');
  };

  it('names the bad field in every error', () => {
    expect(invalid({ a: { kind: 'mapping', text: '' } })).toMatch(/^cfg is invalid: a\.text: name a column/);
    expect(invalid({ a: { kind: 'mapping', text: 't', ratings: { csat: { column: 's', scale: [5, 0] } } } })).toMatch(/a\.ratings\.csat\.scale: scale: write \[low, high\]/);
    expect(invalid({ a: { kind: 'mapping', text: 't', occurredAt: { column: 'd', format: 'dd/MM' } } })).toMatch(/a\.occurredAt\.format: date format: use "iso"/);
    expect(invalid({ a: { kind: 'mapping', text: 't', occurredAt: { column: 'd', timeZone: 'Europe/Lutece' } } })).toMatch(/a\.occurredAt\.timeZone: timeZone must be an IANA time zone/);
    expect(invalid({ a: { kind: 'mapping', text: 't', skip: [{ column: 's', equals: 'x', empty: true }] } })).toMatch(/a\.skip\[0\]: a skip rule needs exactly one of equals, matches or empty/);
    expect(invalid({ a: { kind: 'mapping', text: 't', skip: [{ column: 's', matches: '(' }] } })).toMatch(/a\.skip\[0\]\.matches: matches: not a valid regular expression/);
    expect(invalid({ a: { kind: 'mapping', text: 't', txt: 'x' } })).toMatch(/Unrecognized key: "txt"/);
    expect(invalid({ a: { kind: 'qualtrics', nps: 'Q5', unfinished: 'later' } })).toMatch(/a\.unfinished/);
    expect(invalid({ zendesk: { kind: 'mapping', text: 't' } })).toMatch(/"zendesk" is a built-in profile/);
    expect(invalid({ 'My Reviews': { kind: 'mapping', text: 't' } })).toMatch(/lower-case letters, digits and dashes/);
    expect(invalid({ a: { kind: 'csv', text: 't' } })).toMatch(/^cfg is invalid: a\.kind/);
  });

  it('reads JSON text or a file, and says which file is broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-profiles-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "a": ');

    expect(loadExportProfilesConfig('{"a":{"kind":"mapping","text":"t"}}')).toEqual({ a: { kind: 'mapping', text: 't' } });
    expect(loadExportProfilesConfig(undefined)).toEqual({});
    expect(() => loadExportProfilesConfig(broken)).toThrow(`export profiles file ${broken} is not valid JSON`);
    expect(() => loadExportProfilesConfig(join(dir, 'missing.json'))).toThrow(/cannot read the export profiles file/);
  });

  it('runs a configured Qualtrics survey by its name; the request may override its options', async () => {
    const preset = await collect('qualtrics-en-numeric.csv', { profile: 'nps-2026' });
    const ok = acceptedInputs(preset);
    expect(ok[1]).toMatchObject({ department: 'billing', metadata: { questions: 'text=Q6 (config); nps=NPS (config); csat=Q2 (config); ces=Q4 (detected)' } });
    // The preset skips unfinished responses.
    expect(preset[3]!.result).toMatchObject({ ok: false, skipped: true, error: expect.stringMatching(/never submitted/) });

    const overridden = await collect('qualtrics-en-numeric.csv', { profile: 'nps-2026', profileOptions: { unfinished: 'keep' } });
    expect(overridden[3]!.result).toMatchObject({ error: expect.stringMatching(/no comment \(Q6 empty\); never submitted/) });
  });

  it('lists the configured profiles beside the built-in ones for an unknown name', () => {
    expect(() => parseExport(['x'], { profile: 'reviews', configuredProfiles: CONFIG })).toThrow(UnknownProfileError);
    expect(() => parseExport(['x'], { profile: 'reviews', configuredProfiles: CONFIG })).toThrow(
      'unknown export profile "reviews": use one of generic, zendesk, freshdesk, contact-lens, qualtrics, shop-reviews, survey-webhooks, nps-2026',
    );
  });

  it('reads the local stack config from EXPORT_PROFILES_CONFIG: JSON or a file path', () => {
    expect(Object.keys(deployedExportProfiles(exportFixture('mapping-reviews.json')))).toEqual(['shop-reviews', 'survey-webhooks', 'nps-2026']);
    expect(deployedExportProfiles('{"x":{"kind":"mapping","text":"t"}}')).toEqual({ x: { kind: 'mapping', text: 't' } });
    expect(deployedExportProfiles(undefined)).toEqual({});
    expect(() => deployedExportProfiles('{"x":{}}')).toThrow(/^EXPORT_PROFILES_CONFIG is invalid: x\.kind/);
  });
});

describe('qualtrics and mapping profiles under hostile input', () => {
  const cell = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('', '10', '-1', '4.5', 'NaN', '1e309', 'True', 'Survey Preview', '{"ImportId":"QID1"}', '31/02/2026', 'R_aaaaaaaaaaaaaaa'));
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
    fc.array(fc.array(cell, { maxLength: 30 }), { maxLength: 8 }).map((rows) => Buffer.from(readFileSync(exportFixture('qualtrics-en-numeric.csv'), 'utf8').split('\n').slice(0, 3).join('\n') + '\n' + rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n'))),
  );

  it('turns any bytes into records or a typed ExportError; every accepted record is a valid FeedbackInput', async () => {
    await fc.assert(
      fc.asyncProperty(bytes, fc.constantFrom('qualtrics', 'nps-2026', 'shop-reviews', 'survey-webhooks'), async (file, profile) => {
        try {
          for await (const r of parseExport([file], { profile, timeZone: 'Europe/Paris', configuredProfiles: CONFIG })) {
            expect(r.row).toBeGreaterThan(0);
            if (r.result.ok) expect(FeedbackInputSchema.safeParse(r.result.input).success).toBe(true);
            else expect(r.result.error.length).toBeGreaterThan(0);
          }
        } catch (e) {
          expect(e).toBeInstanceOf(ExportError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
