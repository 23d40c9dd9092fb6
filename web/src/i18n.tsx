// Korean (default) and English texts: a typed dictionary, `{name}` placeholders, and the
// language on <html lang> so screen readers pronounce each page correctly.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, ko, type Key } from './messages';
import type { Lang } from './format';

export type Vars = Record<string, string | number>;

export interface T {
  (key: Key, vars?: Vars): string;
  /** A key built at run time (error codes, states); null if there is no such text. */
  maybe(key: string, vars?: Vars): string | null;
}

interface I18n {
  readonly lang: Lang;
  readonly setLang: (l: Lang) => void;
  readonly t: T;
}

const dictionaries: Record<Lang, Record<Key, string>> = { ko, en };

function fill(s: string, vars?: Vars): string {
  if (vars === undefined) return s;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (vars[k] === undefined ? m : String(vars[k])));
}

export function makeT(lang: Lang): T {
  const d = dictionaries[lang];
  const t = ((key: Key, vars?: Vars) => fill(d[key] ?? key, vars)) as T;
  t.maybe = (key: string, vars?: Vars) => {
    const s = (d as Record<string, string>)[key];
    return s === undefined ? null : fill(s, vars);
  };
  return t;
}

function initialLang(): Lang {
  const q = new URLSearchParams(window.location.search).get('lang');
  if (q === 'en' || q === 'ko') return q;
  try {
    const s = window.localStorage.getItem('bl.lang');
    if (s === 'en' || s === 'ko') return s;
  } catch {
    // storage blocked
  }
  return 'ko';
}

const Ctx = createContext<I18n>({ lang: 'ko', setLang: () => undefined, t: makeT('ko') });

export function I18nProvider(props: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang: (l: Lang) => {
        try {
          window.localStorage.setItem('bl.lang', l);
        } catch {
          // ignore
        }
        setLangState(l);
      },
      t: makeT(lang),
    }),
    [lang],
  );
  return <Ctx.Provider value={value}>{props.children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  return useContext(Ctx);
}
