/**
 * Word classes in the vocabulary file: `$drug = aspirin | metoprolol` defines one, and a phrase that names classes
 * ("start $drug $number $unit") stands for phrases with members filled in. The language model is trained on those
 * phrases, so what it learns about one member ("start aspirin") holds for the others.
 *
 * Filling is deterministic (the same file always gives the same model, so the model's cache can key on the file)
 * and round-robin rather than every combination: a template with three classes of 50 would otherwise be 125,000
 * phrases, while each member appearing in each of its templates is what the model needs.
 */

const ONES = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** 1-999 as spoken: "seventy two", "one hundred and twenty". */
export function spokenNumber(n: number): string {
  if (n < 20) return ONES[n]!;
  if (n < 100) return `${TENS[Math.floor(n / 10)]}${n % 10 ? ` ${ONES[n % 10]}` : ''}`;
  const rest = n % 100;
  return `${ONES[Math.floor(n / 100)]} hundred${rest ? ` and ${spokenNumber(rest)}` : ''}`;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Classes every vocabulary file has. */
export const BUILT_IN_CLASSES: ReadonlyMap<string, string[][]> = new Map([
  ['small', range(1, 10).map((n) => [spokenNumber(n)])],
  [
    'number',
    [
      ...range(1, 200).map((n) => spokenNumber(n).split(' ')),
      // "one twenty", "one oh five": how vitals are often said.
      ...range(101, 199).filter((n) => n % 5 === 0).map((n) => ['one', ...(n % 100 < 10 ? ['oh', spokenNumber(n % 100)] : spokenNumber(n % 100).split(' '))]),
      ...[250, 300, 400, 500, 600, 750, 1000].map((n) => (n === 1000 ? ['one', 'thousand'] : spokenNumber(n).split(' '))),
    ],
  ],
  [
    'decimal',
    range(0, 40).flatMap((whole) =>
      [1, 2, 4, 5, 8].map((tenth) => [...(whole === 0 ? [] : spokenNumber(whole).split(' ')), 'point', ONES[tenth]!]),
    ),
  ],
]);

/**
 * At most this many phrases per template line. A plain sentence counts once in the model, so a template filled 60
 * times outweighed it 60 to 1 and the model learnt template frames rather than how sentences run (development set,
 * 32,000-phrase corpus: 60 fills 5.4 % clinical / 8.0 % general, 30 fills 4.4 / 7.5, 20 fills 4.4 / 7.4, 10 fills
 * 4.3 / 7.9). Every class member still appears: the slots walk their classes from different offsets in each template.
 */
export const MAX_PHRASES_PER_TEMPLATE = 20;

/** Fills the `$class` slots of `template`; returns the phrases, each a list of words. */
export function expandTemplate(template: string[], classes: ReadonlyMap<string, string[][]>, seed: number): string[][] {
  const slots = template.filter((w) => w.startsWith('$'));
  if (slots.length === 0) return [template];
  const sizes = slots.map((slot) => classOf(slot, classes).length);
  const count = Math.min(MAX_PHRASES_PER_TEMPLATE, Math.max(...sizes));
  const phrases: string[][] = [];
  for (let i = 0; i < count; i++) {
    let slot = 0;
    const words = template.flatMap((w) => {
      if (!w.startsWith('$')) return [w];
      const members = classOf(w, classes);
      // Every slot walks its whole class (so each member is used once the count reaches the class's size), each from
      // its own offset, so members meet different neighbours in different templates.
      const member = members[(seed * (slot + 1) + i + slot * 7) % members.length]!;
      slot += 1;
      if (!member.some((m) => m.startsWith('$'))) return member;
      // A member may itself name classes ("blood pressure is $number over $number").
      const filled = expandTemplate(member, classes, seed + i);
      return filled[i % filled.length]!;
    });
    phrases.push(words);
  }
  return phrases;
}

function classOf(slot: string, classes: ReadonlyMap<string, string[][]>): string[][] {
  const members = classes.get(slot.slice(1)) ?? BUILT_IN_CLASSES.get(slot.slice(1));
  if (!members) throw new Error(`unknown class ${slot}`);
  return members;
}
