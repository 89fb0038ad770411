/** The languages the lexicons cover; any other language reads as 'none' (emoji and emoticons only). */
export type LexiconLanguage = 'en' | 'fr' | 'none';

export function lexiconLanguage(lang: string): LexiconLanguage {
  const primary = lang.toLowerCase().split(/[-_]/)[0];
  if (primary === 'en' || primary === 'fr') return primary;
  return 'none';
}
