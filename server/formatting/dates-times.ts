import type { DateStyle, TimeStyle } from '../../protocol/index.js';
import { done, integerAt, rewrite, secondHalfAt, wordAt, type Match } from './rule.js';
import type { Token } from './tokens.js';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const monthName = (m: number) => MONTHS[m]!.charAt(0).toUpperCase() + MONTHS[m]!.slice(1);
const two = (n: number) => String(n).padStart(2, '0');

/** A day of the month: "third", "twenty first", or a cardinal 1-31 ("March three"). */
function dayAt(tokens: readonly Token[], at: number): { day: number; end: number; ordinal: boolean } | null {
  const t = tokens[at];
  if (t?.kind === 'ordinal' && t.value >= 1 && t.value <= 31) return { day: t.value, end: at + 1, ordinal: true };
  const n = integerAt(tokens, at);
  if (n && n.form !== 'other' && n.value >= 1 && n.value <= 31) return { day: n.value, end: at + 1, ordinal: false };
  return null;
}

/** A year, already read as one number (the pairs rule made "twenty twenty six" 2026). */
function yearAt(tokens: readonly Token[], at: number): { year: number; end: number } | null {
  const n = integerAt(tokens, at);
  return n && n.value >= 1000 && n.value <= 2999 ? { year: n.value, end: at + 1 } : null;
}

export function writeDate(month: number, day: number | null, year: number | null, style: DateStyle): string {
  const name = monthName(month);
  if (day === null) return year === null ? name : `${name} ${year}`;
  if (year !== null) {
    if (style === 'iso') return `${year}-${two(month + 1)}-${two(day)}`;
    if (style === 'mdy-numeric') return `${two(month + 1)}/${two(day)}/${year}`;
    if (style === 'dmy-numeric') return `${two(day)}/${two(month + 1)}/${year}`;
  }
  return style === 'dmy' || style === 'dmy-numeric' ? `${day} ${name}${year === null ? '' : ` ${year}`}` : `${name} ${day}${year === null ? '' : `, ${year}`}`;
}

function date(tokens: readonly Token[], at: number, style: DateStyle): Match {
  // "March third twenty twenty six", "March the third", "March 2026".
  const month = MONTHS.indexOf(wordAt(tokens, at) ?? '');
  if (month >= 0) {
    const dayFrom = wordAt(tokens, at + 1) === 'the' ? at + 2 : at + 1;
    const day = dayAt(tokens, dayFrom);
    const year = yearAt(tokens, day ? day.end : at + 1);
    // "may" is mostly the verb: a date only as "may third" or with a year.
    if (month === 4 && !day?.ordinal && !year) return null;
    if (!day && !year) return null;
    return { replace: [done(writeDate(month, day?.day ?? null, year?.year ?? null, style))], end: year ? year.end : day!.end };
  }
  // "the third of March (twenty twenty six)".
  const from = wordAt(tokens, at) === 'the' ? at + 1 : at;
  const day = tokens[from]?.kind === 'ordinal' ? dayAt(tokens, from) : null;
  const ofMonth = day && wordAt(tokens, day.end) === 'of' ? MONTHS.indexOf(wordAt(tokens, day.end + 1) ?? '') : -1;
  if (!day || ofMonth < 0) return null;
  const year = yearAt(tokens, day.end + 2);
  return { replace: [done(writeDate(ofMonth, day.day, year?.year ?? null, style))], end: year ? year.end : day.end + 2 };
}

/** "a.m.", "a m", "am": [AM or PM, end]. */
function meridiemAt(tokens: readonly Token[], at: number): ['AM' | 'PM', number] | null {
  const w = wordAt(tokens, at);
  if (w === 'a.m.' || w === 'am') return ['AM', at + 1];
  if (w === 'p.m.' || w === 'pm') return ['PM', at + 1];
  if ((w === 'a' || w === 'p') && (wordAt(tokens, at + 1) === 'm' || wordAt(tokens, at + 1) === 'm.')) return [w === 'a' ? 'AM' : 'PM', at + 2];
  return null;
}

/** Minutes after an hour: "thirty", "forty five", "oh five". */
function minutesAt(tokens: readonly Token[], at: number): { minutes: number; end: number } | null {
  const half = secondHalfAt(tokens, at);
  return half && half.value <= 59 ? { minutes: half.value, end: half.end } : null;
}

export function writeTime(hour: number, minutes: number, meridiem: 'AM' | 'PM' | null, style: TimeStyle): string {
  if (style === '24h' || meridiem === null) {
    const h24 = meridiem === 'PM' && hour < 12 ? hour + 12 : meridiem === 'AM' && hour === 12 ? 0 : hour;
    return `${two(h24)}:${two(minutes)}`;
  }
  return `${hour}:${two(minutes)} ${meridiem}`;
}

function time(tokens: readonly Token[], at: number, style: TimeStyle): Match {
  const hour = integerAt(tokens, at);
  if (!hour) return null;
  // Military: "fourteen hundred hours", "zero eight hundred hours", "fourteen thirty hours".
  const zero = hour.value === 0 && hour.form === 'digit' ? integerAt(tokens, at + 1) : null;
  const hundreds = zero ?? hour;
  const hundredsEnd = zero ? at + 2 : at + 1;
  if (hundreds.form === 'other' && hundreds.value % 100 === 0 && hundreds.value <= 2300 && wordAt(tokens, hundredsEnd) === 'hours') {
    return { replace: [done(writeTime(hundreds.value / 100, 0, null, '24h'))], end: hundredsEnd + 1 };
  }
  if (hour.form === 'digit' && hour.value === 0) return null;
  if (hour.form === 'other') return null;
  const minutes = minutesAt(tokens, at + 1);
  const afterMinutes = minutes ? minutes.end : at + 1;
  if (hour.value >= 13 && hour.value <= 23 && minutes && wordAt(tokens, afterMinutes) === 'hours') {
    return { replace: [done(writeTime(hour.value, minutes.minutes, null, '24h'))], end: afterMinutes + 1 };
  }
  if (hour.value > 12) return null;
  if (!minutes && wordAt(tokens, at + 1) === "o'clock") {
    return { replace: [done(writeTime(hour.value, 0, null, style === '24h' ? '24h' : '12h').replace(/^0/, ''))], end: at + 2 };
  }
  const meridiem = meridiemAt(tokens, afterMinutes);
  if (meridiem) return { replace: [done(writeTime(hour.value, minutes?.minutes ?? 0, meridiem[0], style))], end: meridiem[1] };
  // "at ten thirty": a time without a.m. or p.m. (written as said, not guessed morning or evening).
  if (minutes && wordAt(tokens, at - 1) === 'at') return { replace: [done(`${hour.value}:${two(minutes.minutes)}`)], end: minutes.end };
  return null;
}

export function times(tokens: readonly Token[], style: TimeStyle): Token[] {
  return rewrite(tokens, (t, at) => time(t, at, style));
}

export function dates(tokens: readonly Token[], style: DateStyle): Token[] {
  return rewrite(tokens, (t, at) => date(t, at, style));
}
