/** The page's language: the one chosen before (persisted), else the browser's first French or English preference, else English. */
export const LANGS = ['en', 'fr'] as const;
export type Lang = (typeof LANGS)[number];

export const LANG_STORAGE_KEY = 'cv.lang';

const isLang = (value: unknown): value is Lang => typeof value === 'string' && (LANGS as readonly string[]).includes(value);

export function initialLang(stored: string | null, preferred: readonly string[]): Lang {
  if (isLang(stored)) return stored;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

/** The locale Intl formats with: the browser's own tag when it is of the chosen language (fr-CA stays fr-CA), else a default. */
export function localeFor(lang: Lang, preferred: readonly string[]): string {
  return preferred.find((tag) => tag.toLowerCase().split('-')[0] === lang) ?? (lang === 'fr' ? 'fr-FR' : 'en-GB');
}
