import type { ContentStore, StoredAutoText, StoredWord } from './content-store.js';

/** Where an entry of a user's effective list comes from: her own list, or a team's. */
export type Source = { source: 'own' } | { source: 'team'; team: string };

/**
 * What applies to a user: her own words and auto-texts, then her teams' (in the order the teams are listed), a
 * phrase or name already taken by her own list (or an earlier team's) left out: her own entry wins.
 */
export async function effectiveLists(
  store: ContentStore,
  user: string,
  teams: readonly string[],
): Promise<{ words: (StoredWord & Source)[]; autoTexts: (StoredAutoText & Source)[] }> {
  const owners = [{ kind: 'user' as const, id: user }, ...teams.map((id) => ({ kind: 'team' as const, id }))];
  const [wordLists, textLists] = await Promise.all([Promise.all(owners.map((o) => store.words(o))), Promise.all(owners.map((o) => store.autoTexts(o)))]);
  const source = (i: number): Source => (i === 0 ? { source: 'own' } : { source: 'team', team: teams[i - 1]! });
  const words = new Map<string, StoredWord & Source>();
  wordLists.forEach((list, i) => list.forEach((w) => words.has(w.phrase) || words.set(w.phrase, { ...w, ...source(i) })));
  const autoTexts = new Map<string, StoredAutoText & Source>();
  textLists.forEach((list, i) => list.forEach((a) => autoTexts.has(a.name) || autoTexts.set(a.name, { ...a, ...source(i) })));
  return { words: [...words.values()], autoTexts: [...autoTexts.values()] };
}
