import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseExport, ExportError, UnknownProfileError, detectDelimiter, type CsvHeaderInfo, type ParsedRecord } from '../../shared/app/parse-export';
import { EXPORT_PROFILE_NAMES, parseLang, parseRating, type RecordResult } from '../../shared/domain/export-profiles';
import { parseDate } from '../../shared/domain/export-profiles/dates';
import type { FeedbackInput } from '../../shared/domain/feedback';
import { acceptedInputs, collectRecords, exportFixture } from '../support/export-records';


function errors(records: ParsedRecord[]): Record<number, Extract<RecordResult, { ok: false }>> {
  const bad: Record<number, Extract<RecordResult, { ok: false }>> = {};
  for (const r of records) if (!r.result.ok) bad[r.row] = r.result;
  return bad;
}

async function expectExportError(p: Promise<unknown>, code: string, message: RegExp): Promise<ExportError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExportError);
  expect((err as ExportError).code).toBe(code);
  expect((err as ExportError).message).toMatch(message);
  return err as ExportError;
}

describe('generic profile', () => {
  it('reads a French Excel export: BOM, ";", CRLF, dd/mm/yyyy in Europe/Paris, quoted multi-line text', async () => {
    const records = await collectRecords('generic-fr-semicolon.csv', { profile: 'generic', timeZone: 'Europe/Paris' });
    // The trailing ";;;;;;;;;;;" line Excel leaves behind is neither accepted nor rejected.
    expect(records.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(acceptedInputs(records)).toEqual({
      1: {
        text: 'Livraison en retard de trois jours, personne ne répond au téléphone.',
        externalId: 'FR-1001',
        occurredAt: '2026-03-14T08:30:00.000Z',
        lang: 'fr',
        department: 'livraison',
        journey: 'commande-en-ligne',
        ratings: { nps: 3, csat: 2, ces: 6 },
        customer: { id: 'cli-88412' },
        // The Email column never reaches metadata.
        metadata: { Magasin: 'Lyon Part-Dieu' },
      },
      2: {
        text: "Très bon accueil en magasin.\nLe vendeur a pris le temps de tout m'expliquer ; je recommande !",
        externalId: 'FR-1002',
        occurredAt: '2026-03-14T10:05:00.000Z',
        lang: 'fr',
        department: 'magasins',
        journey: 'achat-magasin',
        ratings: { nps: 9, csat: 5, ces: 2 },
        customer: { id: 'cli-10233' },
        metadata: { Magasin: 'Bordeaux' },
      },
      6: {
        text: 'Le colis est arrivé "abîmé", carton ouvert',
        externalId: 'FR-1006',
        occurredAt: '2026-03-16T07:00:00.000Z',
        lang: 'fr',
        department: 'service-client',
        ratings: { nps: 6, csat: 2, ces: 5 },
        metadata: { Magasin: 'Nantes' },
      },
    });
    const bad = errors(records);
    expect(Object.keys(bad)).toEqual(['3', '4', '5']);
    expect(bad[3]!.error).toBe('date: "31/02/2026 10:00" is not a real date (day 31 of month 2)');
    expect(bad[4]!.error).toMatch(/^message: is empty/);
    expect(bad[5]!.error).toBe('nps: 11 is out of range; NPS is 0–10');
    // Byte offsets grow with each record and the last one ends where the last data line ends.
    const offsets = records.map((r) => r.byteOffset!);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    const file = readFileSync(exportFixture('generic-fr-semicolon.csv'));
    expect(file.subarray(offsets[5]!).toString()).toBe(';;;;;;;;;;;\r\n');
  });

  it('reads an English export: ",", ISO and "yyyy-mm-dd hh:mm:ss" dates, "Message" alias, doubled quotes, star ratings', async () => {
    const records = await collectRecords('generic-en-comma.csv', { profile: 'generic' });
    expect(acceptedInputs(records)).toEqual({
      1: {
        text: 'Delivery was late, and nobody answered the phone.',
        externalId: 'EN-2001',
        occurredAt: '2026-03-14T09:30:00.000Z',
        lang: 'en',
        department: 'delivery',
        journey: 'online-order',
        ratings: { nps: 4, csat: 2, ces: 6 },
        customer: { id: 'cus-7781' },
        metadata: { Store: 'Manchester', 'Order Total': '54.90' },
      },
      2: {
        text: 'Great service, the agent said "no problem" and fixed it.\nWould buy again.',
        externalId: 'EN-2002',
        occurredAt: '2026-03-14T17:02:45.000Z',
        lang: 'en',
        department: 'customer-care',
        ratings: { nps: 10, csat: 4, ces: 1 },
        customer: { id: 'cus-1204' },
      },
      3: {
        text: 'The app keeps logging me out',
        externalId: 'EN-2003',
        occurredAt: '2026-03-15T07:00:00.000Z',
        lang: 'en',
        department: 'digital',
        journey: 'app-login',
        ratings: { nps: 9, csat: 4 },
      },
    });
    const bad = errors(records);
    expect(bad[4]!.error).toMatch(/^Date: "yesterday" is not a date we can read; use ISO 8601/);
    // Every problem of a row in one message, named by the file's own column names.
    expect(bad[5]!.error).toBe('CSAT: 6 is out of range; CSAT is 1–5; CES: 8 is out of range; CES is 1–7');
  });

  it('parses ratings leniently but validates them against their scale', () => {
    expect(parseRating('9', 'nps').value).toBe(9);
    expect(parseRating('9/10', 'nps').value).toBe(9);
    expect(parseRating(' 0 ', 'nps').value).toBe(0);
    expect(parseRating('4 ★', 'csat').value).toBe(4);
    expect(parseRating('★★★★☆', 'csat').value).toBe(4);
    expect(parseRating('4 étoiles', 'csat').value).toBe(4);
    expect(parseRating('4,0', 'csat').value).toBe(4);
    expect(parseRating('3/7', 'ces').value).toBe(3);
    expect(parseRating('N/A', 'nps')).toEqual({});
    expect(parseRating('', 'csat')).toEqual({});
    expect(parseRating('4/5', 'nps').error).toBe('nps: "4/5" is on a 5-point scale; NPS is 0–10');
    expect(parseRating('4.5', 'csat').error).toBe('csat: 4.5 is not a whole number; CSAT is 1–5');
    expect(parseRating('0', 'csat').error).toBe('csat: 0 is out of range; CSAT is 1–5');
    expect(parseRating('8', 'ces').error).toBe('ces: 8 is out of range; CES is 1–7');
    expect(parseRating('great', 'nps').error).toMatch(/^nps: "great" is not a score/);
  });

  it('reads the date formats exports use, in the configured zone when the date has no offset', () => {
    const utc = {};
    const paris = { timeZone: 'Europe/Paris' };
    expect(parseDate('2026-03-14T09:30:00Z', paris).value).toBe('2026-03-14T09:30:00.000Z');
    expect(parseDate('2026-03-14T09:30:00+01:00', utc).value).toBe('2026-03-14T08:30:00.000Z');
    expect(parseDate('2026-03-14 09:30:00', utc).value).toBe('2026-03-14T09:30:00.000Z');
    expect(parseDate('2026-07-14 09:30:00', paris).value).toBe('2026-07-14T07:30:00.000Z'); // summer time
    expect(parseDate('2026-03-02 09:14:27 +0100', utc).value).toBe('2026-03-02T08:14:27.000Z');
    expect(parseDate('14/03/2026', paris).value).toBe('2026-03-13T23:00:00.000Z');
    expect(parseDate('14/03/2026 09:30', utc).value).toBe('2026-03-14T09:30:00.000Z');
    expect(parseDate('14/03/26 9h30', utc).value).toBe('2026-03-14T09:30:00.000Z');
    expect(parseDate('29/02/2028', utc).value).toBe('2028-02-29T00:00:00.000Z');
    expect(parseDate('29/02/2026', utc).error).toBe('date: "29/02/2026" is not a real date (day 29 of month 2)');
    expect(parseDate('03/14/2026', utc).error).toMatch(/has month 14; dates are read day first/);
    expect(parseDate('14/03/2026 24:10', utc).error).toMatch(/impossible time of day/);
  });

  it('normalises language codes and names', () => {
    expect(parseLang('FR').value).toBe('fr');
    expect(parseLang('fr_CA').value).toBe('fr');
    expect(parseLang('en-GB').value).toBe('en');
    expect(parseLang('Français').value).toBe('fr');
    expect(parseLang('English').value).toBe('en');
    expect(parseLang('')).toEqual({});
    expect(parseLang('Klingon 2').error).toMatch(/is not a language code/);
  });

  it('refuses a file without a text column, naming the columns it found', async () => {
    const err = await expectExportError(collectRecords(['id;date;comments\n1;14/03/2026;Super\n'], { profile: 'generic' }), 'invalid_header', /no text column/);
    expect(err.message).toContain('"comments"');
    expect(err.details).toEqual({ columns: ['id', 'date', 'comments'] });
  });

  it('keeps going after bad rows: extra fields, empty text, and reports an unclosed quote at the end', async () => {
    const csv = 'id,text,nps\n1,"fine",5\n2,too,many,fields\n3,,4\n4,"also fine",10\n5,"never closed\n6,lost\n';
    const records = await collectRecords([csv], { profile: 'generic' });
    expect(records.map((r) => [r.row, r.result.ok])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [4, true],
      [5, false],
    ]);
    const bad = errors(records);
    expect(bad[2]!.error).toBe('row has 4 fields but the header has 3: quote fields that contain the delimiter, or check the delimiter');
    expect(bad[3]!.error).toMatch(/^text: is empty/);
    expect(bad[5]!.error).toMatch(/quoted field is never closed/);
  });

  it('bounds metadata: at most 50 entries, values cut at 1024 characters, the overflow counted', async () => {
    const extra = Array.from({ length: 80 }, (_, i) => `col${i}`);
    const csv = `text,${extra.join(',')}\nhello,${extra.map((_, i) => (i === 0 ? 'x'.repeat(2000) : `v${i}`)).join(',')}\n`;
    const [rec] = await collectRecords([csv], { profile: 'generic' });
    expect(rec!.result.ok).toBe(true);
    const metadata = (rec!.result as { input: FeedbackInput }).input.metadata!;
    expect(Object.keys(metadata)).toHaveLength(50);
    expect(metadata.metadataDropped).toBe(31);
    expect((metadata.col0 as string).length).toBe(1024);
  });

  it('reads JSON objects with the same keys as the CSV columns', async () => {
    const body = JSON.stringify([
      { id: 'J1', date: '2026-03-14T09:30:00Z', text: 'Bon produit', nps: 9, lang: 'fr', store: 'Lyon' },
      { id: 'J2', message: 'No text key, message alias', csat: '6' },
    ]);
    const records = await collectRecords([body], { profile: 'generic' });
    expect(acceptedInputs(records)).toEqual({
      1: { text: 'Bon produit', externalId: 'J1', occurredAt: '2026-03-14T09:30:00.000Z', lang: 'fr', ratings: { nps: 9 }, metadata: { store: 'Lyon' } },
    });
    expect(errors(records)[2]!.error).toBe('csat: 6 is out of range; CSAT is 1–5');
  });

  it('detects the delimiter from the header, outside quotes', () => {
    expect(detectDelimiter('id;date;text\r\n')).toBe(';');
    expect(detectDelimiter('id,date,text\n')).toBe(',');
    expect(detectDelimiter('"a;b",c,d\n')).toBe(',');
    expect(detectDelimiter('id\ttext\n')).toBe('\t');
    expect(detectDelimiter('text\n')).toBe(',');
  });
});

