import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { shippedFirstNames } from '../../shared/adapters/first-names-file';
import { buildMimeMessage } from '../../shared/adapters/mime';
import { incidentRendererOf, previousNoticeOf, renderIncidentEmail, renderIncidentRecoveryEmail, renderIncidentUpdateEmail } from '../../shared/app/incident-email';
import type { Recipient } from '../../shared/domain/alerts/incident';
import type { OutgoingEmail } from '../../shared/ports/mailer';
import { assertOnlyOwnMarkup, INVISIBLE } from '../support/email-markup';
import { billingIncident, billingTrend, HOSTILE_NAME, incidentConfig, incidentSettings, parisDay } from '../support/incidents';

const officer = (lang: 'en' | 'fr' = 'en'): Recipient => ({ address: 'cco@example.com', lang, role: 'officer' });
const owner: Recipient = { address: 'billing-uk@example.com', lang: 'en', role: 'owner' };
const render = (lang: 'en' | 'fr' = 'en', incident = billingIncident()) => renderIncidentEmail({ incident, recipient: officer(lang), trend: billingTrend(), settings: incidentSettings() });

/** What a person reads: everything above the `-- ` signature line. */
function aboveSignature(email: OutgoingEmail): { text: string; html: string } {
  const text = email.text.split('\n-- \n')[0]!;
  const html = email.html.split('-- <br>')[0]!;
  expect(text.length).toBeLessThan(email.text.length);
  expect(html.length).toBeLessThan(email.html.length);
  return { text, html };
}

async function parse(email: OutgoingEmail) {
  return PostalMime.parse(buildMimeMessage(email, { date: new Date('2026-12-02T10:00:00Z'), id: 'test-1' }).raw);
}

