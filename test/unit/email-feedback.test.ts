import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashCustomerId } from '../../shared/domain/customer';
import { parseFeedbackEmail, type ParsedFeedbackEmail } from '../../shared/domain/email-feedback';
import { FeedbackEnvelopeSchema, FeedbackInputSchema, toEnvelope } from '../../shared/domain/feedback';
import { htmlToText } from '../../shared/domain/html-to-text';
import { stripReply } from '../../shared/domain/reply-stripping';

const receivedAt = new Date('2026-11-27T12:00:00Z');
const fixtureDir = fileURLToPath(new URL('../fixtures/emails/', import.meta.url));
const fixture = (name: string): Buffer => readFileSync(`${fixtureDir}${name}`);
const parse = (raw: Uint8Array | string, provider?: string): Promise<ParsedFeedbackEmail> =>
  parseFeedbackEmail(raw, { receivedAt, ...(provider ? { provider } : {}) });

async function feedbackOf(raw: Uint8Array | string) {
  const result = await parse(raw);
  if (result.kind !== 'feedback') throw new Error(`expected feedback, got ${JSON.stringify(result)}`);
  return result;
}

/** A minimal, valid message; tests vary one header or the body. */
function message(headers: Record<string, string | undefined>, body: string): string {
  const base: Record<string, string | undefined> = {
    From: 'Alice Durand <alice.durand@example.fr>',
    To: 'support@acme.fr',
    Subject: 'Ma commande',
    Date: 'Wed, 25 Nov 2026 10:00:00 +0100',
    'Message-ID': '<m-1@example.fr>',
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=UTF-8',
    'Content-Transfer-Encoding': '8bit',
    ...headers,
  };
  const head = Object.entries(base)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  return `${head}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}`;
}