describe('zendesk profile', () => {
  it('maps an Incremental Export page: description, CSAT good/bad, via channel, tags, custom fields; skips deleted tickets', async () => {
    const records = await collectRecords('zendesk-incremental-page.json', { profile: 'zendesk' });
    expect(records.map((r) => r.row)).toEqual([1, 2, 3, 4, 5]);
    const ok = acceptedInputs(records);
    expect(ok[1]).toEqual({
      text:
        "Bonjour,\n\nJ'ai commandé le 2 mars et je n'ai toujours rien reçu. Le suivi indique « livré » mais rien dans ma boîte aux lettres.\n\nMerci de faire le nécessaire." +
        '\n\nTrois semaines pour un remboursement, inadmissible.',
      externalId: '48213',
      occurredAt: '2026-03-12T08:41:17.000Z',
      subject: 'Colis jamais reçu',
      ratings: { csat: 1 },
      customer: { id: 'zendesk:12001122334' },
      provider: 'zendesk',
      metadata: {
        channel: 'email',
        status: 'solved',
        priority: 'normal',
        type: 'incident',
        groupId: '360001234567',
        brandId: '360000333444',
        satisfaction: 'bad',
        satisfactionReason: 'Issue took too long to resolve',
        hasSatisfactionComment: true,
        tags: 'livraison, colis_perdu',
        field_360011111111: 'livraison',
      },
    });
    expect(ok[2]!.ratings).toEqual({ csat: 5 });
    expect(ok[2]!.text).toBe('Hi, just wanted to say the refund arrived this morning. Quick and painless!');
    expect(ok[5]!.ratings).toBeUndefined(); // "offered" is not a rating
    expect(ok[5]!.metadata).toMatchObject({ channel: 'mobile', field_360033333333: 'android, v5_2' });
    const bad = errors(records);
    expect(bad[3]).toEqual({ ok: false, error: 'ticket 48215: has no description and no satisfaction comment: nothing the customer wrote' });
    expect(bad[4]).toEqual({ ok: false, error: 'ticket 48216: deleted in Zendesk', skipped: true });
  });

  it('streams JSONL (one ticket per line): a truncated line is one bad row, and a byte offset resumes after any line', async () => {
    const records = await collectRecords('zendesk-tickets.jsonl', { profile: 'zendesk' });
    expect(records.map((r) => [r.row, r.result.ok])).toEqual([
      [1, true],
      [2, true],
      [3, false],
      [4, true],
    ]);
    expect(errors(records)[3]!.error).toMatch(/^line 3: not valid JSON/);
    const file = readFileSync(exportFixture('zendesk-tickets.jsonl'));
    expect(records[3]!.byteOffset).toBe(file.length);
    // A new invocation opens the file at row 2's offset (an S3 Range GET) and goes on from row 3.
    const from = records[1]!.byteOffset!;
    const resumed = await collectRecords([file.subarray(from)], { profile: 'zendesk', resumeAt: { row: 2, byteOffset: from } });
    expect(resumed.map((r) => r.row)).toEqual([3, 4]);
    expect(resumed[1]).toEqual(records[3]);
  });

  it('maps the Zendesk CSV export (no description column: the subject is the text) without copying personal columns', async () => {
    const records = await collectRecords('zendesk-tickets.csv', { profile: 'zendesk' });
    const ok = acceptedInputs(records);
    expect(Object.keys(ok)).toEqual(['1', '2']);
    expect(ok[1]).toMatchObject({
      text: 'Colis jamais reçu',
      externalId: '48213',
      occurredAt: '2026-03-12T08:41:17.000Z',
      department: 'livraison',
      ratings: { csat: 1 },
      customer: { id: 'marie.dupont@example.fr' },
      provider: 'zendesk',
    });
    expect(ok[1]!.subject).toBeUndefined();
    expect(ok[1]!.metadata).toMatchObject({ textSource: 'subject', satisfaction: 'Bad', channel: 'Mail', 'Motif de contact [list]': 'Livraison', 'First reply time in minutes': '35' });
    for (const personal of ['Requester', 'Requester email', 'Requester domain', 'Submitter', 'Assignee', 'Summation column']) {
      expect(ok[1]!.metadata).not.toHaveProperty(personal);
    }
    expect(JSON.stringify(ok)).not.toContain('Marie Dupont');
    expect(ok[2]).toMatchObject({ department: 'billing', ratings: { csat: 5 } });
    const bad = errors(records);
    expect(bad[3]!.error).toMatch(/^Description: is empty \(and so are Subject and Satisfaction Comment\)/);
    expect(bad[4]!.error).toMatch(/^Created at: "2026-13-13 15:30:40 \+0100" has month 13/);
  });

  it('uses the Description column when a Zendesk CSV has one, keeping the subject as subject', async () => {
    const csv = 'Id,Subject,Description,Created at,Satisfaction Score,Group\n9001,Refund,"I want my money back.\nNow.",2026-03-12 09:41:17 +0100,"Bad, I\'m unsatisfied",Billing\n';
    const [rec] = await collectRecords([csv], { profile: 'zendesk' });
    expect(rec!.result).toEqual({
      ok: true,
      input: {
        text: 'I want my money back.\nNow.',
        externalId: '9001',
        occurredAt: '2026-03-12T08:41:17.000Z',
        subject: 'Refund',
        department: 'billing',
        ratings: { csat: 1 },
        provider: 'zendesk',
        metadata: { textSource: 'description', satisfaction: "Bad, I'm unsatisfied" },
      },
    });
  });

  it('refuses a CSV that is not a Zendesk ticket export', async () => {
    await expectExportError(collectRecords(['foo,bar\n1,2\n'], { profile: 'zendesk' }), 'invalid_header', /expected the columns "Id" and "Description"/);
  });
});

