/**
 * A small trigram language model in ARPA format, built from domain phrases with absolute discounting and
 * back-off. PocketSphinx interpolates it with its general model, so phrases like "reports mild chest pain" become
 * likelier without making anything else impossible.
 */

/** Absolute discount: how much of each seen n-gram's count goes to the back-off (0.8 measured no better). */
export const DISCOUNT = 0.5;
const BOS = '<s>';
const EOS = '</s>';

type Counts = Map<string, number>;

function bump(map: Counts, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

const log10 = (p: number) => Math.log10(Math.max(p, 1e-99)).toFixed(6);

export function buildArpa(phrases: string[][]): string {
  const orders: Counts[] = [new Map(), new Map(), new Map()];
  for (const words of phrases) {
    const tokens = [BOS, ...words, EOS];
    for (let i = 0; i < tokens.length; i++) {
      for (let n = 1; n <= 3 && i - n + 1 >= 0; n++) {
        const gram = tokens.slice(i - n + 1, i + 1);
        // <s> alone is a context, never a prediction
        if (n === 1 && gram[0] === BOS) continue;
        bump(orders[n - 1]!, gram.join(' '));
      }
    }
  }
  const unigrams = orders[0]!;
  unigrams.set(BOS, 0);
  const total = [...unigrams.values()].reduce((a, b) => a + b, 0);

  // P(w) for unigrams: plain relative frequency (the general model covers everything else).
  const prob = new Map<string, number>();
  for (const [w, c] of unigrams) prob.set(w, w === BOS ? 0 : c / total);

  // Discounted higher orders: P(w|h) = (c(h w) - D) / c(h) + alpha(h) P(w|h').
  const context = (gram: string) => gram.slice(0, gram.lastIndexOf(' '));
  const backoff = new Map<string, number>();
  const lower = (gram: string) => gram.slice(gram.indexOf(' ') + 1);
  const fullProb = (gram: string): number => {
    if (prob.has(gram)) return prob.get(gram)!;
    return (backoff.get(context(gram)) ?? 1) * fullProb(lower(gram));
  };
  for (let order = 2; order <= 3; order++) {
    // One pass groups the grams by context, with the context's total count.
    const byContext = new Map<string, { grams: string[]; count: number }>();
    for (const [gram, c] of orders[order - 1]!) {
      const h = context(gram);
      const entry = byContext.get(h) ?? { grams: [], count: 0 };
      entry.grams.push(gram);
      entry.count += c;
      byContext.set(h, entry);
    }
    for (const [h, { grams, count: ch }] of byContext) {
      let seen = 0;
      let seenLower = 0;
      for (const gram of grams) {
        const p = (orders[order - 1]!.get(gram)! - DISCOUNT) / ch;
        prob.set(gram, p);
        seen += p;
        seenLower += fullProb(lower(gram));
      }
      backoff.set(h, seenLower < 1 ? (1 - seen) / (1 - seenLower) : 1e-6);
    }
  }

  const lines = ['\\data\\'];
  for (let n = 1; n <= 3; n++) lines.push(`ngram ${n}=${orders[n - 1]!.size}`);
  for (let n = 1; n <= 3; n++) {
    lines.push('', `\\${n}-grams:`);
    for (const gram of [...orders[n - 1]!.keys()].sort()) {
      const p = gram === BOS ? '-99.000000' : log10(prob.get(gram)!);
      const bo = n < 3 && backoff.has(gram) ? `\t${log10(backoff.get(gram)!)}` : n < 3 ? '\t0.000000' : '';
      lines.push(`${p}\t${gram}${bo}`);
    }
  }
  lines.push('', '\\end\\', '');
  return lines.join('\n');
}
