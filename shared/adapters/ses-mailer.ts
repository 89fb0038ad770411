/**
 * Amazon SES v2 behind the Mailer port. The message goes as raw MIME (adapters/mime), the same bytes
 * the local outbox writes, so Cc and inline images work and what is tested locally is what is sent.
 * Throttling is retried with capped exponential backoff and full jitter; a refusal SES will repeat
 * (rejected content, suspended or paused sending, unverified MAIL FROM) becomes EmailRejectedError
 * at once, so the caller can drop or dead-letter it instead of retrying.
 *
 * SES replaces the Date and Message-ID headers with its own (documented in "Amazon SES header
 * fields"), so `send` returns SES's MessageId, the one bounce and complaint notifications carry.
 */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { EmailRejectedError, EmailUnavailableError, type Mailer, type OutgoingEmail, type SentEmail } from '../ports/mailer';
import { buildMimeMessage } from './mime';

export { EmailRejectedError, EmailUnavailableError } from '../ports/mailer';

/** SES errors worth another try a moment later. */
const THROTTLING_ERRORS: ReadonlySet<string> = new Set(['TooManyRequestsException', 'LimitExceededException']);

/**
 * SES errors that would come back identical on every retry. AccessDenied is one: IAM refuses the
 * call the same way each time, typically in the SES sandbox when a recipient's identity is not
 * verified or not granted (SES authorises sending against every identity involved there).
 */
const PERMANENT_ERRORS: ReadonlySet<string> = new Set([
  'MessageRejected',
  'AccessDeniedException',
  'AccessDenied',
  'AccountSuspendedException',
  'SendingPausedException',
  'MailFromDomainNotVerifiedException',
  'BadRequestException',
  'NotFoundException',
]);

/** Refusals an account still in the SES sandbox typically gets, and what the operator does about them. */
const SANDBOX_HINTS: ReadonlySet<string> = new Set(['MessageRejected', 'AccessDeniedException', 'AccessDenied']);
const SANDBOX_HINT =
  ' (if the account is in the SES sandbox, every recipient must be a verified identity: verify it, or request production access; `customer-voice doctor` checks both)';

export interface SesMailerOptions {
  /** SES configuration set (event destinations for bounces, complaints, deliveries). */
  configurationSetName?: string;
  /** Attempts per email, the first included. Default 4. */
  maxAttempts?: number;
  /** Backoff base and cap, in ms: delay before retry n = random() × min(cap, base × 2^(n-1)). Defaults 200 / 5,000. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
  newId?: () => string;
}

type ResolvedOptions = Required<Omit<SesMailerOptions, 'configurationSetName' | 'newId'>> &
  Pick<SesMailerOptions, 'configurationSetName' | 'newId'>;

const DEFAULTS = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 5000,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: () => new Date(),
};

function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string') return error.name;
  return 'UnknownError';
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export class SesMailer implements Mailer {
  private readonly options: ResolvedOptions;

  constructor(
    private readonly client: SESv2Client,
    options: SesMailerOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    if (!Number.isInteger(this.options.maxAttempts) || this.options.maxAttempts < 1) {
      throw new RangeError(`maxAttempts must be a positive integer, got ${this.options.maxAttempts}`);
    }
  }

  async send(input: OutgoingEmail): Promise<SentEmail> {
    const message = buildMimeMessage(input, { date: this.options.now(), id: this.options.newId?.() });
    const { email } = message;
    // Built once: every attempt sends the same bytes. Reply-To already travels in the raw headers,
    // so ReplyToAddresses is not set: it could only add a second, conflicting Reply-To.
    const command = new SendEmailCommand({
      FromEmailAddress: email.from.address,
      Destination: {
        ToAddresses: email.to.map((mailbox) => mailbox.address),
        ...(email.cc.length > 0 ? { CcAddresses: email.cc.map((mailbox) => mailbox.address) } : {}),
      },
      Content: { Raw: { Data: message.raw } },
      ...(this.options.configurationSetName ? { ConfigurationSetName: this.options.configurationSetName } : {}),
    });

    let lastError: unknown;
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt += 1) {
      if (attempt > 1) await this.options.sleep(this.backoff(attempt - 1));
      try {
        const response = await this.client.send(command);
        // SES always answers a MessageId; were it missing, failing now would only make the caller
        // send the (already accepted) email again.
        return { messageId: response.MessageId ?? message.messageId };
      } catch (error) {
        const name = errorName(error);
        if (PERMANENT_ERRORS.has(name)) {
          throw new EmailRejectedError(`SES refused email <${message.messageId}>: ${describe(error)}${SANDBOX_HINTS.has(name) ? SANDBOX_HINT : ''}`, name, { cause: error });
        }
        if (!THROTTLING_ERRORS.has(name)) {
          // The SDK has already retried network and 5xx errors; the caller's queue decides what next.
          throw new EmailUnavailableError(`SES could not send email <${message.messageId}>: ${describe(error)}`, { cause: error });
        }
        lastError = error;
      }
    }
    throw new EmailUnavailableError(
      `SES throttled email <${message.messageId}> ${this.options.maxAttempts} times: ${describe(lastError)}`,
      { cause: lastError },
    );
  }

  /** Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"); `retry` counts from 1. */
  private backoff(retry: number): number {
    const { baseDelayMs, maxDelayMs, random } = this.options;
    return random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  }
}
