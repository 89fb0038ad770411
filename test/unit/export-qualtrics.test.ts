import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseExport, profileOptionsFromQuery, type CsvHeaderInfo, type ParseExportOptions, type ParsedRecord } from '../../shared/app/parse-export';
import { acceptedInputs, collectRecords, exportErrorOf, exportFixture, recordOutcomes } from '../support/export-records';

async function collect(source: string | Iterable<string | Buffer>, options: Partial<ParseExportOptions> = {}): Promise<ParsedRecord[]> {
  return collectRecords(source, { profile: 'qualtrics', timeZone: 'Europe/Paris', configuredProfiles: {}, ...options });
}

describe('qualtrics profile: current format, choice text', () => {
  it('reads the three header rows, detects NPS/CSAT/CES and the comment, skips previews, spam and comment-less answers', async () => {
    // Prepare / Act
    const records = await collect('qualtrics-fr-choice-text.csv');

    // Assess: the header rows are not records; data rows are numbered from 1.
    expect(recordOutcomes(records)).toEqual({
      1: 'accepted',
      2: 'skipped: response R_2aPrEvIeW0000001: a survey preview (Status "Survey Preview"), not a customer\'s answer',
      3: 'skipped: response R_3sPaM00000000001: flagged as spam by Qualtrics (Status "Spam"), not a customer\'s answer',
      4: 'accepted',
      5: 'skipped: response R_5nOcOmMeNt000001: no comment (Q7 empty); answered NPS, CSAT, CES only',
      6: 'accepted',
    });
    const ok = acceptedInputs(records);
    expect(ok[1]).toEqual({
      text: 'Vendeuse très aimable, "retrait 1h" respecté.\nSeul bémol : la file en caisse.',
      externalId: 'R_1q2W3e4R5t6Y7u8',
      // RecordedDate 09:30:12 in the zone the ImportId row states (Europe/Paris, UTC+1 in March).
      occurredAt: '2026-03-14T08:30:12.000Z',
      lang: 'fr',
      // "Très satisfait" → 5, "Tout à fait d’accord" (typographic apostrophe) → 7.
      ratings: { nps: 9, csat: 5, ces: 7 },
      customer: { id: 'claire.martin@example.fr' },
      provider: 'qualtrics',
      metadata: {
        status: 'IP Address',
        finished: true,
        progress: 100,
        durationSeconds: 512,
        distributionChannel: 'email',
        questions: 'text=Q7 (detected); nps=Q5 (detected); csat=Q1 (detected); ces=Q2 (detected)',
        npsGroup: 'promoter',
        Q3_1: 'Bien',
        Q3_2: 'Moyen',
        'Q7 - Topics': 'Accueil,Caisse',
        Magasin: 'Lyon Part-Dieu',
      },
    });
    // Never copied: IP address, recipient names, location, reCAPTCHA score.
    expect(JSON.stringify(ok)).not.toMatch(/86\.247|Claire|Martin|48\.85|RecaptchaScore/);
  });

  it('keeps an unfinished response that holds a comment, marked as such', async () => {
    const ok = acceptedInputs(await collect('qualtrics-fr-choice-text.csv'));

    expect(ok[4]).toMatchObject({
      externalId: 'R_4uNfInIsHeD00001',
      occurredAt: '2026-03-21T17:44:53.000Z',
      ratings: { nps: 2, csat: 2, ces: 3 },
      metadata: { finished: false, progress: 60, npsGroup: 'detractor' },
    });
  });

  it('reads UserLanguage EN-GB as en and dates in summer time', async () => {
    const ok = acceptedInputs(await collect('qualtrics-fr-choice-text.csv'));

    expect(ok[6]).toMatchObject({ lang: 'en', occurredAt: '2026-07-01T16:05:44.000Z', ratings: { nps: 6, csat: 3, ces: 4 }, metadata: { status: 'Imported' } });
  });

  it('skips unfinished responses when the options say so', async () => {
    const records = await collect('qualtrics-fr-choice-text.csv', { profileOptions: { unfinished: 'skip' } });

    expect(recordOutcomes(records)[4]).toBe("skipped: response R_4uNfInIsHeD00001: never submitted (Finished = False); unfinished responses are skipped by this profile's options");
  });
});

