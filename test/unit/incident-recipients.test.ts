import { describe, expect, it } from 'vitest';
import { incidentRecipients } from '../../shared/domain/alerts/recipients';
import { parseDepartmentsConfig } from '../../shared/domain/departments/schema';

const config = parseDepartmentsConfig(
  JSON.stringify({
    departments: [
      { id: 'billing', names: { en: 'Billing', fr: 'Facturation' }, owners: ['billing@example.com', { email: 'Billing-UK@example.com', lang: 'en' }] },
      { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' }, owners: [{ email: 'delivery@example.com', lang: 'fr' }, 'CCO@example.com', 'billing@example.com'] },
      { id: 'support', names: { en: 'Support', fr: 'Support' } },
    ],
  }),
);

describe('incidentRecipients', () => {
  it('sends a department incident to the officer and that department owners, each in their language', () => {
    // Act
    const out = incidentRecipients({ department: 'billing' }, config, 'cco@example.com', 'fr');
    // Assess
    expect(out).toEqual([
      { address: 'cco@example.com', lang: 'fr', role: 'officer' },
      { address: 'billing@example.com', lang: 'fr', role: 'owner' },
      { address: 'Billing-UK@example.com', lang: 'en', role: 'owner' },
    ]);
  });

  it('sends a pair incident to both departments owners, each address once, the officer role first', () => {
    // Act
    const out = incidentRecipients({ pair: ['billing', 'delivery'] }, config, ['cco@example.com', 'deputy@example.com'], 'en');
    // Assess: CCO@ is the officer already; billing@ owns both departments.
    expect(out).toEqual([
      { address: 'cco@example.com', lang: 'en', role: 'officer' },
      { address: 'deputy@example.com', lang: 'en', role: 'officer' },
      { address: 'billing@example.com', lang: 'en', role: 'owner' },
      { address: 'Billing-UK@example.com', lang: 'en', role: 'owner' },
      { address: 'delivery@example.com', lang: 'fr', role: 'owner' },
    ]);
  });

  it('sends to the officer alone when the department has no owner or is not configured', () => {
    expect(incidentRecipients({ department: 'support' }, config, 'cco@example.com', 'en')).toEqual([{ address: 'cco@example.com', lang: 'en', role: 'officer' }]);
    expect(incidentRecipients({ department: 'gone' }, config, 'cco@example.com', 'en')).toEqual([{ address: 'cco@example.com', lang: 'en', role: 'officer' }]);
  });
});
