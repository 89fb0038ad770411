import {
  AccountSuspendedException,
  InternalServiceErrorException,
  LimitExceededException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  type SendEmailCommandInput,
  SendingPausedException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import PostalMime from 'postal-mime';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildMimeMessage } from '../../shared/adapters/mime';
import { EmailRejectedError, EmailUnavailableError, SesMailer, type SesMailerOptions } from '../../shared/adapters/ses-mailer';
import { InvalidEmailError, type OutgoingEmail } from '../../shared/ports/mailer';

const ses = mockClient(SESv2Client);
const DATE = new Date('2026-05-05T08:00:00.000Z');
const ID = '5b8f3c1e-0d4a-4f7b-9e21-6a3c2d1b0f9e';

const EMAIL: OutgoingEmail = {
  from: { name: 'Voix du Client', address: 'alerts@voice.example.com' },
  to: ['cco@example.com', { name: 'Équipe SAV', address: 'sav@example.com' }],
  cc: ['billing@example.com'],
  subject: 'Alerte : hausse des réclamations 🚨',
  text: 'Le taux négatif est passé à 31 %.',
  html: '<p>Le taux <b>négatif</b> est passé à 31 %.</p><img src="cid:chart">',
  headers: { 'X-Customer-Voice-Alert-Id': 'alert-42' },
  inlineAttachments: [{ filename: 'chart.png', contentType: 'image/png', content: new Uint8Array([1, 2, 3]), contentId: 'chart' }],
};

const metadata = { $metadata: { httpStatusCode: 400 } };
const throttled = () => new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', ...metadata });
const limited = () => new LimitExceededException({ message: 'Limit exceeded.', ...metadata });

function mailerWith(options: SesMailerOptions = {}) {
  const sleeps: number[] = [];
  const mailer = new SesMailer(new SESv2Client({ region: 'eu-west-1' }), {
    now: () => DATE,
    newId: () => ID,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    ...options,
  });
  return { mailer, sleeps };
}

function sentInputs(): SendEmailCommandInput[] {
  return ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input);
}

beforeEach(() => {
  ses.reset();
});

