import { describe, expect, it } from 'vitest';
import { sendWeeklyDigest } from '../../shared/app/weekly-digest';
import { assertOnlyOwnMarkup } from '../support/email-markup';
import { DIGEST_RUN, objectivesConfig, objectivesWorld } from '../support/objectives-world';

const HOSTILE = { en: 'Billing<script>alert(1)</script>\u202E', fr: 'Facturation"><img src=x onerror=alert(1)>' };

describe('weekly digest: objectives and "did the fix work?"', () => {
  it('shows each target with its gap and trajectory, off-track departments first (en)', async () => {
    // Prepare
    const deps = await objectivesWorld('en');
    // Act
    const { digest } = await sendWeeklyDigest(deps);
    const text = deps.mailer.sent[0]!.text;
    // Assess: the figures of the eight weeks as of the week's end.
    expect(digest.objectives!.map((d) => [d.id, d.objectives.map((o) => o.status)])).toEqual([
      ['billing', ['off-track', 'on-track']],
      ['delivery', ['moving-away']],
    ]);
    expect(text).toContain('Off track: Billing, Delivery.');
    expect(text).toContain('\n- ⚠ Billing — NPS ≥ 30 by 2026-12-10: now 24, 6 to go, +2 / week; off track: at this pace, reached in about 3 weeks (around 2026-12-21), after 2026-12-10\n');
    expect(text).toContain('\n- Billing — negative share ≤ 20% by 2026-12-31: now 26%, 6 pts to go, -2 pts / week; on track: reached in about 3 weeks (around 2026-12-21)\n');
    expect(text).toContain('\n- ⚠ Delivery — sentiment index ≥ 50 by 2027-06-30: now -2, 52 to go, -6 / week; off track: moving away\n');
    // Sales has no target: it is in the ranking section only.
    expect(text.split('Objectives: gap and trajectory')[1]!.split('Journeys:')[0]).not.toContain('Sales');
  });

  it('reports the incidents whose 14 days after closing ended this week, once, with the figures before and after (fr)', async () => {
    const deps = await objectivesWorld('fr');
    const { digest } = await sendWeeklyDigest(deps);
    const text = deps.mailer.sent[0]!.text;
    expect(digest.fixChecks!.map((c) => [c.incidentId, c.verdict])).toEqual([
      ['billing-2026-11-03', 'resolved-and-recovered'],
      ['delivery-2026-11-05', 'recovered-without-action'],
    ]);
    expect(text).toContain('La correction a-t-elle marché ?');
    expect(text).toContain(
      '- [résolu et rétabli] Facturation, incident du 2026-11-03, résolu le 2026-11-10 : part négative 35 % avant → 29 % après (seuil 40 %, rupture à 62 %)',
    );
    // Nobody acted on Delivery's: its index came back from -20 to 1, nearer the 19 before than the -20 that broke it.
    expect(text).toContain('- [rétabli sans action] Livraison, incident du 2026-11-05, rétabli le 2026-11-12 : indice de sentiment 19 avant → 1 après (seuil 0, rupture à -20)');
    // Neither the one checked the week before (due 17 November) nor the open one.
    expect(text).not.toContain('2026-10-28');

    // The next week's digest does not report them again.
    const next = await objectivesWorld('fr');
    const later = await sendWeeklyDigest({ ...next, now: () => new Date(DIGEST_RUN.getTime() + 7 * 86_400_000) });
    expect(later.digest.fixChecks).toEqual([]);
    expect(next.mailer.sent[0]!.text).toContain('Aucun incident clos il y a 14 jours à vérifier cette semaine.');
  });

  it('says how to configure objectives when none is, and escapes department names in both languages', async () => {
    const none = await objectivesWorld('en', objectivesConfig());
    none.departments = { ...none.departments, departments: none.departments.departments.map((d) => ({ ...d, targets: [] })) };
    await sendWeeklyDigest(none);
    expect(none.mailer.sent[0]!.text).toContain('No objective configured: add "targets" to the departments of the configuration (see the README).');

    for (const lang of ['en', 'fr'] as const) {
      const deps = await objectivesWorld(lang, objectivesConfig(HOSTILE));
      await sendWeeklyDigest(deps);
      const { html } = deps.mailer.sent[0]!;
      assertOnlyOwnMarkup(html);
      expect(html).not.toContain('<script>');
      expect(html).toContain(lang === 'en' ? '⚠ Billing&lt;script&gt;alert(1)&lt;/script&gt;' : '⚠ Facturation&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    }
  });
});
