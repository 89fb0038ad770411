/**
 * Keywords to add to departments, in the configuration's own format: what `suggest-keywords`
 * proposes and the user applies. Pure: applied to a parsed configuration, or to the JSON a user
 * keeps in a file (their file stays theirs: only the keyword lists grow).
 */
import type { DepartmentsConfig } from './schema';

export interface KeywordsPatch {
  departments: { id: string; keywords: { fr: string[]; en: string[] } }[];
}

const added = (current: readonly string[], more: readonly string[]) => [...current, ...more.filter((k) => !current.includes(k))];

/** The configuration with the patch's keywords added (each once). */
export function applyKeywordsPatch(config: DepartmentsConfig, patch: KeywordsPatch): DepartmentsConfig {
  const byId = new Map(patch.departments.map((d) => [d.id, d.keywords]));
  return {
    ...config,
    departments: config.departments.map((d) => {
      const more = byId.get(d.id);
      return more ? { ...d, keywords: { fr: added(d.keywords.fr, more.fr), en: added(d.keywords.en, more.en) } } : d;
    }),
  };
}

type JsonDepartment = { id?: unknown; keywords?: { fr?: unknown; en?: unknown } };

/**
 * A configuration file's JSON with the patch's keywords added to the departments it names; every
 * other field is left as written. Departments the file does not have are reported, not invented.
 */
export function patchConfigJson(json: unknown, patch: KeywordsPatch): { json: unknown; missing: string[] } {
  const copy = structuredClone(json) as { departments?: JsonDepartment[] };
  const departments = Array.isArray(copy?.departments) ? copy.departments : [];
  const missing: string[] = [];
  for (const p of patch.departments) {
    const d = departments.find((x) => x.id === p.id);
    if (!d) {
      missing.push(p.id);
      continue;
    }
    const keywords = (d.keywords ??= {});
    for (const lang of ['fr', 'en'] as const) {
      if (p.keywords[lang].length === 0) continue;
      const current = Array.isArray(keywords[lang]) ? (keywords[lang] as string[]) : [];
      keywords[lang] = added(current, p.keywords[lang]);
    }
  }
  return { json: copy, missing };
}