describe('SesMailer', () => {
  it('sends the MIME bytes as raw content with the envelope sender, To and Cc, and returns the SES MessageId', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: '0102018f-ses-id-000000' });
    const { mailer } = mailerWith({ configurationSetName: 'customer-voice' });

    // Act
    const sent = await mailer.send(EMAIL);

    // Assess
    expect(sent).toEqual({ messageId: '0102018f-ses-id-000000' });
    const [input, ...others] = sentInputs();
    expect(others).toHaveLength(0);
    expect(input?.Content?.Raw?.Data).toEqual(buildMimeMessage(EMAIL, { date: DATE, id: ID }).raw);
    expect(input?.Content?.Simple).toBeUndefined();
    expect(input?.FromEmailAddress).toBe('alerts@voice.example.com');
    expect(input?.Destination).toEqual({ ToAddresses: ['cco@example.com', 'sav@example.com'], CcAddresses: ['billing@example.com'] });
    expect(input?.ConfigurationSetName).toBe('customer-voice');

    const parsed = await PostalMime.parse(input?.Content?.Raw?.Data ?? new Uint8Array());
    expect(parsed.subject).toBe('Alerte : hausse des réclamations 🚨');
    expect(parsed.cc).toEqual([{ name: '', address: 'billing@example.com' }]);
    expect(parsed.attachments[0]?.contentId).toBe('<chart>');
  });

  it('leaves out Cc and the configuration set when there are none', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const { mailer } = mailerWith();

    // Act
    await mailer.send({ ...EMAIL, cc: [] });

    // Assess
    const [input] = sentInputs();
    expect(input?.Destination).toEqual({ ToAddresses: ['cco@example.com', 'sav@example.com'] });
    expect(input).not.toHaveProperty('ConfigurationSetName');
  });

  it('retries throttling with jittered exponential backoff, resending the same bytes, then succeeds', async () => {
    // Prepare
    ses.on(SendEmailCommand).rejectsOnce(throttled()).rejectsOnce(limited()).resolves({ MessageId: 'm-after-retries' });
    const { mailer, sleeps } = mailerWith();

    // Act
    const sent = await mailer.send(EMAIL);

    // Assess
    expect(sent.messageId).toBe('m-after-retries');
    const inputs = sentInputs();
    expect(inputs).toHaveLength(3);
    expect(inputs[1]?.Content?.Raw?.Data).toEqual(inputs[0]?.Content?.Raw?.Data);
    expect(inputs[2]?.Content?.Raw?.Data).toEqual(inputs[0]?.Content?.Raw?.Data);
    // random() = 0.5 of min(1000, 100 × 2^(n-1)).
    expect(sleeps).toEqual([50, 100]);
  });

  it('gives up after maxAttempts throttled tries with EmailUnavailableError, caps the delay', async () => {
    // Prepare
    ses.on(SendEmailCommand).rejects(throttled());
    const { mailer, sleeps } = mailerWith({ maxAttempts: 6 });

    // Act
    const error = await mailer.send(EMAIL).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(EmailUnavailableError);
    expect((error as EmailUnavailableError).cause).toBeInstanceOf(TooManyRequestsException);
    expect(sentInputs()).toHaveLength(6);
    expect(sleeps).toEqual([50, 100, 200, 400, 500]);
  });

  it.each([
    ['MessageRejected', () => new MessageRejected({ message: 'Email address is not verified.', ...metadata })],
    ['AccountSuspendedException', () => new AccountSuspendedException({ message: 'Account suspended.', ...metadata })],
    ['SendingPausedException', () => new SendingPausedException({ message: 'Sending paused.', ...metadata })],
    [
      'MailFromDomainNotVerifiedException',
      () => new MailFromDomainNotVerifiedException({ message: 'MAIL FROM not verified.', ...metadata }),
    ],
  ])('does not retry %s and throws EmailRejectedError with the cause', async (code, refusal) => {
    // Prepare
    const cause = refusal();
    ses.on(SendEmailCommand).rejects(cause);
    const { mailer, sleeps } = mailerWith();

    // Act
    const error = await mailer.send(EMAIL).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(EmailRejectedError);
    expect(error).toMatchObject({ code, cause });
    expect(sentInputs()).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('does not retry an IAM AccessDenied (the sandbox refusing an unverified recipient) and says what to do', async () => {
    // Prepare: the error as the SDK builds it from a 403 with no modeled exception.
    const cause = Object.assign(new Error('User is not authorized to perform ses:SendEmail on resource arn:aws:ses:eu-west-1:1:identity/cco@example.com'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    ses.on(SendEmailCommand).rejects(cause);
    const { mailer, sleeps } = mailerWith();

    // Act
    const error = await mailer.send(EMAIL).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(EmailRejectedError);
    expect(error).toMatchObject({ code: 'AccessDeniedException', cause });
    expect((error as Error).message).toMatch(/SES sandbox[\s\S]*verified identity[\s\S]*production access/);
    expect(sentInputs()).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('names the sandbox only for the refusals it causes, not for a suspended account', async () => {
    ses.on(SendEmailCommand).rejects(new AccountSuspendedException({ message: 'Account suspended.', ...metadata }));
    const error = await mailerWith().mailer.send(EMAIL).catch((caught: unknown) => caught);
    expect((error as Error).message).not.toMatch(/sandbox/);
  });

  it('does not loop on other service errors (the SDK already retried them): EmailUnavailableError', async () => {
    // Prepare
    ses.on(SendEmailCommand).rejects(new InternalServiceErrorException({ message: 'boom', $metadata: { httpStatusCode: 500 } }));
    const { mailer } = mailerWith();

    // Act
    const error = await mailer.send(EMAIL).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(EmailUnavailableError);
    expect(error).not.toBeInstanceOf(EmailRejectedError);
    expect(sentInputs()).toHaveLength(1);
  });

  it('validates before calling SES', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'never' });
    const { mailer } = mailerWith();

    // Act
    const error = await mailer.send({ ...EMAIL, to: ['not an address'] }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(InvalidEmailError);
    expect(sentInputs()).toHaveLength(0);
  });

  it('rejects a maxAttempts below 1', () => {
    expect(() => mailerWith({ maxAttempts: 0 })).toThrow(RangeError);
  });
});
