import { describe, expect, it } from 'vitest';
import { formatRedactionThroughput, measureRedactionThroughput, redactionFixtureTexts, WITHOUT_NAMES } from '../../cli/bench-redaction';
import { redactPii } from '../../shared/domain/redaction/redact-pii';

describe('bench redaction', () => {
  it('reads the fixture and measures both the redaction and its baseline over the same messages', async () => {
    const texts = await redactionFixtureTexts();
    expect(texts.length).toBeGreaterThanOrEqual(150);
    const r = measureRedactionThroughput(texts.slice(0, 20), 1);
    expect(r).toMatchObject({ messages: 20, meanChars: Math.round(texts.slice(0, 20).join('').length / 20) });
    expect(r.msgsPerSec).toBeGreaterThan(0);
    expect(r.withoutNamesMsgsPerSec).toBeGreaterThan(0);
    expect(formatRedactionThroughput(r)).toContain(`${r.msgsPerSec} msgs/s one core   (baseline, names off: ${r.withoutNamesMsgsPerSec}; 20 fixture messages`);
  });

  it('the baseline is the same redaction with names left in', () => {
    const text = 'Bonjour, Sophie Martin ici, mon mail est sophie@example.com';
    expect(redactPii(text).text).toBe('Bonjour, [NAME] ici, mon mail est [EMAIL]');
    expect(redactPii(text, WITHOUT_NAMES).text).toBe('Bonjour, Sophie Martin ici, mon mail est [EMAIL]');
  });

  it('refuses an empty set', () => {
    expect(() => measureRedactionThroughput([])).toThrow('no message to redact');
  });
});
