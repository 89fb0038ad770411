import {
  ComprehendClient,
  DetectPiiEntitiesCommand,
  type DetectPiiEntitiesCommandInput,
  InternalServerException,
  type PiiEntity as ComprehendPiiEntity,
  type PiiEntityType,
  TextSizeLimitExceededException,
  TooManyRequestsException,
} from '@aws-sdk/client-comprehend';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  COMPREHEND_PII_MAX_BYTES,
  ComprehendPiiDetector,
  type ComprehendPiiOptions,
  type DegradedRedaction,
  codePointOffsets,
  comprehendPiiLanguage,
} from '../../shared/adapters/comprehend-pii';
import { redactPii } from '../../shared/domain/redaction/redact-pii';

const comprehend = mockClient(ComprehendClient);

function detectorWith(options: ComprehendPiiOptions = {}) {
  const sleeps: number[] = [];
  const degraded: DegradedRedaction[] = [];
  const detector = new ComprehendPiiDetector(new ComprehendClient({ region: 'eu-west-1' }), {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    onDegraded: (event) => degraded.push(event),
    ...options,
  });
  return { detector, sleeps, degraded };
}

function sentInputs(): DetectPiiEntitiesCommandInput[] {
  return comprehend.commandCalls(DetectPiiEntitiesCommand).map((call) => call.args[0].input);
}

/** Comprehend's answer for `value` inside `text`, in code points as the service counts them. */
function entity(text: string, value: string, Type: PiiEntityType, Score = 0.99): ComprehendPiiEntity {
  const at = text.indexOf(value);
  const BeginOffset = [...text.slice(0, at)].length;
  return { Type, Score, BeginOffset, EndOffset: BeginOffset + [...value].length };
}

const throttled = () => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });

beforeEach(() => {
  comprehend.reset();
});