describe('fixtures: what the customer wrote, and nothing else', () => {
  const cases: Array<{
    file: string;
    text: string;
    subject: string;
    externalId: string;
    sender: string;
    attachments: number;
    lang?: string;
    occurredAt: string;
    flags: Record<string, unknown>;
  }> = [
    {
      file: 'gmail-reply-fr-quoted.eml',
      text:
        "Bonjour,\n\nJe vous réécris car ma commande n°45821 n'est toujours pas arrivée. On m'avait promis une livraison sous 48 h, cela fait maintenant dix jours.\n\nMerci de me tenir informée rapidement.",
      subject: 'Re: Votre commande n°45821',
      externalId: 'CAH5mQ3+b7kWq1x=ZrT9p0Lk2fGdE8sVYbQ@mail.gmail.com',
      sender: 'claire.martin@gmail.com',
      attachments: 0,
      occurredAt: '2026-11-25T09:12:44.000Z',
      flags: { body: 'text', reply: true, quoteRemoved: true, signatureRemoved: true },
    },
    {
      file: 'outlook-fr-reply.eml',
      text: "Bonjour,\n\nVotre technicien n'est jamais venu hier alors que j'avais posé une journée de congé. C'est la deuxième fois ! Je souhaite être dédommagé.",
      subject: 'RE: Confirmation de votre rendez-vous',
      externalId: 'PAXPR02MB75970C1E2A9B8D4F3E5C7A19D2C42@PAXPR02MB7597.eurprd02.prod.outlook.com',
      sender: 't.bernard@dupuis-sa.fr',
      attachments: 0,
      lang: 'fr',
      occurredAt: '2026-11-24T08:41:06.000Z',
      flags: { quoteRemoved: true, signatureRemoved: true, fromDomain: 'dupuis-sa.fr' },
    },
    {
      file: 'apple-mail-iphone.eml',
      text: 'The app crashes every time I try to pay with Apple Pay. Really frustrating, I’ve had to order on the website instead.',
      subject: 'Re: Your app update',
      externalId: '4E9C2F1B-7A3D-4B8E-9C51-2D0F6A8B3E77@icloud.com',
      sender: 'dan.hughes@icloud.com',
      attachments: 0,
      occurredAt: '2026-11-23T19:48:31.000Z',
      flags: { quoteRemoved: true, signatureRemoved: true },
    },
    {
      file: 'thunderbird-iso-8859-1-qp.eml',
      // format=flowed lines are re-joined; the "-- " signature (with a postal address) is gone.
      text: 'Bonjour,\n\nLe lave-linge acheté chez vous le 12 octobre fuit déjà. Le réparateur est passé deux fois sans résultat. Je demande un échange ou un remboursement intégral.\n\nMerci de votre compréhension.',
      subject: 'Lave-linge défectueux',
      externalId: '8d1f2e3a-4b5c-6d7e-8f90-a1b2c3d4e5f6@free.fr',
      sender: 'jp.lefevre@free.fr',
      attachments: 0,
      lang: 'fr',
      occurredAt: '2026-11-20T13:12:09.000Z',
      flags: { quoteRemoved: false, signatureRemoved: true, reply: false },
    },
    {
      file: 'outlook-windows-1252.eml',
      // 0x92 ’, 0x80 €, 0x93/0x94 “ ”, 0x96 – must come back as themselves, not as C1 controls.
      text: 'Hello,\n\nI’m still being charged €29.99 every month although I cancelled my “Premium” subscription on 2 November. This is the third time I’m writing – please refund me.',
      subject: 'RE: Your invoice',
      externalId: '000001db3be8$4a5c9f20$def4dd60$@btinternet.com',
      sender: 'sarah.collins@btinternet.com',
      attachments: 0,
      lang: 'en',
      occurredAt: '2026-11-21T09:03:27.000Z',
      flags: { quoteRemoved: true, signatureRemoved: true },
    },
    {
      file: 'html-only-base64.eml',
      // No hidden preheader, no <style>/<script>, no <title>; entities decoded; list items kept as lines.
      text: "Réclamation : facture erronée\n\nBonjour,\n\nVotre facture de novembre m'est parvenue avec un montant de 184,50 € au lieu de 42 €. C’est inacceptable !\n\n- Contrat : 7781-AB\n- Période : octobre 2026\n\nMerci de corriger au plus vite.",
      subject: 'Réclamation facture',
      externalId: '1987654321.4567.1795158902000.JavaMail.open-xchange@laposte.net',
      sender: 'm.petit@laposte.net',
      attachments: 0,
      occurredAt: '2026-11-26T07:15:02.000Z',
      flags: { body: 'html', quoteRemoved: false, signatureRemoved: false },
    },
    {
      file: 'encoded-word-subject.eml',
      text: 'Le carton était éventré et la lampe cassée en deux. Le livreur est reparti sans attendre que je vérifie le colis.',
      subject: "Problème de livraison – colis endommagé à l'arrivée",
      externalId: '2094417466.93128.1795188009512@orange.fr',
      sender: 'anais.lefevre@orange.fr',
      attachments: 0,
      occurredAt: '2026-11-25T15:20:09.000Z',
      flags: { quoteRemoved: false, signatureRemoved: false },
    },
    {
      file: 'two-attachments.eml',
      text: 'Hello,\n\nThe sofa delivered yesterday has a torn cushion (photo attached) and the invoice charges the express delivery I never chose. See the PDF.',
      subject: 'Damaged sofa and wrong invoice',
      externalId: 'CAJx9f2kD4mQ8wR5e+Zt3hV1nL0pQe7sXo6bYcA@mail.gmail.com',
      sender: 'mark.taylor1984@gmail.com',
      attachments: 2,
      occurredAt: '2026-11-24T18:02:10.000Z',
      flags: { signatureRemoved: true },
    },
    {
      file: 'gmail-forwarded.eml',
      text: 'Je vous transfère mon précédent message resté sans réponse depuis trois semaines. Merci de traiter enfin ma demande de résiliation.',
      subject: 'Fwd: Résiliation',
      externalId: 'CAH5mQ3-Fw9xk2LrP0q8T4vGmZs1aYcE6dJ=Qn7b@mail.gmail.com',
      sender: 'claire.martin@gmail.com',
      attachments: 0,
      occurredAt: '2026-11-23T19:41:17.000Z',
      flags: { forwarded: true, quoteRemoved: true },
    },
    {
      file: 'thunderbird-interleaved.eml',
      // Answers between quoted lines are kept; the quoted questions and the bare name are not.
      text: "It's 45821.\n\nIt was supposed to be 18 November, nothing came and nobody called me.",
      subject: 'Re: Question about your delivery',
      externalId: '5b0e4d2c-8a71-4f3e-b6d9-0c1e2f3a4b5c@outlook.fr',
      sender: 'oliver.grant@outlook.fr',
      attachments: 0,
      lang: 'en',
      occurredAt: '2026-11-21T15:33:40.000Z',
      flags: { quoteRemoved: true, signatureRemoved: true },
    },
  ];

  for (const c of cases) {
    it(`${c.file}: text, subject, Message-ID, sender, attachments`, async () => {
      const { input, sender } = await feedbackOf(fixture(c.file));
      expect(input.text).toBe(c.text);
      expect(input.subject).toBe(c.subject);
      expect(input.externalId).toBe(c.externalId);
      expect(sender).toBe(c.sender);
      expect(input.metadata?.['attachments']).toBe(c.attachments);
      expect(input.lang).toBe(c.lang);
      expect(input.occurredAt).toBe(c.occurredAt);
      expect(input.metadata).toMatchObject(c.flags);
      expect(FeedbackInputSchema.safeParse(input).success).toBe(true);
    });
  }

  it('keeps no personal data in the input: no address, no name, no quoted history', async () => {
    for (const c of cases) {
      const { input, sender } = await feedbackOf(fixture(c.file));
      const serialised = JSON.stringify(input);
      expect(serialised).not.toContain(sender);
      expect(serialised).not.toContain(sender.split('@')[0]);
      expect(input.customer).toBeUndefined();
    }
    const outlook = await feedbackOf(fixture('outlook-fr-reply.eml'));
    expect(JSON.stringify(outlook.input)).not.toMatch(/Thomas|Bernard|01 23 45 67 89|sav@acme/);
    const thunderbird = await feedbackOf(fixture('thunderbird-iso-8859-1-qp.eml'));
    expect(JSON.stringify(thunderbird.input)).not.toMatch(/Lilas|Lefèvre/);
  });

  it('accepts the message as a string as well as bytes', async () => {
    const fromBytes = await feedbackOf(fixture('gmail-reply-fr-quoted.eml'));
    const fromString = await feedbackOf(fixture('gmail-reply-fr-quoted.eml').toString('latin1'));
    expect(fromString.input.text).toBe(fromBytes.input.text);
    expect(fromString.input.externalId).toBe(fromBytes.input.externalId);
  });

  it('sets provider only when asked', async () => {
    expect((await feedbackOf(fixture('apple-mail-iphone.eml'))).input.provider).toBeUndefined();
    const r = await parse(fixture('apple-mail-iphone.eml'), 'ses-inbound');
    expect(r.kind === 'feedback' && r.input.provider).toBe('ses-inbound');
  });
});