describe('qualtrics profile: numeric values', () => {
  it('reads numeric status codes, UTC dates ("timeZone":"Z") and rejects a score off the scale with the response id', async () => {
    const records = await collect('qualtrics-en-numeric.csv');

    expect(recordOutcomes(records)).toEqual({
      1: 'accepted',
      2: 'skipped: response R_pR3v1eW0000000A: a survey preview (Status "1"), not a customer\'s answer',
      // A "Not applicable" choice recoded 6 on a 1–5 satisfaction question.
      3: 'rejected: response R_cD4fG6hJ8kL0pQ2: Q2: 6 is out of range; CSAT is 1–5',
      4: 'skipped: response R_eF5gH7jK9lM1nP3: no comment (Q6 empty); never submitted and answered NPS only',
      5: 'accepted',
      6: 'skipped: response R_sPaMmY000000001: flagged as spam by Qualtrics (Status "8"), not a customer\'s answer',
    });
    const ok = acceptedInputs(records);
    // Europe/Paris is the deployment's zone, but the file states UTC: the file wins.
    expect(ok[1]).toMatchObject({ occurredAt: '2026-02-02T14:03:31.000Z', ratings: { nps: 3, csat: 2, ces: 6 }, metadata: { npsGroup: 'detractor', Queue: 'Billing' } });
    // The NPS question's export tag was renamed to "NPS": its _NPS_GROUP sibling still finds it. The "Other" text box stays out.
    expect(ok[1]!.metadata).not.toHaveProperty('Q3_4_TEXT');
    expect(ok[5]).toMatchObject({ lang: 'fr', ratings: { csat: 4, ces: 5 } });
    expect(ok[5]!.ratings).not.toHaveProperty('nps');
  });

  it('uses the questions the options name over its own guesses, by export tag or import id', async () => {
    const records = await collect('qualtrics-en-numeric.csv', { profileOptions: { nps: 'QID1', csat: 'q2', ces: 'Q4', text: 'Q6', department: 'Queue' } });

    const ok = acceptedInputs(records);
    expect(ok[1]).toMatchObject({ department: 'billing', ratings: { nps: 3, csat: 2, ces: 6 }, metadata: { questions: 'text=Q6 (config); nps=NPS (config); csat=Q2 (config); ces=Q4 (config)' } });
    expect(ok[1]!.metadata).not.toHaveProperty('Queue');
    expect(ok[5]).toMatchObject({ department: 'technical-support' });
  });

  it('maps a rating to another question than the detected one', async () => {
    // Q3 is "What was your call about?": its numeric codes read as a CES.
    const ok = acceptedInputs(await collect('qualtrics-en-numeric.csv', { profileOptions: { ces: 'Q3' } }));

    expect(ok[1]!.ratings).toEqual({ nps: 3, csat: 2, ces: 1 });
  });
});

describe('qualtrics profile: legacy format', () => {
  it('takes names from the second row for V1…V10 and data from the third', async () => {
    const records = await collect('qualtrics-legacy.csv');

    expect(recordOutcomes(records)).toEqual({
      1: 'accepted',
      2: 'skipped: response R_3ZQPR713FS2lkg2: a survey preview (Status "1"), not a customer\'s answer',
      3: 'accepted',
    });
    const ok = acceptedInputs(records);
    // No ImportId row, so no stated zone: the deployment's (Europe/Paris, UTC+1 in November).
    expect(ok[1]).toMatchObject({ text: 'Waited 40 minutes on hold, twice.', externalId: 'R_2YPOQ602ER1jkf1', occurredAt: '2016-11-08T07:28:48.000Z', ratings: { nps: 4, csat: 2 } });
    expect(ok[3]).toMatchObject({ customer: { id: 'kim.lee@example.net' }, ratings: { nps: 9, csat: 5 } });
    expect(JSON.stringify(ok[3])).not.toMatch(/Lee, Kim|198\.51/);
  });
});

