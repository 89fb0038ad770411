import { describe, expect, it } from 'vitest';
import { renderDigestEmail } from '../../shared/app/digest-email';
import { digestIncidentLine, digestIncidentLines } from '../../shared/app/digest-incident-lines';
import { parseDepartmentsConfig } from '../../shared/domain/departments/schema';
import { buildDigest } from '../../shared/domain/digest';
import { incidentRule, storedIncident } from '../support/stored-incidents';

const HOSTILE_NOTE = 'Done <script>alert(1)</script>\r\nBcc: evil@attacker.example\u202Egnp.exe';

const departments = parseDepartmentsConfig(
  JSON.stringify({
    departments: [
      { id: 'billing', names: { en: 'Billing <b>', fr: 'Facturation <b>' }, owners: ['billing-owner@example.com'] },
      { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' } },
    ],
  }),
);

const week = (incidents: Parameters<typeof buildDigest>[0]['incidents']) => buildDigest({ weekStart: '2026-11-30T23:00:00.000Z', zone: 'Europe/Paris', departments: [], incidents });

describe('digestIncidentLine', () => {
  it('says state, severity, department by name, the local day, the broken rules and what people did', () => {
    const digest = week([
      storedIncident({
        rules: [incidentRule(), incidentRule({ rule: 'nps-below', kind: 'nps-below', excess: 0.1, message: { en: 'NPS -40 (threshold 0, 25 answers)', fr: 'NPS -40 (seuil 0, 25 réponses)' } })],
        acknowledged: { by: 'officer-dashboard', at: '2026-12-02T10:00:00.000Z' },
        assignee: { owner: 'billing-lead@example.com', by: 'officer-dashboard', at: '2026-12-02T10:05:00.000Z' },
        deferred: [
          { recipient: 'cco@example.com', kind: 'incident-update', at: '2026-12-02T12:00:00.000Z', summarizedAt: '2026-12-02T17:00:00.000Z', lang: 'en' as const },
          { recipient: 'billing-owner@example.com', kind: 'incident-update', at: '2026-12-02T12:00:00.000Z', summarizedAt: null, lang: 'en' as const },
        ],
      }),
    ]);
    const [incident] = digest.incidents;
    expect(digestIncidentLine(incident!, departments, 'en')).toBe(
      '[open · major] Billing <b>, opened on 2026-12-02: Negative share 62% (threshold 40%, 60 items); NPS -40 (threshold 0, 25 answers) — acknowledged by officer-dashboard on 2026-12-02 — assigned to billing-lead@example.com — 2 emails held back for the 18:00 summary by the daily limit',
    );
    expect(digestIncidentLine(incident!, departments, 'fr')).toBe(
      '[ouvert · majeur] Facturation <b>, ouvert le 2026-12-02 : Part négative 62 % (seuil 40 %, 60 avis) ; NPS -40 (seuil 0, 25 réponses) — pris en charge par officer-dashboard le 2026-12-02 — confié à billing-lead@example.com — 2 e-mails reportés au récapitulatif de 18 h par le plafond quotidien',
    );
  });

  it('names a pair incident by both departments and quotes a resolution note on one line, without ids', () => {
    const digest = week([
      storedIncident({
        scope: { pair: ['billing', 'delivery'] },
        status: 'resolved',
        resolved: { by: 'ops-key', at: '2026-12-03T16:00:00.000Z', note: HOSTILE_NOTE },
      }),
    ]);
    const line = digestIncidentLine(digest.incidents[0]!, departments, 'en');
    expect(line).toMatch(/^\[resolved · major\] Billing <b> × Delivery, opened on 2026-12-02: /);
    expect(line).toContain('resolved by ops-key on 2026-12-03: “Done <script>alert(1)</script> Bcc: evil@attacker.examplegnp.exe”');
    expect(line).not.toContain('billing+delivery');
    expect(line).not.toMatch(/[\r\n\u202E]/);
  });

  it('says when there was no incident', () => {
    expect(digestIncidentLines([], departments, 'fr')).toEqual(['Aucun incident cette semaine.']);
  });
});

describe('renderDigestEmail: the incidents of the week', () => {
  it('lists each incident once in both parts, escaped in the HTML', () => {
    const digest = week([storedIncident({ resolved: { by: 'ops', at: '2026-12-03T16:00:00.000Z', note: HOSTILE_NOTE }, status: 'resolved' }), storedIncident({ id: 'delivery-2026-12-02', scope: { department: 'delivery' } })]);
    const email = renderDigestEmail(digest, { lang: 'en', from: { name: 'customer-voice', address: 'digest@voice.example.com' }, officer: 'cco@example.com', departments, zone: 'Europe/Paris' });
    expect(email.text).toContain('Incidents of the week');
    expect(email.text.match(/\[resolved · major\] Billing <b>/g)).toHaveLength(1);
    expect(email.text.match(/\[open · major\] Delivery/g)).toHaveLength(1);
    expect(email.html).toContain('Done &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('Billing &lt;b&gt;');
  });
});