describe('HTML bodies (no text/plain alternative)', () => {
  /** The same message with its text/plain alternative removed, as HTML-only clients send it. */
  function htmlOnly(file: string): string {
    const raw = fixture(file).toString('latin1');
    return raw.replace(/--[^\r\n]+\r\nContent-Type: text\/plain[\s\S]*?(?=--[^\r\n]+\r\nContent-Type: text\/html)/, '');
  }

  it('Gmail HTML: the gmail_quote and gmail_signature containers are dropped', async () => {
    const raw = htmlOnly('gmail-reply-fr-quoted.eml');
    expect(raw).not.toContain('text/plain');
    const { input } = await feedbackOf(raw);
    expect(input.metadata?.['body']).toBe('html');
    expect(input.text).toBe(
      "Bonjour,\n\nJe vous réécris car ma commande n°45821 n'est toujours pas arrivée. On m'avait promis une livraison sous 48 h, cela fait maintenant dix jours.\n\nMerci de me tenir informée rapidement.",
    );
  });

  it('Outlook HTML: the bold "De : / Envoyé : / Objet :" block and the sign-off are cut', async () => {
    const raw = htmlOnly('outlook-fr-reply.eml');
    expect(raw).not.toContain('text/plain');
    const { input } = await feedbackOf(raw);
    expect(input.text).toBe(
      'Bonjour,\n\nVotre technicien n’est jamais venu hier alors que j’avais posé une journée de congé. C’est la deuxième fois ! Je souhaite être dédommagé.',
    );
  });

  it('falls back to HTML when the text/plain alternative is blank', async () => {
    const raw = [
      'From: a@example.com',
      'Message-ID: <blank-plain@example.com>',
      'Content-Type: multipart/alternative; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      '   ',
      '--b',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Service&nbsp;tr&egrave;s lent.</p>',
      '--b--',
      '',
    ].join('\r\n');
    const { input } = await feedbackOf(raw);
    expect(input.text).toBe('Service très lent.');
    expect(input.metadata?.['body']).toBe('html');
  });
});

