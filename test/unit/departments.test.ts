import { describe, expect, it } from 'vitest';
import { attributeDepartments, DEFAULT_DEPARTMENTS, parseDepartmentsConfig, UNASSIGNED } from '../../shared/domain/departments';

describe('attributeDepartments', () => {
  it('matches French keywords regardless of accents and case', () => {
    const labels = attributeDepartments({ text: 'Toujours pas REMBOURSE après le retour du colis' }, DEFAULT_DEPARTMENTS);
    expect(labels.map((l) => l.id).sort()).toEqual(['after-sales', 'delivery']);
    expect(labels.find((l) => l.id === 'after-sales')!.reason).toMatch(/^keywords:.*rembours/);
  });

  it('matches whole words only: "appliance" is not the "app"', () => {
    const labels = attributeDepartments({ text: 'The appliance is fine' }, DEFAULT_DEPARTMENTS);
    expect(labels).toEqual([{ id: UNASSIGNED, reason: 'no-match' }]);
  });

  it('lets an explicit department from the source win', () => {
    expect(attributeDepartments({ text: 'invoice wrong', department: 'delivery' }, DEFAULT_DEPARTMENTS)).toEqual([
      { id: 'delivery', reason: 'hint:source' },
    ]);
  });

  it('counts an unknown hinted department under unassigned, saying which', () => {
    expect(attributeDepartments({ text: 'x', department: 'legal' }, DEFAULT_DEPARTMENTS)).toEqual([
      { id: UNASSIGNED, reason: 'hint:unknown-department:legal' },
    ]);
  });

  it('matches multi-word phrases across punctuation', () => {
    const labels = attributeDepartments({ text: "J'ai oublié mon mot-de-passe" }, DEFAULT_DEPARTMENTS);
    expect(labels.map((l) => l.id)).toContain('digital');
  });
});

describe('parseDepartmentsConfig', () => {
  it('rejects duplicate ids', () => {
    const dept = { id: 'a', names: { en: 'A', fr: 'A' } };
    expect(() => parseDepartmentsConfig(JSON.stringify({ departments: [dept, dept] }))).toThrow(/unique/);
  });
  it('defaults when no config is given', () => {
    expect(parseDepartmentsConfig(undefined)).toBe(DEFAULT_DEPARTMENTS);
  });
});
