import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import PostalMime from 'postal-mime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMimeMessage } from '../../shared/adapters/mime';
import { OutboxMailer, slugOf } from '../../shared/adapters/outbox-mailer';
import { InvalidEmailError, type OutgoingEmail } from '../../shared/ports/mailer';

const DATE = new Date('2026-05-05T08:00:00.123Z');
const SAFE_NAME = /^20260505T080000\.123Z-[a-z0-9-]+-[a-z0-9]{8}\.eml$/;

const EMAIL: OutgoingEmail = {
  from: 'alerts@voice.example.com',
  to: ['cco@example.com'],
  cc: ['sav@example.com'],
  subject: 'Alerte : hausse des réclamations — Après-vente 🚨',
  text: 'Le taux négatif est passé à 31 %.\n',
  html: '<p>Le taux <b>négatif</b> est passé à 31 %.</p>',
  headers: { 'X-Customer-Voice-Alert-Id': 'alert-7' },
};

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cv-outbox-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('OutboxMailer', () => {
  it('writes one .eml file with exactly the MIME bytes SES would get, and returns its Message-ID', async () => {
    // Prepare
    const id = '9c0e7f7a-1b2c-4d3e-8f90-a1b2c3d4e5f6';
    const mailer = new OutboxMailer(dir, { now: () => DATE, newId: () => id });

    // Act
    const sent = await mailer.send(EMAIL);

    // Assess
    const files = await readdir(dir);
    expect(files).toEqual(['20260505T080000.123Z-alerte-hausse-des-reclamations-apres-vente-9c0e7f7a.eml']);
    const bytes = await readFile(join(dir, files[0] ?? ''));
    expect(new Uint8Array(bytes)).toEqual(buildMimeMessage(EMAIL, { date: DATE, id }).raw);
    const parsed = await PostalMime.parse(bytes);
    expect(sent.messageId).toBe(`${id}@voice.example.com`);
    expect(parsed.messageId).toBe(`<${sent.messageId}>`);
    expect(parsed.subject).toBe(EMAIL.subject);
    expect(parsed.cc).toEqual([{ name: '', address: 'sav@example.com' }]);
    expect(parsed.text).toContain('Le taux négatif est passé à 31 %.');
    expect(parsed.html).toContain('<b>négatif</b>');
  });

  it.each([
    '../../etc/passwd',
    '..\\..\\Windows\\System32\\config',
    'CON',
    'a/b:c*d?e"f<g>h|i',
    '\u0000\u202e evil.exe',
    '...',
    '漢字だけ',
  ])('keeps a hostile subject (%j) from choosing where the file goes', async (subject) => {
    // Prepare
    const mailer = new OutboxMailer(dir, { now: () => DATE });

    // Act
    await mailer.send({ ...EMAIL, subject });

    // Assess
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    const [name = ''] = files;
    expect(name).toMatch(SAFE_NAME);
    expect(name).not.toContain('..');
    expect(resolve(dir, name).startsWith(`${resolve(dir)}/`) || resolve(dir, name).startsWith(`${resolve(dir)}\\`)).toBe(true);
  });

  it('writes two files for two sends of the same email in the same millisecond', async () => {
    // Prepare
    const mailer = new OutboxMailer(dir, { now: () => DATE });

    // Act
    const first = await mailer.send(EMAIL);
    const second = await mailer.send(EMAIL);

    // Assess
    const files = (await readdir(dir)).sort();
    expect(files).toHaveLength(2);
    expect(first.messageId).not.toBe(second.messageId);
    const messageIds = await Promise.all(files.map(async (file) => (await PostalMime.parse(await readFile(join(dir, file)))).messageId));
    expect(messageIds.sort()).toEqual([`<${first.messageId}>`, `<${second.messageId}>`].sort());
  });

  it('creates a missing outbox directory and leaves no temporary file behind', async () => {
    // Prepare
    const nested = join(dir, 'data', 'outbox');
    const mailer = new OutboxMailer(nested);

    // Act
    await mailer.send(EMAIL);

    // Assess
    const files = await readdir(nested);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
  });

  it('writes nothing for an invalid email', async () => {
    // Prepare
    const mailer = new OutboxMailer(dir);

    // Act
    const error = await mailer.send({ ...EMAIL, html: '' }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(InvalidEmailError);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('slugOf', () => {
  it('folds accents, drops everything but letters and digits, caps the length, never returns empty', () => {
    expect(slugOf('Réclamations : « hausse » à l’Après-Vente !')).toBe('reclamations-hausse-a-l-apres-vente');
    expect(slugOf('../../etc/passwd')).toBe('etc-passwd');
    expect(slugOf('🚨🚨')).toBe('email');
    expect(slugOf('x'.repeat(500))).toHaveLength(60);
  });
});