describe('automatic mail is skipped with its reason', () => {
  it.each([
    ['outlook-oof-en.eml', 'out-of-office'],
    ['outlook-oof-fr.eml', 'out-of-office'],
    ['dsn-bounce.eml', 'bounce'],
    ['precedence-bulk.eml', 'bulk'],
    ['gmail-vacation-auto-reply.eml', 'auto-reply'],
  ])('%s → %s', async (file, reason) => {
    const result = await parse(fixture(file));
    expect(result).toMatchObject({ kind: 'skipped', reason });
    expect(result.kind === 'skipped' && result.detail.length).toBeGreaterThan(0);
    expect(result.kind === 'skipped' && result.externalId).toBeTruthy();
  });

  const body = 'Le produit ne fonctionne pas.';
  it.each<[string, Record<string, string>, string]>([
    ['Auto-Submitted: auto-replied', { 'Auto-Submitted': 'auto-replied' }, 'auto-reply'],
    ['Auto-Submitted: auto-generated', { 'Auto-Submitted': 'auto-generated; type=notification' }, 'auto-reply'],
    ['X-Autoreply', { 'X-Autoreply': 'yes' }, 'auto-reply'],
    ['X-Autorespond', { 'X-Autorespond': 'Out of office' }, 'auto-reply'],
    ['Precedence: auto_reply', { Precedence: 'auto_reply' }, 'auto-reply'],
    ['X-Auto-Response-Suppress: OOF', { 'X-Auto-Response-Suppress': 'DR, OOF, AutoReply' }, 'auto-reply'],
    ['Precedence: junk', { Precedence: 'junk' }, 'bulk'],
    ['Precedence: list', { Precedence: 'list' }, 'bulk'],
    ['one-click unsubscribe', { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }, 'bulk'],
    ['MAILER-DAEMON sender', { From: 'MAILER-DAEMON@mx1.example.net' }, 'bounce'],
    ['postmaster sender', { From: 'Postmaster <postmaster@example.org>' }, 'bounce'],
    ['X-Failed-Recipients', { 'X-Failed-Recipients': 'bob@example.org' }, 'bounce'],
    ['"Automatic reply:" subject', { Subject: 'Automatic reply: Ma commande' }, 'out-of-office'],
    ['"Out of Office" subject', { Subject: 'Out of Office: Ma commande' }, 'out-of-office'],
    ['"Réponse automatique" subject', { Subject: '=?UTF-8?Q?R=C3=A9ponse_automatique_:_Ma_commande?=' }, 'out-of-office'],
    ['"Absence" subject', { Subject: 'Absence : Re: Ma commande' }, 'out-of-office'],
    ['OOF subject wins over the generic header', { Subject: 'Out of office', 'Auto-Submitted': 'auto-replied' }, 'out-of-office'],
    ['null Return-Path', { 'Return-Path': '<>' }, 'auto-reply'],
    ['read receipt', { 'Content-Type': 'multipart/report; report-type=disposition-notification; boundary="r"' }, 'auto-reply'],
  ])('%s', async (_name, headers, reason) => {
    const raw = headers['Content-Type']?.startsWith('multipart/report')
      ? message(headers, '--r\nContent-Type: text/plain\n\nLu.\n--r\nContent-Type: message/disposition-notification\n\nDisposition: manual-action/MDN-sent-manually; displayed\n--r--\n')
      : message(headers, body);
    expect(await parse(raw)).toMatchObject({ kind: 'skipped', reason });
  });

  it.each<[string, Record<string, string>]>([
    ['Auto-Submitted: no', { 'Auto-Submitted': 'no' }],
    ['X-Autoreply: no', { 'X-Autoreply': 'no' }],
    ['a complaint about an absence of answer', { Subject: 'Absence de réponse de votre service' }],
    ['a subject that merely mentions the office', { Subject: 'Your office hours are out of date' }],
    ['a customer whose name looks like a daemon', { From: 'Max Mailer <max.mailer@example.com>' }],
    ['Precedence: first-class', { Precedence: 'first-class' }],
  ])('a human message is kept: %s', async (_name, headers) => {
    expect(await parse(message(headers, body))).toMatchObject({ kind: 'feedback', input: { text: body } });
  });

  it('no usable From → no-sender', async () => {
    expect(await parse(message({ From: undefined }, body))).toMatchObject({ kind: 'skipped', reason: 'no-sender' });
    expect(await parse(message({ From: 'undisclosed-recipients:;' }, body))).toMatchObject({ kind: 'skipped', reason: 'no-sender' });
    expect(await parse(message({ From: 'Just A Name' }, body))).toMatchObject({ kind: 'skipped', reason: 'no-sender' });
  });

  it('nothing written by the customer → empty', async () => {
    expect(await parse(message({}, ''))).toMatchObject({ kind: 'skipped', reason: 'empty', detail: 'no text part' });
    expect(await parse(message({}, 'On Mon, Nov 23, 2026 at 9:00 AM ACME <a@acme.fr> wrote:\n> Your order shipped.\n'))).toMatchObject({
      kind: 'skipped',
      reason: 'empty',
      detail: 'only quoted history, forwarded content or a signature',
    });
    expect(await parse(message({}, '\n\nSent from my iPhone\n'))).toMatchObject({ kind: 'skipped', reason: 'empty' });
  });
});