describe('ComprehendPiiDetector', () => {
  // Nothing gives the name or the street away to the patterns: only Comprehend can find them.
  const text = 'Olivia Harris called about the parcel, she lives near Oxford Road and her email is olivia@example.com. Order CMD-2026-000123.';

  it('merges Comprehend names and addresses with the pattern results, keeping the original offsets', async () => {
    // Prepare
    comprehend.on(DetectPiiEntitiesCommand).resolves({
      Entities: [
        entity(text, 'Olivia Harris', 'NAME'),
        entity(text, 'Oxford Road', 'ADDRESS'),
        entity(text, 'olivia@example.com', 'EMAIL'),
      ],
    });
    const { detector } = detectorWith();

    // Act
    const report = await detector.redact(text, 'en');

    // Assess
    expect(sentInputs()).toEqual([{ LanguageCode: 'en', Text: text }]);
    expect(redactPii(text).entities.map((e) => e.type)).toEqual(['EMAIL']);
    expect(report.text).toBe('[NAME] called about the parcel, she lives near [ADDRESS] and her email is [EMAIL]. Order CMD-2026-000123.');
    expect(report.entities.map((e) => [e.type, text.slice(e.start, e.end)])).toEqual([
      ['NAME', 'Olivia Harris'],
      ['ADDRESS', 'Oxford Road'],
      ['EMAIL', 'olivia@example.com'],
    ]);
    expect(report.detectors).toEqual(['patterns', 'comprehend']);
    expect(report.degraded).toBeUndefined();
  });

  it('calls Comprehend for en and es (any region or case) and never for French or undetermined text', async () => {
    // Prepare
    comprehend.on(DetectPiiEntitiesCommand).resolves({ Entities: [] });
    const { detector } = detectorWith();
    const french = 'Je suis Marie Dubois, appelez le 06 12 34 56 78';

    // Act
    const reports = await detector.redactBatch([
      { text: 'hello Olivia', lang: 'en-GB' },
      { text: 'hola Lucía', lang: 'ES' },
      { text: french, lang: 'fr' },
      { text: 'bonjour', lang: 'und' },
      { text: 'hallo', lang: undefined },
    ]);

    // Assess
    expect(sentInputs().map((i) => i.LanguageCode)).toEqual(['en', 'es']);
    expect(reports[2]).toEqual({ ...redactPii(french), detectors: ['patterns'] });
    expect(reports[2]?.text).toBe('Je suis [NAME], appelez le [PHONE]');
    expect(comprehendPiiLanguage('pt')).toBeUndefined();
  });

  it('maps code-point offsets to string offsets when emoji precede the entity', async () => {
    // Prepare
    const withEmoji = '😡😡 terrible, ask for Daniel Wright 🙏 please';
    comprehend.on(DetectPiiEntitiesCommand).resolves({ Entities: [entity(withEmoji, 'Daniel Wright', 'NAME')] });
    const { detector } = detectorWith();

    // Act
    const report = await detector.redact(withEmoji, 'en');

    // Assess
    expect(report.text).toBe('😡😡 terrible, ask for [NAME] 🙏 please');
    expect(codePointOffsets('a😡b')(2)).toBe(3);
  });

  it('ignores low-confidence findings, unmapped types and offsets outside the text', async () => {
    // Prepare
    comprehend.on(DetectPiiEntitiesCommand).resolves({
      Entities: [
        entity(text, 'Olivia Harris', 'NAME', 0.2),
        entity(text, 'CMD-2026-000123', 'DATE_TIME'),
        { Type: 'NAME', Score: 0.99, BeginOffset: 500, EndOffset: 510 } satisfies ComprehendPiiEntity,
      ],
    });
    const { detector } = detectorWith({ minScore: 0.5 });

    // Act
    const report = await detector.redact(text, 'en');

    // Assess
    expect(report.entities.map((e) => e.type)).toEqual(['EMAIL']);
    expect(report.text).toContain('Olivia Harris');
    expect(report.text).toContain('CMD-2026-000123');
  });

  it('retries throttling with capped exponential backoff, then uses the answer', async () => {
    // Prepare
    comprehend
      .on(DetectPiiEntitiesCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(new InternalServerException({ message: 'oops', $metadata: { httpStatusCode: 500 } }))
      .resolves({ Entities: [entity(text, 'Olivia Harris', 'NAME')] });
    const { detector, sleeps, degraded } = detectorWith();

    // Act
    const report = await detector.redact(text, 'en');

    // Assess
    expect(sentInputs()).toHaveLength(3);
    expect(sleeps).toEqual([50, 100]);
    expect(report.text).toMatch(/^\[NAME\] called/);
    expect(report.degraded).toBeUndefined();
    expect(degraded).toEqual([]);
  });

  it('degrades to patterns only when throttling outlasts the retries, reports it, and never throws', async () => {
    // Prepare
    comprehend.on(DetectPiiEntitiesCommand).rejects(throttled());
    const { detector, degraded } = detectorWith({ maxAttempts: 3 });

    // Act
    const report = await detector.redact(text, 'en');

    // Assess
    expect(sentInputs()).toHaveLength(3);
    expect(report).toEqual({
      ...redactPii(text),
      detectors: ['patterns'],
      degraded: { reason: 'TooManyRequestsException (HTTP 400)' },
    });
    expect(report.text).toContain('[EMAIL]');
    expect(degraded).toEqual([{ lang: 'en', reason: 'TooManyRequestsException (HTTP 400)', attempts: 3 }]);
  });

  it('does not retry an error that cannot pass, and keeps the service message (which may quote the text) out of the report', async () => {
    // Prepare
    comprehend.on(DetectPiiEntitiesCommand).rejects(
      new TextSizeLimitExceededException({ message: `text "${text}" too long`, $metadata: { httpStatusCode: 400 } }),
    );
    const { detector, degraded } = detectorWith();

    // Act
    const report = await detector.redact(text, 'en');

    // Assess
    expect(sentInputs()).toHaveLength(1);
    expect(report.degraded?.reason).toBe('TextSizeLimitExceededException (HTTP 400)');
    expect(JSON.stringify(degraded)).not.toContain('Olivia');
  });

  it('degrades on a network error without a service response', async () => {
    // Prepare
    comprehend.on(DetectPiiEntitiesCommand).rejects(new Error('socket hang up'));
    const { detector } = detectorWith();

    // Act
    const report = await detector.redact(text, 'en');

    // Assess
    expect(report.detectors).toEqual(['patterns']);
    expect(report.degraded?.reason).toBe('Error');
  });

  it('sends at most 100 KB, cut between characters, and still redacts the rest with patterns', async () => {
    // Prepare
    comprehend.on(DetectPiiEntitiesCommand).resolves({ Entities: [] });
    const { detector } = detectorWith();
    const long = `${'é'.repeat(49_999)}😀 tail: call 415-555-0123 or mail late@example.com`;

    // Act
    const report = await detector.redact(long, 'en');

    // Assess
    const sent = sentInputs()[0]?.Text ?? '';
    expect(Buffer.byteLength(sent, 'utf8')).toBeLessThanOrEqual(COMPREHEND_PII_MAX_BYTES);
    expect(sent).toBe('é'.repeat(49_999));
    expect(report.truncated).toBe(true);
    expect(report.text.endsWith('tail: call [PHONE] or mail [EMAIL]')).toBe(true);
  });

  it('skips the call for blank text', async () => {
    // Prepare
    const { detector } = detectorWith();

    // Act
    const report = await detector.redact('   ', 'en');

    // Assess
    expect(sentInputs()).toEqual([]);
    expect(report).toEqual({ text: '   ', entities: [], detectors: ['patterns'] });
  });

  it('redactBatch keeps input order and never has more calls in flight than its concurrency', async () => {
    // Prepare
    let inFlight = 0;
    let peak = 0;
    comprehend.on(DetectPiiEntitiesCommand).callsFake(async (input: DetectPiiEntitiesCommandInput) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      const t = input.Text ?? '';
      return { Entities: [{ Type: 'NAME', Score: 0.9, BeginOffset: t.indexOf('N'), EndOffset: t.indexOf('N') + 2 }] };
    });
    const { detector } = detectorWith({ concurrency: 2 });
    const inputs = Array.from({ length: 7 }, (_, i) => ({ text: `message ${i} from N${i}`, lang: 'en' }));

    // Act
    const reports = await detector.redactBatch(inputs);

    // Assess
    expect(reports.map((r) => r.text)).toEqual(inputs.map((_, i) => `message ${i} from [NAME]`));
    expect(peak).toBe(2);
  });

  it('refuses invalid settings at construction', () => {
    expect(() => detectorWith({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => detectorWith({ redaction: { customPatterns: [{ type: 'lower', pattern: /x/ }] } })).toThrow(/custom pattern type/);
  });
});