describe('qualtrics profile: header', () => {
  const file = readFileSync(exportFixture('qualtrics-en-numeric.csv'));

  it('reads a file whose two extra header rows were deleted in Excel', async () => {
    const lines = file.toString('utf8').split('\n');
    const trimmed = [lines[0], ...lines.slice(3)].join('\n');

    const records = await collect([trimmed], { profileOptions: { text: 'Q6', nps: 'NPS' } });

    expect(records.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(acceptedInputs(records)[1]).toMatchObject({ externalId: 'R_aB3dE5gH7jK9mN1', ratings: { nps: 3 } });
  });

  it('reports the header rows so a resumed run reads the same columns and zones', async () => {
    let header: CsvHeaderInfo | undefined;
    const full = await collect('qualtrics-en-numeric.csv', { onCsvHeader: (h) => (header = h) });
    expect(header!.headerRows).toHaveLength(2);
    expect(header!.dataStartByte).toBe(file.indexOf('2026-02-02 14:00:10'));

    const at = full[1]!;
    const resumed = await collect([file.subarray(at.byteOffset!)], {
      resumeAt: { row: at.row, byteOffset: at.byteOffset!, csv: { columns: header!.columns, delimiter: header!.delimiter, headerRows: header!.headerRows } },
    });

    expect(resumed).toEqual(full.slice(2));
  });

  it('fails the file, naming the question, when an option names a column the export lacks', async () => {
    const err = await exportErrorOf(collect('qualtrics-en-numeric.csv', { profileOptions: { nps: 'Q9' } }));

    expect(err.code).toBe('invalid_header');
    expect(err.message).toMatch(/^nps: no column "Q9" in this Qualtrics export; its questions are .*NPS \("On a scale from 0-10/);
  });

  it('fails a file with no free-text question, saying which option to set', async () => {
    const csv = ['StartDate,EndDate,Status,Finished,RecordedDate,ResponseId,Q1', 'Start Date,End Date,Response Type,Finished,Recorded Date,Response ID,How likely are you to recommend us?', '2026-01-01 10:00:00,2026-01-01 10:01:00,0,1,2026-01-01 10:01:00,R_aaaaaaaaaaaaaaa,9', ''].join('\n');

    const err = await exportErrorOf(collect([csv]));

    expect(err.code).toBe('invalid_header');
    expect(err.message).toMatch(/no free-text question found .* text option \(e\.g\. text=Q7\); its questions are Q1/);
  });

  it('refuses a file that is not a Qualtrics export', async () => {
    const err = await exportErrorOf(collect(['id,text\n1,hello\n']));

    expect(err.message).toMatch(/not a Qualtrics response export: no ResponseId column/);
  });

  it('refuses unknown or malformed options before reading anything, naming the option', () => {
    expect(() => parseExport([file], { profile: 'qualtrics', configuredProfiles: {}, profileOptions: { npss: 'Q5' } })).toThrow(
      /unknown option "npss" for the qualtrics profile: use text, nps, csat, ces, department, journey, unfinished/,
    );
    expect(() => parseExport([file], { profile: 'qualtrics', configuredProfiles: {}, profileOptions: { unfinished: 'maybe' } })).toThrow(/invalid option for the qualtrics profile: unfinished: /);
    expect(() => parseExport([file], { profile: 'zendesk', configuredProfiles: {}, profileOptions: { nps: 'Q5' } })).toThrow(/the zendesk profile takes no options \(got nps\)/);
  });

  it('takes its options from the query string, without the route\'s own parameters', async () => {
    const options = profileOptionsFromQuery({ profile: 'qualtrics', nps: 'QID1', text: 'Q6', format: 'csv' }, ['profile', 'format']);
    expect(options).toEqual({ nps: 'QID1', text: 'Q6' });

    const ok = acceptedInputs(await collect('qualtrics-en-numeric.csv', { profileOptions: options }));

    expect(ok[1]!.metadata).toMatchObject({ questions: 'text=Q6 (config); nps=NPS (config); csat=Q2 (detected); ces=Q4 (detected)' });
  });

  it('is a CSV-only profile', async () => {
    const err = await exportErrorOf(collect(['[{"responseId":"R_1"}]']));

    expect(err.code).toBe('unrecognised_json');
    expect(err.message).toMatch(/export the responses as CSV/);
  });
});
