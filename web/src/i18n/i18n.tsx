/** The language and formats every component reads: `t('key', { n: '3' })` and `fmt.number(…)`. */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useMemo } from 'preact/hooks';
import { createFormat, type Format } from './format';
import { localeFor, type Lang } from './lang';
import { EN, type MessageKey } from './messages-en';
import { FR } from './messages-fr';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface I18n {
  lang: Lang;
  t: Translate;
  fmt: Format;
}

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { en: EN, fr: FR };

/** The message in `lang` with its `{name}` placeholders filled (values are text: Preact escapes them when rendered). */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return DICTIONARIES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider(props: { lang: Lang; zone: string; preferred: readonly string[]; children: ComponentChildren }) {
  const { lang, zone, preferred } = props;
  const value = useMemo<I18n>(() => ({ lang, t: (key, params) => translate(lang, key, params), fmt: createFormat(localeFor(lang, preferred), zone) }), [lang, zone, preferred]);
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
