/**
 * Who receives an incident's emails, each in their language: the officer (every incident, in the
 * deployment's mail language) and the owners of the incident's departments (both departments of a
 * pair), each in the `lang` of their owner entry or else the mail language. One email per
 * recipient, so an address listed twice (officer and owner, owner of both departments of a pair)
 * receives one: the first role wins, the officer first.
 */
import type { DepartmentsConfig } from '../departments/schema';
import { departmentsOf, type IncidentScope, type Recipient } from './incident';
import type { Lang } from './wording';

export function incidentRecipients(scope: IncidentScope, config: DepartmentsConfig, officer: string | readonly string[], officerLang: Lang): Recipient[] {
  const out: Recipient[] = [];
  const seen = new Set<string>();
  const add = (address: string, lang: Lang, role: Recipient['role']) => {
    const key = address.trim().toLowerCase();
    if (!key || seen.has(key)) return;
    seen.add(key);
    out.push({ address: address.trim(), lang, role });
  };
  for (const address of typeof officer === 'string' ? [officer] : officer) add(address, officerLang, 'officer');
  for (const id of departmentsOf(scope)) {
    for (const owner of config.departments.find((d) => d.id === id)?.owners ?? []) add(owner.email, owner.lang ?? officerLang, 'owner');
  }
  return out;
}

/**
 * The owners of some departments grouped by the language they read (`lang` of their owner entry,
 * else `fallback`), each address once (case-insensitive), in configuration order: one email per
 * language for mailings the owners share (interface briefs, notes of recognition).
 */
export function ownersByLanguage(departmentIds: readonly string[], config: DepartmentsConfig, fallback: Lang): Map<Lang, string[]> {
  const out = new Map<Lang, string[]>();
  const seen = new Set<string>();
  for (const id of departmentIds) {
    for (const owner of config.departments.find((d) => d.id === id)?.owners ?? []) {
      const key = owner.email.trim().toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const lang = owner.lang ?? fallback;
      out.set(lang, [...(out.get(lang) ?? []), owner.email.trim()]);
    }
  }
  return out;
}