describe('malformed messages are rejected, never thrown', () => {
  it('broken multipart boundary', async () => {
    const r = await parse(fixture('malformed-broken-boundary.eml'));
    expect(r).toMatchObject({ kind: 'rejected', externalId: 'broken-1795168800@wanadoo.fr' });
    expect(r.kind === 'rejected' && r.reason).toMatch(/boundary/);
  });

  it('no header block', async () => {
    const r = await parse(fixture('malformed-no-headers.eml'));
    expect(r.kind).toBe('rejected');
    expect(r.kind === 'rejected' && r.reason).toMatch(/no header/);
  });

  it('multipart without a boundary, empty input, over-long text', async () => {
    expect(await parse(message({ 'Content-Type': 'multipart/mixed' }, '--x\nContent-Type: text/plain\n\nhi\n--x--\n'))).toMatchObject({ kind: 'rejected' });
    expect(await parse(new Uint8Array(0))).toMatchObject({ kind: 'rejected' });
    const long = await parse(message({}, 'Trop long. '.repeat(3000)));
    expect(long).toMatchObject({ kind: 'rejected', externalId: 'm-1@example.fr' });
    expect(long.kind === 'rejected' && long.reason).toMatch(/^text: /);
  });
});

describe('identity, dates and language', () => {
  it('occurredAt is the Date header only when plausible', async () => {
    const ok = await feedbackOf(message({ Date: 'Wed, 25 Nov 2026 10:00:00 +0100' }, 'x y'));
    expect(ok.input.occurredAt).toBe('2026-11-25T09:00:00.000Z');
    for (const date of ['Thu, 01 Jan 1970 00:00:00 +0000', 'Sun, 25 Nov 2040 10:00:00 +0100', 'garbage', '']) {
      const r = await feedbackOf(message({ Date: date }, 'x y'));
      expect(r.input.occurredAt).toBeUndefined();
    }
  });

  it('externalId is the Message-ID without its angle brackets, absent without one', async () => {
    expect((await feedbackOf(message({ 'Message-ID': ' <abc.def@host.example> ' }, 'x y'))).input.externalId).toBe('abc.def@host.example');
    expect((await feedbackOf(message({ 'Message-ID': undefined }, 'x y'))).input.externalId).toBeUndefined();
    const huge = (await feedbackOf(message({ 'Message-ID': `<${'a'.repeat(400)}@x>` }, 'x y'))).input.externalId;
    expect(huge).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('lang is the primary subtag of Content-Language, ignored when not a language tag', async () => {
    expect((await feedbackOf(message({ 'Content-Language': 'fr-FR, en-US' }, 'x y'))).input.lang).toBe('fr');
    expect((await feedbackOf(message({ 'Content-Language': 'EN' }, 'x y'))).input.lang).toBe('en');
    expect((await feedbackOf(message({ 'Content-Language': 'x-klingon-42' }, 'x y'))).input.lang).toBeUndefined();
  });

  it('the handler hashes the sender and builds an email envelope that holds no raw address', async () => {
    const { input, sender } = await feedbackOf(fixture('outlook-windows-1252.eml'));
    const idHash = hashCustomerId(sender, 'test-salt');
    const envelope = toEnvelope(input, { channel: 'email', provider: 'inbound.acme.com', receivedAt, customerIdHash: idHash });
    expect(FeedbackEnvelopeSchema.parse(envelope)).toMatchObject({
      source: { channel: 'email', externalId: '000001db3be8$4a5c9f20$def4dd60$@btinternet.com' },
      customer: { idHash },
      occurredAt: '2026-11-21T09:03:27.000Z',
    });
    expect(JSON.stringify(envelope)).not.toContain('sarah.collins');
    // Same Message-ID delivered twice → same feedback id.
    const again = toEnvelope((await feedbackOf(fixture('outlook-windows-1252.eml'))).input, {
      channel: 'email',
      provider: 'inbound.acme.com',
      receivedAt: new Date('2026-11-28T00:00:00Z'),
      customerIdHash: idHash,
    });
    expect(again.id).toBe(envelope.id);
  });
});

describe('stripReply', () => {
  it('cuts an Outlook EN block under an underscore rule', () => {
    const text = 'Still broken.\r\n\r\n________________________________\r\nFrom: ACME <a@acme.com>\r\nSent: Monday, November 23, 2026 5:02 PM\r\nTo: Bob\r\nSubject: Ticket 1\r\n\r\nHi Bob';
    expect(stripReply(text)).toMatchObject({ text: 'Still broken.', quoteRemoved: true });
  });

  it('cuts at FR/EN separators and forwarded-message introductions', () => {
    for (const sep of ['-----Original Message-----', "-----Message d'origine-----", '-------- Message transféré --------', 'Début du message réexpédié :', 'Begin forwarded message:']) {
      expect(stripReply(`Voir plus bas.\n\n${sep}\nDe: x\nblah`).text).toBe('Voir plus bas.');
    }
  });

  it('cuts an unquoted attribution line, keeps text after a quoted one', () => {
    expect(stripReply('Oui.\n\nLe 24/11/2026 à 09:30, ACME a écrit :\nBonjour, ...').text).toBe('Oui.');
    expect(stripReply('On Tue, 24 Nov 2026, Support wrote:\n> Q1?\nA1.\n> Q2?\nA2.').text).toBe('A1.\nA2.');
  });

  it('removes mobile footers in French and English', () => {
    expect(stripReply('Nul.\n\nEnvoyé de mon iPhone').text).toBe('Nul.');
    expect(stripReply('Bad.\n\nGet Outlook for Android').text).toBe('Bad.');
    expect(stripReply('Bad.\n\nSent from my Samsung Galaxy smartphone.').text).toBe('Bad.');
  });

  it('is conservative', () => {
    // A route in a complaint is not a header block.
    const route = 'From: Paris\nTo: Lyon\nThe train was 3 hours late.';
    expect(stripReply(route).text).toBe(route);
    // A sign-off is not removed when it is all there is, nor when prose follows it.
    expect(stripReply('Merci !').text).toBe('Merci !');
    const prose = 'Le colis est arrivé.\nMerci\nMais il manque la notice, pouvez-vous me l’envoyer ?';
    expect(stripReply(prose).text).toBe(prose);
    // A sentence that starts like an attribution is kept.
    expect(stripReply('Le livreur a écrit sur le carton.\nOn the box he wrote: fragile').text).toBe('Le livreur a écrit sur le carton.\nOn the box he wrote: fragile');
  });

  it('removes a closing signed with the author name', () => {
    expect(stripReply('Still waiting.\n\nBest regards,\nJane Smith\nACME Corp', { authorName: 'Jane Smith' })).toMatchObject({ text: 'Still waiting.', signatureRemoved: true });
    expect(stripReply('Still waiting.\n\nJane', { authorName: 'Smith, Jane' }).text).toBe('Still waiting.');
    expect(stripReply('Still waiting.\n\nJane').text).toBe('Still waiting.\n\nJane');
  });
});

describe('htmlToText', () => {
  it('drops invisible content, keeps structure, decodes entities', () => {
    const html =
      '<html><head><title>T</title><style>p{}</style></head><body><span style="display: none">preheader</span>' +
      '<p>Un&nbsp;&amp;&#32;deux&#x21;</p><div>trois<br>quatre</div><div><br></div><div>cinq</div>' +
      '<ul><li>a</li><li>b</li></ul><pre>x   y\n  z</pre><script>var s = "<p>no</p>";</script><blockquote><p>cité</p></blockquote>' +
      '<table><tr><td>c1</td><td>c2</td></tr></table>6 &lt; 7 &eacute;t&eacute; &#150; &bogus; fin</body></html>';
    expect(htmlToText(html)).toBe('Un & deux!\n\ntrois\nquatre\n\ncinq\n\n- a\n- b\n\nx   y\n  z\n\n> cité\n\nc1 c2\n\n6 < 7 été – &bogus; fin');
  });

  it('tolerates broken markup', () => {
    expect(htmlToText('<p>a < b and <b>bold</i> <div unclosed="x>y">text')).toBe('a < b and bold\ntext');
    expect(htmlToText('<!-- unterminated comment <p>hidden')).toBe('');
    expect(htmlToText('</div></p>plain')).toBe('plain');
  });

  it('stays linear on pathological markup', () => {
    const started = Date.now();
    htmlToText('<a "'.repeat(50_000));
    htmlToText('<div>'.repeat(100_000) + '</span>'.repeat(10_000));
    htmlToText(`<p title='${'x'.repeat(1_000_000)}`);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('never throws', () => {
  const kinds = new Set(['feedback', 'skipped', 'rejected']);

  it('on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        const r = await parseFeedbackEmail(bytes, { receivedAt });
        expect(kinds.has(r.kind)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('on arbitrary header values and bodies in a real envelope; feedback is always a valid input', async () => {
    const headerValue = fc.string({ maxLength: 200, unit: 'binary' }).map((s) => s.replace(/[\r\n]/g, ' '));
    await fc.assert(
      fc.asyncProperty(
        fc.record({ from: headerValue, subject: headerValue, date: headerValue, ct: headerValue, lang: headerValue }),
        fc.string({ maxLength: 2000, unit: 'binary' }),
        async (h, body) => {
          const raw = message({ From: h.from, Subject: h.subject, Date: h.date, 'Content-Type': h.ct, 'Content-Language': h.lang }, body);
          const r = await parseFeedbackEmail(raw, { receivedAt });
          expect(kinds.has(r.kind)).toBe(true);
          if (r.kind === 'feedback') {
            expect(FeedbackInputSchema.safeParse(r.input).success).toBe(true);
            expect(r.sender).toContain('@');
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on truncated and corrupted real messages', async () => {
    const files = ['gmail-reply-fr-quoted.eml', 'two-attachments.eml', 'dsn-bounce.eml', 'html-only-base64.eml', 'outlook-fr-reply.eml'].map(fixture);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: files.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
        async (which, cut, flips) => {
          const original = files[which] as Buffer;
          const bytes = Uint8Array.from(original.subarray(0, Math.floor(original.length * cut)));
          for (const [at, value] of flips) if (bytes.length) bytes[Math.floor(at * (bytes.length - 1))] = value;
          const r = await parseFeedbackEmail(bytes, { receivedAt });
          expect(kinds.has(r.kind)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('on huge inputs, in reasonable time', async () => {
    const started = Date.now();
    const lines = await parse(message({}, 'On Mon wrote\n'.repeat(100_000)));
    expect(kinds.has(lines.kind)).toBe(true);
    const quotes = await parse(message({}, `${'> '.repeat(200_000)}\nLe ${'x '.repeat(100_000)}a écrit :`));
    expect(kinds.has(quotes.kind)).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
