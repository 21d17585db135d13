/**
 * The language an on-demand module (editing, devices) writes its sentences in, for the bar's language: Spanish for
 * `es` and its regions, English otherwise. Those modules carry their own sentences, in these two languages only.
 */
export function moduleLanguage(lang: string): 'en' | 'es' {
  return lang.toLowerCase().startsWith('es') ? 'es' : 'en';
}
