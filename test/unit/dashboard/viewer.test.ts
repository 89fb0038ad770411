import { describe, expect, it } from 'vitest';
import { assertCanSee, canSeeIncident, groupsOf, SignInRequiredError, viewerOf, visibleDepartments } from '../../../shared/domain/dashboard/viewer';
import { parseDepartmentsConfig } from '../../../shared/domain/departments/schema';
import { ForbiddenError } from '../../../shared/domain/failures';

const CONFIG = parseDepartmentsConfig(
  JSON.stringify({
    departments: [
      { id: 'billing', names: { en: 'Billing', fr: 'Facturation' }, owners: ['Billing.Lead@Example.com', 'shared@example.com'] },
      { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' }, owners: [{ email: 'delivery@example.com', lang: 'en' }, 'shared@example.com'] },
      { id: 'it', names: { en: 'IT', fr: 'Informatique' } },
    ],
  }),
);

const owner = (email: string, extra: Record<string, string> = {}) => ({ sub: 'u-1', email, email_verified: 'true', token_use: 'id', ...extra });

describe('viewerOf', () => {
  it('makes a member of the officer group the officer, flattened or as an array', () => {
    expect(viewerOf({ sub: 'u-0', email: 'cco@example.com', 'cognito:groups': '[officer]' }, CONFIG)).toEqual({ role: 'officer', email: 'cco@example.com', subject: 'u-0' });
    expect(viewerOf({ sub: 'u-0', email: 'cco@example.com', 'cognito:groups': '[readers officer]' }, CONFIG).role).toBe('officer');
    expect(viewerOf({ sub: 'u-0', email: 'cco@example.com', 'cognito:groups': ['officer'] }, CONFIG).role).toBe('officer');
  });

  it('gives an owner the departments listing their verified email, whatever its case', () => {
    expect(viewerOf(owner('billing.lead@example.com'), CONFIG)).toEqual({ role: 'owner', email: 'billing.lead@example.com', subject: 'u-1', departments: ['billing'] });
    expect(viewerOf(owner(' SHARED@example.com '), CONFIG)).toMatchObject({ role: 'owner', departments: ['billing', 'delivery'] });
    expect(viewerOf({ ...owner('delivery@example.com'), email_verified: true }, CONFIG)).toMatchObject({ departments: ['delivery'] });
  });

  it('asks for a sign-in when there are no claims or no subject', () => {
    expect(() => viewerOf(undefined, CONFIG)).toThrow(SignInRequiredError);
    expect(() => viewerOf({}, CONFIG)).toThrow(SignInRequiredError);
    expect(() => viewerOf({ email: 'billing.lead@example.com', email_verified: 'true' }, CONFIG)).toThrow(SignInRequiredError);
    try {
      viewerOf(undefined, CONFIG);
    } catch (error) {
      expect((error as SignInRequiredError).code).toBe('sign_in_required');
      expect((error as SignInRequiredError).kind).toBe('unauthenticated');
    }
  });

  it('refuses hostile or incomplete claims', () => {
    // Unverified, missing, or a "verified" that is not exactly true.
    expect(() => viewerOf(owner('billing.lead@example.com', { email_verified: 'false' }), CONFIG)).toThrow(/not verified/);
    expect(() => viewerOf(owner('billing.lead@example.com', { email_verified: 'yes' }), CONFIG)).toThrow(ForbiddenError);
    expect(() => viewerOf({ sub: 'u-1', email: 'billing.lead@example.com' }, CONFIG)).toThrow(ForbiddenError);
    // Groups that only look like the officer's.
    for (const groups of ['[officers]', '[notofficer]', 'officer-ish', '[Officer]', '']) {
      expect(() => viewerOf({ sub: 'u-9', email: 'nobody@example.com', email_verified: 'true', 'cognito:groups': groups }, CONFIG)).toThrow(ForbiddenError);
    }
    // An email that contains an owner's, or an address list, is not that owner.
    expect(() => viewerOf(owner('x-billing.lead@example.com'), CONFIG)).toThrow(/owns no department/);
    expect(() => viewerOf(owner('billing.lead@example.com,delivery@example.com'), CONFIG)).toThrow(ForbiddenError);
    // A non-string email, or an absurdly long one.
    expect(() => viewerOf({ sub: 'u-1', email: ['billing.lead@example.com'], email_verified: 'true' }, CONFIG)).toThrow(/no email/);
    expect(() => viewerOf(owner(`${'a'.repeat(300)}@example.com`), CONFIG)).toThrow(ForbiddenError);
  });
});

describe('groupsOf', () => {
  it('reads the flattened, array and bare forms', () => {
    expect(groupsOf('[officer other]')).toEqual(['officer', 'other']);
    expect(groupsOf(['a', 'b'])).toEqual(['a', 'b']);
    expect(groupsOf('officer')).toEqual(['officer']);
    expect(groupsOf(undefined)).toEqual([]);
    expect(groupsOf(42)).toEqual([]);
  });
});

describe('visibleDepartments and assertCanSee', () => {
  const officer = viewerOf({ sub: 'o', email: 'cco@example.com', 'cognito:groups': '[officer]' }, CONFIG);
  const billing = viewerOf(owner('billing.lead@example.com'), CONFIG);

  it('shows the officer everything, unassigned included, and an owner their own', () => {
    expect(visibleDepartments(officer, CONFIG)).toEqual(['billing', 'delivery', 'it', 'unassigned']);
    expect(visibleDepartments(billing, CONFIG)).toEqual(['billing']);
  });

  it('refuses another department, and accepts a pair when either department is the owner\'s', () => {
    expect(() => assertCanSee(billing, 'billing')).not.toThrow();
    expect(() => assertCanSee(billing, 'delivery')).toThrow(ForbiddenError);
    expect(() => assertCanSee(billing, 'unassigned')).toThrow(ForbiddenError);
    expect(() => assertCanSee(billing, ['billing', 'delivery'])).not.toThrow();
    expect(() => assertCanSee(billing, ['delivery', 'it'])).toThrow(/delivery \+ it/);
    expect(() => assertCanSee(officer, ['delivery', 'it'])).not.toThrow();
  });

  it('shows an incident by its scope; a journey incident to the officer only', () => {
    expect(canSeeIncident(billing, { department: 'billing' })).toBe(true);
    expect(canSeeIncident(billing, { department: 'delivery' })).toBe(false);
    expect(canSeeIncident(billing, { pair: ['billing', 'it'] })).toBe(true);
    expect(canSeeIncident(billing, { journey: 'order' })).toBe(false);
    expect(canSeeIncident(officer, { journey: 'order' })).toBe(true);
  });
});