describe('freshdesk profile', () => {
  it('maps API v2 tickets: description_text (HTML fallback), source code → channel, status, custom fields; skips outbound email', async () => {
    const records = await collectRecords('freshdesk-tickets.json', { profile: 'freshdesk' });
    const ok = acceptedInputs(records);
    expect(ok[1]).toEqual({
      text: "Bonjour, j'ai été prélevé deux fois pour la même commande n°55821. Pouvez-vous me rembourser ?",
      externalId: '1201',
      occurredAt: '2026-03-10T13:02:11.000Z',
      subject: 'Facture en double',
      customer: { id: 'freshdesk:43009876501' },
      provider: 'freshdesk',
      metadata: {
        channel: 'email',
        status: 'resolved',
        priority: 'medium',
        type: 'Problem',
        groupId: '43000123456',
        tags: 'facturation, double_prelevement',
        cf_motif: 'Facturation',
        cf_order_number: '55821',
      },
    });
    expect(ok[2]!.metadata).toMatchObject({ channel: 'chat', status: 'closed', cf_vip: 'true' });
    expect(ok[5]!.text).toBe('Impossible de réinitialiser mon mot de passe :\nle lien reçu est expiré.');
    expect(ok[5]!.metadata).toMatchObject({ channel: 'portal', status: 'pending' });
    const bad = errors(records);
    expect(bad[3]).toEqual({ ok: false, error: 'ticket 1203: a ticket the agent opened by outbound email: not written by the customer', skipped: true });
    expect(bad[4]!.error).toBe('ticket 1204: description is empty; nothing the customer wrote');
  });

  it('explains how to get descriptions when tickets were listed without them', async () => {
    const [rec] = await collectRecords([JSON.stringify([{ id: 7, subject: 'x', source: 1, created_at: '2026-03-10T13:02:11Z' }])], { profile: 'freshdesk' });
    expect(rec!.result).toMatchObject({ ok: false, error: expect.stringContaining('include=description') });
  });

  it('maps the CSV ticket export in the helpdesk time zone: survey → CSAT, Language → lang, Group → department, no personal columns', async () => {
    const records = await collectRecords('freshdesk-tickets.csv', { profile: 'freshdesk', timeZone: 'Europe/Paris' });
    const ok = acceptedInputs(records);
    expect(ok[1]).toMatchObject({
      text: "Bonjour, j'ai été prélevé deux fois pour la même commande n°55821.\nPouvez-vous me rembourser ?",
      externalId: '1201',
      occurredAt: '2026-03-10T13:02:11.000Z',
      lang: 'fr',
      subject: 'Facture en double',
      department: 'facturation',
      ratings: { csat: 1 },
      customer: { id: 'marie.dupont@example.fr' },
      provider: 'freshdesk',
    });
    expect(ok[1]!.metadata).toMatchObject({ channel: 'email', survey: 'Not Good', Motif: 'Facturation', 'Resolution status': 'Within SLA' });
    for (const personal of ['Full name', 'Email', 'Mobile phone', 'Work phone', 'Agent', 'Contact ID']) expect(ok[1]!.metadata).not.toHaveProperty(personal);
    expect(JSON.stringify(ok)).not.toContain('+33 6');
    expect(ok[2]).toMatchObject({ lang: 'en', department: 'customer-care', ratings: { csat: 5 }, occurredAt: '2026-03-10T15:45:00.000Z' });
    const bad = errors(records);
    expect(bad[3]).toMatchObject({ skipped: true, error: expect.stringContaining('outbound email') });
    expect(bad[4]!.error).toBe('Description: is empty; nothing the customer wrote');
    expect(bad[5]!.error).toBe('Created time: "10/03/2026 25:00" has an impossible time of day');
  });
});