describe('renderIncidentEmail', () => {
  it('says department, what broke and how much in a subject a phone shows, in English and French', () => {
    expect(render('en').subject).toBe('Billing: negative share 64% (threshold 35%), 4 rules — customer-voice');
    expect(render('fr').subject).toBe('Facturation : part négative 64 % (seuil 35 %), 4 règles — customer-voice');
    const one = billingIncident({ rules: billingIncident().rules.slice(1, 2), severity: 'major' });
    expect(render('en', one).subject).toBe('Billing: negative share 64% (threshold 35%) — customer-voice');
  });

  it('goes to its one recipient, with the kind, incident and severity in headers', () => {
    const email = renderIncidentEmail({ incident: billingIncident(), recipient: owner, trend: billingTrend(), settings: incidentSettings() });
    expect(email.to).toEqual(['billing-uk@example.com']);
    expect(email.cc).toBeUndefined();
    expect(email.headers).toEqual({ 'X-Customer-Voice-Kind': 'incident', 'X-Customer-Voice-Incident': 'billing-2026-12-02', 'X-Customer-Voice-Severity': 'critical' });
    expect(email.text).toContain('Sent by customer-voice to the owners of Billing.');
    expect(render('fr').text).toContain('Envoyé par customer-voice au responsable de l’expérience client, qui reçoit tous les incidents.');
  });

  it('lists every rule, most severe first, with its figures and sample size, the windows in the local zone', () => {
    // Act
    const { text } = render('en');
    // Assess: excess 0.83, 0.4, 0.33, 0.2.
    const titles = [...text.matchAll(/^\* (.+)\n {2}threshold/gm)].map((m) => m[1]);
    expect(titles).toEqual(['Negative share 64%', 'NPS -20 (Billing journey)', 'Volume 80 items', 'Interface hotspot 12 negative items (with Delivery)']);
    expect(text).toContain('  threshold 35%, baseline 12%, 100 items, day 2026-12-02\n  Billing: 64% of 100 items were negative');
    expect(text).toContain('  threshold 0, baseline 15, 45 answers, day 2026-12-02');
    expect(text).toContain('Severity: critical (4 rules past the threshold). Opened 2026-12-02 10:14 (Europe/Paris).');
    expect(text).toContain('Other departments these items concern: Delivery, Contact centre');
    const fr = render('fr').text;
    expect(fr).toContain('* NPS -20 (parcours Facturation)');
    expect(fr).toContain('  seuil 0, référence 15, 45 réponses, jour 2026-12-02');
    expect(fr).toContain('Gravité : critique (4 règles au-delà du seuil). Ouvert le 2026-12-02 10:14 (Europe/Paris).');
  });

  it('keeps ids and rule keys out of what a person reads, and puts them after the signature line', () => {
    for (const lang of ['en', 'fr'] as const) {
      const email = render(lang);
      const { text, html } = aboveSignature(email);
      for (const part of [email.subject, text, html]) {
        expect(part).not.toMatch(/billing-2026-12-02|dept:|journey:|pair:|ALERT#|negative-share|volume-spike|@/);
      }
      expect(email.text).toMatch(/\n-- \nincident billing-2026-12-02\nnegative-share\nnps-below@journey:billing\nvolume-spike\ninterface-hotspot@pair:billing\+delivery\n/);
    }
  });

  it('quotes three distinct verbatims, redacted again and escaped, and charts the worst rule by day', () => {
    // Act
    const email = render('en');
    // Assess: fb_2 repeats fb_1; fb_5 is the fourth distinct one.
    const quotes = [...email.text.matchAll(/^> \[(.+?)\] (.+)$/gm)].map((m) => [m[1], m[2]]);
    expect(quotes.map(([date]) => date)).toEqual(['2026-12-02 09:50', '2026-12-02 09:30', '2026-12-02 09:20']);
    expect(quotes[1]![1]).toContain('[EMAIL]');
    expect(email.text).not.toContain('jean.dupont');
    expect(email.text).not.toContain('fifth');
    expect(email.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &lt;b&gt;Facture&lt;/b&gt;');
    expect(email.text).toContain('Trend: negative share by day');
    const bars = [...email.html.matchAll(/<div style="width:(\d+)px;height:12px/g)].map((m) => Number(m[1]));
    expect(bars).toHaveLength(14);
    expect(bars.at(-1)).toBe(180);
    expect(email.text).toMatch(/^2 Dec +#{20} +64% \*$/m);
  });

  it('redacts the quoted verbatims again with the first-name gazetteer its settings carry, as evaluateAlerts passes it', () => {
    // Prepare: a verbatim stored by a writer that redacted without the gazetteer.
    const verbatims = [{ id: 'fb_9', text: 'Réclamation de Sophie Martin : facturée deux fois, CHEVALIER Thomas aussi.', occurredAt: '2026-12-02T09:55:00.000Z' }];
    const incident = billingIncident({ verbatims });
    // Act
    const email = renderIncidentEmail({ incident, recipient: officer('fr'), trend: billingTrend(), settings: { ...incidentSettings(), redaction: { firstNames: shippedFirstNames() } } });
    // Assess
    expect(email.text).toContain('Réclamation de [NAME] : facturée deux fois, [NAME] aussi.');
    expect(email.text).not.toMatch(/Sophie|Martin|CHEVALIER|Thomas/);
    expect(email.html).not.toMatch(/Sophie|Martin|CHEVALIER|Thomas/);
  });

  it('says when late data changed the figures, and who acknowledged, took or resolved it', () => {
    // Prepare
    const incident = billingIncident({
      lateDataAt: '2026-12-02T15:00:00.000Z',
      acknowledged: { by: 'Claire <claire@example.com>', at: '2026-12-02T10:00:00.000Z' },
      assignee: { owner: 'Marc', by: 'Claire', at: '2026-12-02T10:05:00.000Z' },
      resolved: { by: 'Marc', at: '2026-12-02T17:00:00.000Z', note: 'Duplicate charge <fixed> by the PSP' },
    });
    // Act
    const en = render('en', incident);
    const fr = render('fr', incident);
    // Assess
    expect(en.text).toContain('Late data changed these figures (2026-12-02 16:00): items dated on past days were counted in their windows.');
    expect(fr.text).toContain('Des données arrivées en retard ont modifié ces chiffres (2026-12-02 16:00)');
    expect(en.text).toContain('- Acknowledged by Claire <claire@example.com> on 2026-12-02 11:00.');
    expect(en.text).toContain('- Assigned to Marc by Claire on 2026-12-02 11:05.');
    expect(en.text).toContain('- Resolved by Marc on 2026-12-02 18:00: Duplicate charge <fixed> by the PSP');
    expect(en.html).toContain('Duplicate charge &lt;fixed&gt; by the PSP');
    expect(fr.text).toContain('- Confié à Marc par Claire le 2026-12-02 11:05.');
    expect(render('en').text).not.toMatch(/Late data|Acknowledged|Assigned|Resolved/);
  });

  it('names a pair incident by both departments and does not list them again as related', () => {
    // Prepare: the pair alone broke.
    const hotspot = billingIncident().rules.find((r) => r.kind === 'interface-hotspot')!;
    const incident = billingIncident({ id: 'billing+delivery-2026-12-02', scope: { pair: ['billing', 'delivery'] }, rules: [hotspot], related: ['billing', 'delivery', 'contact-centre'], severity: 'minor' });
    // Act
    const email = renderIncidentEmail({ incident, recipient: { address: 'delivery@example.com', lang: 'fr', role: 'owner' }, trend: billingTrend(), settings: incidentSettings() });
    // Assess
    expect(email.subject).toBe('Facturation × Livraison : point de friction 12 avis négatifs (seuil 10) — customer-voice');
    expect(email.text).toContain('* Point de friction 12 avis négatifs\n');
    expect(email.text).toContain('Départements aussi concernés par ces avis : Centre de contact\n');
    expect(email.text).toContain('Envoyé par customer-voice aux responsables de Facturation × Livraison.');
    expect(email.headers).toMatchObject({ 'X-Customer-Voice-Incident': 'billing+delivery-2026-12-02', 'X-Customer-Voice-Severity': 'minor' });
  });

  it('names a journey incident (a journey no department owns) as a journey, without repeating it on its rules', () => {
    // Prepare
    const share = { ...billingIncident().rules.find((r) => r.kind === 'negative-share')!, rule: 'negative-share@journey:cancellation', source: { kind: 'journey' as const, id: 'cancellation' } };
    const incident = billingIncident({ id: 'journey.cancellation-2026-12-02', scope: { journey: 'cancellation' }, rules: [share], related: ['billing'], severity: 'major' });
    // Act
    const en = renderIncidentEmail({ incident, recipient: officer('en'), trend: billingTrend(), settings: incidentSettings() });
    const fr = renderIncidentEmail({ incident, recipient: officer('fr'), trend: billingTrend(), settings: incidentSettings() });
    // Assess
    expect(en.subject).toBe('Cancellation journey: negative share 64% (threshold 35%) — customer-voice');
    expect(fr.subject).toBe('Parcours Résiliation : part négative 64 % (seuil 35 %) — customer-voice');
    expect(en.text).toContain('* Negative share 64%\n');
    expect(en.text).toContain('Other departments these items concern: Billing\n');
    expect(aboveSignature(en).text).not.toMatch(/journey\.cancellation|@journey|cancellation-2026/);
  });

  it('lets no hostile department name or verbatim inject markup, headers or invisible characters', async () => {
    for (const lang of ['en', 'fr'] as const) {
      // Act
      const email = renderIncidentEmail({ incident: billingIncident(), recipient: officer(lang), trend: billingTrend(), settings: incidentSettings(incidentConfig({ en: HOSTILE_NAME, fr: HOSTILE_NAME })) });
      // Assess
      assertOnlyOwnMarkup(email.html);
      expect(email.subject).not.toMatch(/[\r\n]/);
      for (const part of [email.subject, email.text, email.html]) expect(part).not.toMatch(INVISIBLE);
      expect(email.html).toContain('Billing&lt;script&gt;alert(1)&lt;/script&gt; Bcc: evil@attacker.example');
      const parsed = await parse(email);
      expect(parsed.subject).toBe(email.subject);
      expect(parsed.bcc).toBeUndefined();
      expect(parsed.headers.find((h) => h.key === 'x-customer-voice-kind')?.value).toBe('incident');
      expect(parsed.headers.find((h) => h.key === 'x-customer-voice-incident')?.value).toBe('billing-2026-12-02');
    }
  });
});

describe('renderIncidentUpdateEmail', () => {
  it('says the severity rose and which rules are new since the recipient last heard', () => {
    // Prepare: the first email (major) went out at 09:14 with one rule; three broke after it.
    const rules = billingIncident().rules.map((r) => (r.rule === 'negative-share' ? r : { ...r, firstSeenAt: '2026-12-02T13:00:00.000Z' }));
    const incident = billingIncident({
      rules,
      sent: [
        { recipient: 'cco@example.com', kind: 'incident', severity: 'major', at: '2026-12-02T09:14:00.000Z' },
        { recipient: 'other@example.com', kind: 'incident-update', severity: 'critical', at: '2026-12-02T12:00:00.000Z' },
      ],
    });
    // Act
    const en = renderIncidentUpdateEmail({ incident, recipient: officer('en'), trend: billingTrend(), settings: incidentSettings() });
    const fr = renderIncidentUpdateEmail({ incident, recipient: officer('fr'), trend: billingTrend(), settings: incidentSettings(), previous: { severity: 'minor', at: '2026-12-02T12:30:00.000Z' } });
    // Assess
    expect(previousNoticeOf(incident, 'CCO@example.com')).toEqual({ severity: 'major', at: '2026-12-02T09:14:00.000Z' });
    expect(en.subject).toBe('Billing, now critical: negative share 64% (threshold 35%), 4 rules — customer-voice');
    expect(en.headers).toMatchObject({ 'X-Customer-Voice-Kind': 'incident-update', 'X-Customer-Voice-Incident': 'billing-2026-12-02' });
    expect(en.text).toContain('What changed since the email of 2026-12-02 10:14');
    expect(en.text).toContain('- Severity: major → critical.');
    expect(en.text).toContain('- Newly broken rules: NPS -20 (Billing journey), Volume 80 items, Interface hotspot 12 negative items (with Delivery).');
    expect(fr.subject).toBe('Facturation, désormais critique : part négative 64 % (seuil 35 %), 4 règles — customer-voice');
    expect(fr.text).toContain('- Gravité : mineure → critique.');
    expect(fr.text).toContain('- Nouvelles règles au-delà du seuil : NPS -20 (parcours Facturation)');
    expect(aboveSignature(en).text).not.toMatch(/billing-2026-12-02|@journey|negative-share/);
  });
});

describe('renderIncidentRecoveryEmail', () => {
  it('says what had broken and the window it recovered on, in both languages, without verbatims', () => {
    // Prepare: back to normal on 4 December.
    const incident = billingIncident({ status: 'recovered', recoveredAt: '2026-12-04T18:00:00.000Z', recoveryLastWindow: parisDay(4), rules: billingIncident().rules.map((r) => ({ ...r, firing: false })) });
    // Act
    const en = renderIncidentRecoveryEmail({ incident, recipient: officer('en'), trend: billingTrend(), settings: incidentSettings() });
    const fr = renderIncidentRecoveryEmail({ incident, recipient: officer('fr'), trend: billingTrend(), settings: incidentSettings() });
    // Assess
    expect(en.subject).toBe('Billing: back to normal (day 2026-12-04) — customer-voice');
    expect(fr.subject).toBe('Facturation : retour à la normale (jour 2026-12-04) — customer-voice');
    expect(en.headers).toMatchObject({ 'X-Customer-Voice-Kind': 'recovery', 'X-Customer-Voice-Incident': 'billing-2026-12-02' });
    expect(en.text).toContain(
      'Billing is back to normal on day 2026-12-04 (Europe/Paris): no rule is past its threshold any more. The incident had opened on day 2026-12-02 (4 rules: negative share, NPS, volume, interface hotspot).',
    );
    expect(en.text).toContain('no longer past it at the latest evaluation');
    expect(fr.text).toContain('Facturation est revenu à la normale le jour 2026-12-04 (Europe/Paris) : plus aucune règle au-delà de son seuil. L’incident s’était ouvert le jour 2026-12-02');
    expect(en.text).not.toContain('What customers say');
    expect(aboveSignature(fr).text).not.toMatch(/billing-2026-12-02|@journey|negative-share/);
  });
});

describe('incidentRendererOf', () => {
  it('renders each pending kind with its own renderer, for the recipient it is given', () => {
    // Prepare
    const render = incidentRendererOf(incidentSettings());
    const incident = billingIncident({ sent: [{ recipient: 'cco@example.com', kind: 'incident', severity: 'major', at: '2026-12-02T09:14:00.000Z' }] });
    // Act
    const emails = (['incident', 'incident-update', 'recovery'] as const).map((kind) => render(kind, incident, owner, billingTrend()));
    // Assess
    expect(emails.map((e) => e.headers?.['X-Customer-Voice-Kind'])).toEqual(['incident', 'incident-update', 'recovery']);
    expect(emails.map((e) => e.to)).toEqual([[owner.address], [owner.address], [owner.address]]);
    expect(emails[1]!.subject).toBe('Billing, now critical: negative share 64% (threshold 35%), 4 rules — customer-voice');
    expect(emails[1]!.text).toContain('- Severity: major → critical.');
  });
});
