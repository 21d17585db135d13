import { checkVocabularyEntry, type VocabularyEntry } from './vocabulary-entries.js';

/**
 * A vocabulary as a file, to import and export: plain text, one entry a line (`statin`, `statin: S T AE T IH N` for
 * phones, `statin ~ stat in` for sounds-like; `#` starts a comment), or CSV with the header
 * `phrase,sounds_like,phones`. An import is all or nothing: every bad line is reported with its number.
 */
export type VocabularyFormat = 'text' | 'csv';

export type ParsedVocabulary = { ok: true; entries: VocabularyEntry[] } | { ok: false; problems: string[] };

const MAX_PROBLEMS = 20;

export function parseVocabularyFile(content: string, format: VocabularyFormat): ParsedVocabulary {
  const entries: VocabularyEntry[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || (format === 'text' && line.startsWith('#'))) return;
    if (format === 'csv' && i === 0 && /^phrase\s*,/i.test(line)) return;
    const entry = format === 'csv' ? fromCsv(line) : fromText(line);
    const problem = entry ? checkVocabularyEntry(entry) : 'it is not a phrase, with "~ sounds like" or ": PHONES" after it';
    if (problem) problems.push(`line ${i + 1}: ${problem}`);
    else if (seen.has(entry!.phrase)) problems.push(`line ${i + 1}: "${entry!.phrase}" is listed twice`);
    else {
      seen.add(entry!.phrase);
      entries.push(entry!);
    }
  });
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) };
  return { ok: true, entries };
}

function fromText(line: string): VocabularyEntry | null {
  const phones = /^([^:~]+):\s*([A-Z ]+)$/.exec(line);
  if (phones) return { phrase: phones[1]!.trim(), phones: phones[2]!.trim().replace(/\s+/g, ' ') };
  const sounds = /^([^:~]+)~([^:~]+)$/.exec(line);
  if (sounds) return { phrase: sounds[1]!.trim(), soundsLike: sounds[2]!.trim() };
  return /[:~]/.test(line) ? null : { phrase: line };
}

/** One CSV record: three fields, quoted or not ("" is a quote inside quotes). */
function fromCsv(line: string): VocabularyEntry | null {
  const fields: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([^,]*))\s*(?:,|$)/y;
  for (let at = 0; at < line.length && fields.length < 4; ) {
    re.lastIndex = at;
    const m = re.exec(line);
    if (!m || re.lastIndex === at) return null;
    fields.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!.trim());
    at = re.lastIndex;
  }
  if (fields.length === 0 || fields.length > 3) return null;
  const [phrase, soundsLike, phones] = fields;
  return { phrase: phrase!, ...(soundsLike ? { soundsLike } : {}), ...(phones ? { phones } : {}) };
}

export function formatVocabularyFile(entries: readonly VocabularyEntry[], format: VocabularyFormat): string {
  if (format === 'csv') {
    const cell = (v: string | undefined) => (v === undefined ? '' : /[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    return ['phrase,sounds_like,phones', ...entries.map((e) => [e.phrase, e.soundsLike, e.phones].map(cell).join(','))].join('\n') + '\n';
  }
  return entries.map((e) => (e.phones ? `${e.phrase}: ${e.phones}` : e.soundsLike ? `${e.phrase} ~ ${e.soundsLike}` : e.phrase)).join('\n') + '\n';
}