describe('contact-lens profile', () => {
  const voiceKey = 'connect/exemple/Analysis/Voice/2026/03/12/7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f_analysis_2026-03-12T10:41:07Z.json';

  it('voice: the customer turns as text, per-turn sentiment summarised, categories → journey hint, time from the S3 key', async () => {
    const records = await collectRecords('contact-lens-voice.json', {
      profile: 'contact-lens',
      sourceName: voiceKey,
      categoryJourneys: { 'retard-livraison': 'livraison-domicile' },
    });
    expect(records).toHaveLength(1);
    expect(records[0]!.result).toEqual({
      ok: true,
      input: {
        text: [
          "Oui bonjour, j'appelle parce que mon colis devait arriver lundi et je n'ai toujours rien.",
          "Ça fait une semaine de retard, c'est inadmissible.",
          "C'est le [PII].",
          "Si ça ne bouge pas d'ici vendredi je résilie mon abonnement.",
          "D'accord, merci beaucoup, bonne journée.",
        ].join('\n'),
        externalId: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
        occurredAt: '2026-03-12T10:41:07.000Z',
        lang: 'fr',
        journey: 'livraison-domicile',
        provider: 'contact-lens',
        metadata: {
          channel: 'voice',
          instanceId: 'f23fc323-3d6d-48aa-95dc-0e1a2b3c4d5e',
          customerTurns: 5,
          agentTurns: 4,
          customerTurnsPositive: 1,
          customerTurnsNegative: 3,
          customerTurnsNeutral: 1,
          customerTurnsMixed: 0,
          customerSentimentFirst: 'negative',
          customerSentimentLast: 'positive',
          customerSentimentScore: -2.3,
          categories: 'Retard-Livraison, Menace-Resiliation',
          durationMillis: 61240,
          interruptions: 1,
          contactSummary:
            "Le client signale un colis non livré depuis une semaine et menace de résilier. L'agent ouvre une enquête transporteur et promet un rappel sous 48 h.",
        },
      },
    });
  });

  it('voice without a timestamped key and without a category map: no occurredAt, no journey', async () => {
    const [rec] = await collectRecords('contact-lens-voice.json', { profile: 'contact-lens' });
    const input = (rec!.result as { input: FeedbackInput }).input;
    expect(input.occurredAt).toBeUndefined();
    expect(input.journey).toBeUndefined();
  });

  it('chat: customer messages only (no events, attachments, system or agent), start time, grouped sentiment counted per message', async () => {
    const [rec] = await collectRecords('contact-lens-chat.json', { profile: 'contact-lens' });
    expect(rec!.result).toEqual({
      ok: true,
      input: {
        text: 'I was charged twice for my subscription this month and I want the duplicate refunded.\nThis is the second time it happens!\nOK, thanks for sorting it so quickly.',
        externalId: 'b49644f6-672f-445c-b209-f76b36482830',
        occurredAt: '2026-03-14T15:02:10.735Z',
        lang: 'en',
        provider: 'contact-lens',
        metadata: {
          channel: 'chat',
          instanceId: 'f23fc323-3d6d-48aa-95dc-0e1a2b3c4d5e',
          customerTurns: 3,
          agentTurns: 2,
          customerTurnsPositive: 1,
          customerTurnsNegative: 2,
          customerTurnsNeutral: 0,
          customerTurnsMixed: 0,
          customerSentimentFirst: 'negative',
          customerSentimentLast: 'positive',
          customerSentimentScore: -1.25,
          customerSentimentBegin: -3.75,
          customerSentimentEnd: 1.25,
          categories: 'Billing-Dispute, agent-intro',
        },
      },
    });
  });

  it('reports an analysis that did not complete, and a file that is not Contact Lens output, as row errors', async () => {
    const failed = JSON.stringify({ JobStatus: 'FAILED', CustomerMetadata: { ContactId: 'c-1' }, Transcript: [] });
    const noCustomer = JSON.stringify({
      JobStatus: 'COMPLETED',
      CustomerMetadata: { ContactId: 'c-2' },
      Transcript: [{ ParticipantId: 'AGENT', Content: 'Hello?', BeginOffsetMillis: 0, EndOffsetMillis: 900, Sentiment: 'NEUTRAL', Id: 't1' }],
    });
    const records = await collectRecords([`${failed}\n${noCustomer}\n{"hello":"world"}\n`], { profile: 'contact-lens' });
    expect(records.map((r) => r.result)).toEqual([
      { ok: false, error: 'contact c-1: analysis job is FAILED, not COMPLETED; export it again once analysis has finished' },
      { ok: false, error: 'contact c-2: the transcript has no customer turns' },
      { ok: false, error: expect.stringMatching(/^line 3: not a Contact Lens analysis file/) },
    ]);
  });

  it('is a JSON-only profile: a CSV is refused with a typed error', async () => {
    await expectExportError(collectRecords(['ContactId,Transcript\n1,hello\n'], { profile: 'contact-lens' }), 'unsupported_format', /reads JSON exports, not CSV/);
  });
});

