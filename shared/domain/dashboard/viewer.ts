/**
 * Who may see what on the dashboard. The viewer comes from the sign-in token's claims as API
 * Gateway's JWT authorizer hands them over (locally, the stack's own check fills the same field):
 * members of the `officer` group see every department; anyone else sees the departments whose
 * `owners` list their email, and only once Cognito has verified that email (an unverified address
 * could be anyone's). Scoping is decided here, once, and every dashboard use case asks it.
 *
 * Pairs: an interface pair is visible to the owner of EITHER of its departments. The pair is the
 * seam between two departments; each owner needs to see what their customers say about it, and
 * its items are attributed to both departments, so each owner already sees them in their own
 * department's verbatims.
 */
import { type DepartmentsConfig, UNASSIGNED } from '../departments/schema';
import type { IncidentScope } from '../alerts/incident';
import { Failure, ForbiddenError } from '../failures';
import { OFFICER_GROUP, type JwtClaims, type Viewer } from './contract';

/** No sign-in claims reached the function: the caller must sign in (401). */
export class SignInRequiredError extends Failure {
  override readonly name: string = 'SignInRequiredError';
  readonly kind = 'unauthenticated';
  constructor(message = 'Sign in to use the dashboard: the page signs you in; other callers send the ID token as "Authorization: Bearer <token>".') {
    super('sign_in_required', message);
  }
}

/** Emails compare without case or surrounding blanks (Cognito keeps what was typed at sign-up). */
const normalisedEmail = (email: string) => email.trim().toLowerCase();
const MAX_EMAIL_CHARS = 254;

/**
 * The groups claim: Cognito's array, or API Gateway's flattened string (`[officer]`,
 * `[officer other]`); a bare string is one group. Exact names only: `officers` is not `officer`.
 */
export function groupsOf(claim: JwtClaims[string]): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string').map((g) => g.trim());
  if (typeof claim !== 'string') return [];
  const inner = /^\[(.*)\]$/s.exec(claim.trim())?.[1] ?? claim;
  return inner
    .split(/[\s,]+/)
    .map((g) => g.trim())
    .filter(Boolean);
}

const isVerified = (claim: JwtClaims[string]) => claim === true || claim === 'true';

/** The signed-in user of these claims, or a failure saying why they may see nothing. */
export function viewerOf(claims: JwtClaims | undefined, config: DepartmentsConfig): Viewer {
  if (!claims || Object.keys(claims).length === 0) throw new SignInRequiredError();
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  if (!subject) throw new SignInRequiredError('The sign-in token names no user (no "sub" claim); sign in again.');
  const email = typeof claims.email === 'string' && claims.email.length <= MAX_EMAIL_CHARS ? normalisedEmail(claims.email) : '';
  if (groupsOf(claims['cognito:groups']).includes(OFFICER_GROUP)) return { role: 'officer', email: email || subject, subject };
  if (!email) throw new ForbiddenError('Your sign-in carries no email address, so no department can be matched to you; ask the officer to invite you with your email.');
  if (!isVerified(claims.email_verified)) {
    throw new ForbiddenError(`The email ${email} is not verified yet; finish the sign-up (verification code) and sign in again.`);
  }
  const departments = config.departments.filter((d) => d.owners.some((o) => normalisedEmail(o.email) === email)).map((d) => d.id);
  if (departments.length === 0) {
    throw new ForbiddenError(`${email} owns no department: ask the officer to add this address to a department's "owners" in the configuration.`);
  }
  return { role: 'owner', email, subject, departments };
}

/** The departments a viewer may see: every configured one and `unassigned` for the officer; an owner's own. */
export function visibleDepartments(viewer: Viewer, config: DepartmentsConfig): string[] {
  if (viewer.role === 'officer') return [...config.departments.map((d) => d.id), UNASSIGNED];
  return config.departments.filter((d) => viewer.departments.includes(d.id)).map((d) => d.id);
}

/** True when the viewer may see the department, or the pair (either of its departments; see the top of this file). */
export function canSee(viewer: Viewer, target: string | readonly [string, string]): boolean {
  if (viewer.role === 'officer') return true;
  const ids = typeof target === 'string' ? [target] : target;
  return ids.some((id) => viewer.departments.includes(id));
}

/** Refuses (403) a department or pair the viewer may not see. */
export function assertCanSee(viewer: Viewer, target: string | readonly [string, string]): void {
  if (canSee(viewer, target)) return;
  const what = typeof target === 'string' ? `department "${target}"` : `the interface ${target[0]} + ${target[1]}`;
  throw new ForbiddenError(`${viewer.email} may not see ${what}; you see ${viewer.role === 'owner' ? viewer.departments.join(', ') : 'everything'}.`);
}

/**
 * Incidents follow their scope: a department's to its owners, a pair's to the owners of either
 * department, a journey no department owns to the officer alone.
 */
export function canSeeIncident(viewer: Viewer, scope: IncidentScope): boolean {
  if (viewer.role === 'officer') return true;
  if ('department' in scope) return canSee(viewer, scope.department);
  if ('pair' in scope) return canSee(viewer, scope.pair);
  return false;
}
