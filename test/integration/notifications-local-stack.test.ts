import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalStack, type LocalStack } from '../../cli/local/stack';
import { ENV } from '../../shared/resources';
import { verifyGenericSignature } from '../../shared/domain/webhook-signatures';
import { eventually, tempDir } from '../support/http';
import { startReceiver } from '../support/notification-receiver';
import { stackState } from '../support/stack-state';
import { postDepartmentItems } from '../support/feedback-posting';

const DAY = '2026-06-15';
const SECRET = 'local-stack-webhook-signing-secret';
/** Complaints that carry personal data: only their redacted form may reach a chat. */
const NEGATIVE = [
  'Service inadmissible, je suis furieux, écrivez-moi à jean.dupont@gmail.com',
  'Scandaleux, personne ne répond, honteux, appelez le 06 12 34 56 78',
  'Terrible experience, I am furious and disgusted',
  'Absolument nul, très déçu et en colère',
];
const POSITIVE = ['Merci beaucoup, parfait, très content', 'Excellent, great help, thank you so much', 'Super accueil, je suis ravi, merci', 'Wonderful and friendly, perfect'];

let stack: LocalStack;
let dir: Awaited<ReturnType<typeof tempDir>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let state: ReturnType<typeof stackState>;
const previous = process.env[ENV.notifyConfig];
let strictFixed = false;

const post = (texts: readonly string[], count: number, prefix: string, hour: number) =>
  postDepartmentItems({ apiUrl: stack.info.apiUrl, ingestKey: stack.info.keys.ingest }, { texts, count, prefix, day: DAY, hour, department: 'billing' });

beforeAll(async () => {
  dir = await tempDir('notify-stack');
  receiver = await startReceiver();
  // CV_NOTIFY_CONFIG as a file path (the other form, JSON text, is what the delivery tests use).
  const config = join(dir.path, 'notify.json');
  await writeFile(
    config,
    JSON.stringify([
      { kind: 'slack', name: 'officer-slack', url: receiver.url('/slack') },
      { kind: 'teams', name: 'billing-teams', url: receiver.url('/teams'), departments: ['billing'] },
      { kind: 'webhook', name: 'delivery-crm', url: receiver.url('/crm'), secret: SECRET, departments: ['delivery'] },
      { kind: 'webhook', name: 'digest-only', url: receiver.url('/digest'), secret: SECRET, events: ['digest'] },
      // Refuses (400) until the test fixes it: its recovery lands in the DLQ, then is replayed.
      { kind: 'webhook', name: 'strict', url: receiver.url('/strict'), secret: SECRET, events: ['recovery'] },
    ]),
  );
  receiver.script('/strict', () => (strictFixed ? { status: 200 } : { status: 400, body: 'unknown channel' }));
  process.env[ENV.notifyConfig] = config;
  stack = await startLocalStack({ dataDir: join(dir.path, 'data'), port: 0 });
  state = stackState(stack.info);
  await stack.clock.set(new Date(`${DAY}T16:00:00Z`));
}, 180_000);

afterAll(async () => {
  if (previous === undefined) delete process.env[ENV.notifyConfig];
  else process.env[ENV.notifyConfig] = previous;
  state?.close();
  await stack?.stop();
  await receiver?.close();
  await dir?.remove();
});

const bodies = (path: string) => receiver.requests.filter((r) => r.path === path && r.status < 300).map((r) => JSON.parse(r.body.toString('utf8')));

describe('notifications through the local stack (CV_NOTIFY_CONFIG)', () => {
  it('posts the incident and its recovery to the targets that want billing, redacted, once each', async () => {
    // Act 1: a burst of complaints about billing.
    await post(NEGATIVE, 60, 'neg', 9);
    await state.drained();
    await eventually('the incident on Slack and Teams', async () => (bodies('/slack').length >= 1 && bodies('/teams').length >= 1 ? true : undefined), 60_000, 200);

    // Assess 1: Block Kit to Slack, an Adaptive Card to Teams; no address or phone number, only their redaction.
    const [slack] = bodies('/slack');
    expect(slack.text).toMatch(/^Incident · Facturation : incident /);
    expect(slack.blocks[0].type).toBe('section');
    const [teams] = bodies('/teams');
    expect(teams.attachments[0].content.type).toBe('AdaptiveCard');
    const everything = receiver.requests.map((r) => r.body.toString('utf8')).join('\n');
    expect(everything).not.toContain('jean.dupont@gmail.com');
    expect(everything).not.toContain('06 12 34 56 78');
    expect(everything).toContain('[PHONE]');
    // Delivery's webhook wants delivery's events only; the digest-only one, digests only.
    expect(receiver.requests.filter((r) => r.path === '/crm' || r.path === '/digest')).toHaveLength(0);

    // Act 2: the department heals.
    await post(POSITIVE, 200, 'pos', 14);
    await state.drained();
    await eventually('the recovery on Slack', async () => (bodies('/slack').length >= 2 ? true : undefined), 60_000, 200);
    await new Promise((r) => setTimeout(r, 2000));

    // Assess 2: one incident, one recovery, per target.
    expect(bodies('/slack').map((b) => b.text.split(' · ')[0])).toEqual(['Incident', 'Retour à la normale']);
    expect(bodies('/teams')).toHaveLength(2);
    expect(new Set(receiver.requests.filter((r) => r.path === '/slack').map((r) => r.headers['x-cv-event-id'])).size).toBe(2);
  }, 180_000);

  it('sends Monday’s digest to the digest webhook, signed', async () => {
    // Act: the clock passes next Monday 06:00 UTC (the digest schedule).
    await stack.clock.set(new Date('2026-06-22T06:01:00Z'));
    const [request] = await eventually('the digest delivery', async () => {
      const got = receiver.requests.filter((r) => r.path === '/digest');
      return got.length > 0 ? got : undefined;
    }, 60_000, 200);
    // Assess
    const body = JSON.parse(request!.body.toString('utf8'));
    expect(body).toMatchObject({ kind: 'digest', eventId: 'digest:2026-06-14T22:00:00.000Z', departments: [] });
    expect(verifyGenericSignature(request!.body, { timestamp: String(request!.headers['x-cv-timestamp']), signature: String(request!.headers['x-cv-signature']) }, SECRET, stack.clock.now()).ok).toBe(true);
    expect(bodies('/slack').some((b) => b.text.startsWith('Synthèse hebdomadaire'))).toBe(true);
  }, 120_000);

  it('parks the recovery a receiver refused in the DLQ, and customer-voice replay-dlq --queue notifications delivers it once fixed', async () => {
    // Prepare: the refused recovery of the first test is dead-lettered.
    expect(receiver.requests.filter((r) => r.path === '/strict').map((r) => r.status)).toEqual([400]);
    const { replayDlq } = await import('../../cli/commands/replay-dlq');
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
    try {
      // Act: fix the receiver, then replay as an operator would.
      strictFixed = true;
      await replayDlq.run(['--queue', 'notifications']);
    } finally {
      spy.mockRestore();
    }
    // Assess
    expect(JSON.parse(printed.join(''))).toEqual({ replayed: 1, byCode: { refused: 1 }, dryRun: false });
    await eventually('the replayed recovery', async () => (bodies('/strict').length > 0 ? true : undefined), 60_000, 200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(bodies('/strict')).toMatchObject([{ kind: 'recovery', incidentId: 'billing-2026-06-15' }]);
  }, 120_000);
});
