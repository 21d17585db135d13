/** Counts and times in the words of a language, through `Intl` (no plural rules of our own). */

/** `one` or `other` by the language's plural rules (Spanish and English have only these two for whole numbers). */
export const plural = (lang: string, n: number, one: string, other: string): string =>
  new Intl.PluralRules(lang).select(n) === 'one' ? one : other;

type DurationFormat = { format(duration: { minutes?: number; seconds?: number }): string };
type DurationFormatConstructor = new (lang: string, options: { style: 'long' }) => DurationFormat;

/** "0.5 seconds", "4 minutes, 5 seconds", "4 minutos y 5 segundos": a time in full words, fractions below a minute. */
export function duration(lang: string, totalSeconds: number): string {
  const unit = (value: number, name: 'minute' | 'second') =>
    new Intl.NumberFormat(lang, { style: 'unit', unit: name, unitDisplay: 'long', maximumFractionDigits: 1 }).format(value);
  if (totalSeconds < 60) return unit(Math.max(0, totalSeconds), 'second');
  const seconds = Math.round(totalSeconds);
  const [m, s] = [Math.floor(seconds / 60), seconds % 60];
  const Format = (Intl as unknown as { DurationFormat?: DurationFormatConstructor }).DurationFormat;
  if (Format) return new Format(lang, { style: 'long' }).format(s ? { minutes: m, seconds: s } : { minutes: m });
  // Browsers before Intl.DurationFormat (Safari < 16.4, Firefox < 136): each unit in the language's words.
  return s ? `${unit(m, 'minute')} ${unit(s, 'second')}` : unit(m, 'minute');
}