describe('parseExport', () => {
  it('refuses an unknown profile at once, with a typed error listing the profiles', () => {
    let caught: unknown;
    try {
      parseExport(['text\nhi\n'], { profile: 'qualtrix', configuredProfiles: {} });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UnknownProfileError);
    expect((caught as UnknownProfileError).code).toBe('unknown_profile');
    expect((caught as UnknownProfileError).profiles).toEqual(['generic', 'zendesk', 'freshdesk', 'contact-lens', 'qualtrics']);
    expect((caught as Error).message).toBe('unknown export profile "qualtrix": use one of generic, zendesk, freshdesk, contact-lens, qualtrics');
    expect(EXPORT_PROFILE_NAMES).toEqual((caught as UnknownProfileError).profiles);
  });

  it('refuses an unknown time zone', () => {
    expect(() => parseExport(['text\nhi\n'], { profile: 'generic', timeZone: 'Europe/Lutece', configuredProfiles: {} })).toThrow(/unknown time zone "Europe\/Lutece"/);
  });

  it('resumes after startRow: same rows, same numbers, same offsets as a full run', async () => {
    const opts = { profile: 'generic', timeZone: 'Europe/Paris' };
    const full = await collectRecords('generic-fr-semicolon.csv', opts);
    const resumed = await collectRecords('generic-fr-semicolon.csv', { ...opts, startRow: 2 });
    expect(resumed).toEqual(full.filter((r) => r.row > 2));
    expect(await collectRecords('generic-fr-semicolon.csv', { ...opts, startRow: 6 })).toEqual([]);
    const page = await collectRecords('zendesk-incremental-page.json', { profile: 'zendesk', startRow: 3 });
    expect(page.map((r) => r.row)).toEqual([4, 5]);
  });

  it('resumes a CSV from a byte offset with the header reported on the first run', async () => {
    const file = readFileSync(exportFixture('generic-en-comma.csv'));
    let header: CsvHeaderInfo | undefined;
    const full = await collectRecords('generic-en-comma.csv', { profile: 'generic', onCsvHeader: (h) => (header = h) });
    expect(header).toEqual({
      columns: ['ID', 'Date', 'Message', 'Language', 'NPS', 'CSAT', 'CES', 'Department', 'Journey', 'Customer', 'Store', 'Order Total'],
      delimiter: ',',
      dataStartByte: file.indexOf('\n') + 1,
    });
    const at = full[1]!; // resume after row 2 (whose text holds a quoted newline)
    const resumed = await collectRecords([file.subarray(at.byteOffset!)], {
      profile: 'generic',
      resumeAt: { row: at.row, byteOffset: at.byteOffset!, csv: { columns: header!.columns, delimiter: header!.delimiter } },
    });
    expect(resumed).toEqual(full.slice(2));
  });

  it('caps a JSON document and stops reading the source as soon as it is over', async () => {
    let pulled = 0;
    async function* source() {
      yield '[';
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield `${JSON.stringify({ text: `item ${i}`.padEnd(90, '.') })},`;
      }
      yield '{"text":"last"}]';
    }
    const err = await expectExportError(collectRecords(source(), { profile: 'generic', maxJsonBytes: 10_000 }), 'too_large', /^the JSON document is larger than 10000 bytes: send it as JSONL/);
    expect(err.details).toEqual({ maxBytes: 10_000 });
    expect(pulled).toBeLessThan(150);
  });

  it('treats a malformed or unrecognised JSON document as a file error', async () => {
    await expectExportError(collectRecords(['{\n  "tickets": [ {"id": 1,\n'], { profile: 'zendesk' }), 'invalid_json', /not valid JSON/);
    await expectExportError(collectRecords(['{\n  "users": []\n}\n'], { profile: 'zendesk' }), 'unrecognised_json', /expected an Incremental Export page with "tickets"/);
  });

  it('auto-detects the format: a one-line page is JSON, a pretty-printed page is one document', async () => {
    const page = readFileSync(exportFixture('zendesk-incremental-page.json'), 'utf8');
    const oneLine = JSON.stringify(JSON.parse(page));
    const a = await collectRecords([`\uFEFF${oneLine}`], { profile: 'zendesk' });
    const b = await collectRecords([page], { profile: 'zendesk', format: 'json' });
    expect(a.map((r) => r.result)).toEqual(b.map((r) => r.result));
    expect(a).toHaveLength(5);
    // Forcing csv on a JSON file reads it as CSV: no text column.
    await expectExportError(collectRecords([page], { profile: 'generic', format: 'csv' }), 'invalid_header', /no text column/);
  });

  it('streams a 200,000-row CSV: lazily, with bounded memory, in reasonable time', async () => {
    const N = 200_000;
    let generated = 0;
    function* rows(): Generator<string> {
      const head = 'id;date;message;lang;nps;csat;département;canal\n';
      generated += head.length;
      yield head;
      let buf = '';
      for (let i = 1; i <= N; i++) {
        const bad = i % 1000 === 0;
        buf += `R${i};${bad ? '31/02/2026' : `14/03/2026 09:${String(i % 60).padStart(2, '0')}`};"Commande ${i} livrée en retard ; service client injoignable.\nTrès déçu.";fr;${i % 11};${(i % 5) + 1};Livraison;web\n`;
        if (i % 500 === 0) {
          generated += Buffer.byteLength(buf);
          yield buf;
          buf = '';
        }
      }
    }
    const total = (() => {
      let n = 0;
      for (const c of rows()) n += Buffer.byteLength(c);
      generated = 0;
      return n;
    })();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let ok = 0;
    let rejected = 0;
    let generatedAtFirstRow = -1;
    let lastRow = 0;
    let lastOffset = 0;
    const started = performance.now();
    for await (const r of parseExport(Readable.from(rows()), { profile: 'generic', timeZone: 'Europe/Paris', configuredProfiles: {} })) {
      if (generatedAtFirstRow < 0) generatedAtFirstRow = generated;
      if (r.result.ok) ok++;
      else {
        rejected++;
        expect(r.row % 1000).toBe(0);
      }
      expect(r.row).toBe(lastRow + 1);
      lastRow = r.row;
      lastOffset = r.byteOffset!;
      if (r.row % 2000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`200k-row CSV: ${Math.round(N / seconds)} rows/s, ${seconds.toFixed(1)} s, peak heap growth ${Math.round(peak / 1e6)} MB`);
    expect(ok).toBe(N - N / 1000);
    expect(rejected).toBe(N / 1000);
    expect(lastOffset).toBe(total);
    // The first row came out long before the file was read: streaming, not load-then-parse.
    expect(generatedAtFirstRow).toBeLessThan(total * 0.05);
    expect(peak).toBeLessThan(100 * 1024 * 1024);
    expect(seconds).toBeLessThan(20);
  });
});

describe('parseExport and the storage under it', () => {
  it('lets a failing read through as an error to retry, never as a bad row', async () => {
    async function* failingAfterOneRow() {
      yield Buffer.from('id,date,text\nr1,2026-03-01T10:00:00Z,Colis reçu\nr2,2026-03-01T11:00:00Z,Col');
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const r of parseExport(failingAfterOneRow(), { profile: 'generic', timeZone: 'UTC', configuredProfiles: {} })) seen.push(r.row);
      })(),
    ).rejects.toThrow('socket hang up');
    expect(seen.length).toBeLessThanOrEqual(1);
  });
});
