import { describe, expect, it } from 'vitest';
import type { TopicWindow } from '../../shared/domain/topics/contract';
import { emergingOfWeek } from '../../shared/domain/topics/what-is-new';
import { assertOnlyOwnMarkup } from '../support/email-markup';
import { CRASH_PHRASE, digestWithWhatIsNew } from '../support/what-is-new-world';

const scope = { kind: 'dept' as const, id: 'delivery' };
const day = (d: number) => new Date(Date.UTC(2026, 10, 23 + d)).toISOString();
const series = (crashFrom: number | null): TopicWindow[] =>
  Array.from({ length: 49 }, (_, i) => {
    const d = i - 42;
    const crash = crashFrom !== null && d >= crashFrom ? 5 : 0;
    return { window: day(d), items: 80, negativeItems: 8, entries: [{ key: 'colis', phrase: 'colis', count: 20, negative: 2, error: 0 }, ...(crash ? [{ key: 'appli', phrase: 'appli', count: crash, negative: 4, error: 0 }] : [])] };
  });

describe('emergingOfWeek', () => {
  it('lists a topic that emerged during the week once, with its strongest day', () => {
    const flags = emergingOfWeek(series(3), 7, scope);
    expect(flags).toHaveLength(1);
    // Flagged from Thursday (10 items over two days) on; its strongest statistic is on the last day.
    expect(flags[0]).toMatchObject({ key: 'appli', reason: 'new', since: day(3), window: day(6), support: 20 });
  });

  it('lists nothing on a stable week, nor a topic that emerged weeks before and stayed', () => {
    expect(emergingOfWeek(series(null), 7, scope)).toEqual([]);
    expect(emergingOfWeek(series(-30), 7, scope)).toEqual([]);
  });
});

describe('the digest’s "What is new" section', () => {
  it('lists each department’s new topics with phrase, support, negative share and one redacted example (en, fr)', async () => {
    for (const lang of ['en', 'fr'] as const) {
      const email = await digestWithWhatIsNew(lang);
      const fr = lang === 'fr';
      expect(email.text).toContain(fr ? 'Ce qui est nouveau' : 'What is new');
      const lines = email.text.split('\n');
      const crash = lines.find((l) => l.includes('appli'))!;
      expect(crash).toContain(fr ? `Livraison : « ${CRASH_PHRASE} », 20 avis` : `Delivery: “${CRASH_PHRASE}”, 20 items`);
      expect(crash).toContain(fr ? '75 % négatifs, nouveau' : '75% negative, new');
      expect(crash).toContain('[PHONE]');
      expect(crash).not.toContain('06 12 34 56 78');
      const refunds = lines.find((l) => l.includes('remboursement'))!;
      expect(refunds).toContain(fr ? '8 % avant' : '8% before');
      // The section comes before the week's incidents.
      expect(email.text.indexOf(fr ? 'Ce qui est nouveau' : 'What is new')).toBeLessThan(email.text.indexOf(fr ? 'Incidents de la semaine' : 'Incidents of the week'));
      assertOnlyOwnMarkup(email.html);
      expect(email.html).not.toContain('<img');
      expect(email.html).toContain('appli &lt;b&gt;plante&lt;/b&gt;');
    }
  });

  it('is absent when topic summaries are not read', async () => {
    const email = await digestWithWhatIsNew('en', false);
    expect(email.text).not.toContain('What is new');
  });
});
