import { done, integerAt, phraseAt, phraseTable, rewrite, wordAt } from './rule.js';
import type { Token } from './tokens.js';

/**
 * Letters a clinician spells, written as they write them; the ones on The Joint Commission's do-not-use list and
 * ISMP's error-prone list are written out instead ("q d" is "daily", never "QD"; "sub q" is "subcut", never "SQ").
 */
const LETTERS = phraseTable(`
q d|q day = daily
q o d = every other day
q h s|h s = at bedtime
sub q|s q|s c = subcut
b i d = BID
t i d = TID
q i d = QID
p r n = PRN
p o = PO
n p o = NPO
i v = IV
`);

export function abbreviations(tokens: readonly Token[]): Token[] {
  return rewrite(tokens, (t, at) => {
    // "q four hours", "q four h": every 4 hours.
    if (wordAt(t, at) === 'q') {
      const n = integerAt(t, at + 1);
      const unit = wordAt(t, at + 2);
      if (n && (unit === 'hours' || unit === 'h' || unit === 'hour')) return { replace: [done(`every ${n.digits} hours`)], end: at + 3 };
    }
    const found = phraseAt(t, at, LETTERS.table, LETTERS.longest);
    return found ? { replace: [done(found[0])], end: found[1] } : null;
  });
}
