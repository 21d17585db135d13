import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, login } from '../test/helpers.js';

// A clinician's own words and auto-texts over HTTP (fastify.inject, the real SQLite store in memory).

test('a clinician adds, lists, replaces and removes her own words; another user does not see them', async (t) => {
  const { app } = await build(t);
  const alice = await login(app);
  const put = (cookie: string, payload: object) => app.inject({ method: 'PUT', url: '/api/vocabulary/words', headers: { cookie }, payload });
  assert.equal((await put(alice, { phrase: 'statin' })).statusCode, 200);
  const replaced = await put(alice, { phrase: 'statin', soundsLike: 'stat in' });
  assert.equal(replaced.statusCode, 200);
  assert.equal(replaced.json().word.soundsLike, 'stat in');
  const list = await app.inject({ url: '/api/vocabulary', headers: { cookie: alice } });
  assert.deepEqual(list.json().words.map((w: { phrase: string }) => w.phrase), ['statin']);
  const bob = await login(app, 'bob', 'builder');
  assert.deepEqual((await app.inject({ url: '/api/vocabulary', headers: { cookie: bob } })).json().words, []);
  assert.equal((await app.inject({ method: 'DELETE', url: '/api/vocabulary/words/statin', headers: { cookie: alice } })).statusCode, 204);
  const again = await app.inject({ method: 'DELETE', url: '/api/vocabulary/words/statin', headers: { cookie: alice } });
  assert.equal(again.statusCode, 404);
  assert.equal(again.json().error.code, 'NOT_FOUND');
  assert.equal((await app.inject({ url: '/api/vocabulary' })).statusCode, 401, 'no session, no list');
});

test('bad entries are refused with the reason and change nothing; a full list is 409', async (t) => {
  const { app } = await build(t, { VOCABULARY_PER_USER: '2', AUTO_TEXTS_PER_USER: '1' });
  const cookie = await login(app);
  const put = (url: string, payload: object) => app.inject({ method: 'PUT', url, headers: { cookie }, payload });
  const cases: [string, object, RegExp][] = [
    ['/api/vocabulary/words', { phrase: 'Statin' }, /lower-case words/],
    ['/api/vocabulary/words', { phrase: 'statin', phones: 'S T AE1' }, /"AE1" is not one/],
    ['/api/vocabulary/words', { phrase: 'statin', extra: 1 }, /must NOT have additional properties/],
    ['/api/auto-texts', { name: 'Normal exam', body: 'x' }, /lower-case words/],
    ['/api/auto-texts', { name: 'normal exam', body: 'Chest [clear' }, /not closed/],
  ];
  for (const [url, payload, reason] of cases) {
    const res = await put(url, payload);
    assert.equal(res.statusCode, 400, JSON.stringify(payload));
    assert.equal(res.json().error.code, 'VALIDATION_ERROR');
    assert.match(res.json().error.message, reason);
  }
  assert.deepEqual((await app.inject({ url: '/api/vocabulary', headers: { cookie } })).json().words, []);
  await put('/api/vocabulary/words', { phrase: 'one' });
  await put('/api/vocabulary/words', { phrase: 'two' });
  const full = await put('/api/vocabulary/words', { phrase: 'three' });
  assert.equal(full.statusCode, 409);
  assert.equal(full.json().error.code, 'LIMIT_REACHED');
  assert.equal((await put('/api/auto-texts', { name: 'normal chest exam', body: 'Chest [clear|wheeze].' })).statusCode, 200);
  assert.equal((await put('/api/auto-texts', { name: 'plan', body: 'Plan: [ ]' })).statusCode, 409);
  const texts = (await app.inject({ url: '/api/auto-texts', headers: { cookie } })).json().autoTexts;
  assert.deepEqual(texts.map((a: { name: string; body: string }) => [a.name, a.body]), [['normal chest exam', 'Chest [clear|wheeze].']]);
});

test("a team's words and auto-texts: its members read them, its admins change them, others do not know the team", async (t) => {
  const { app } = await build(t);
  const alice = await login(app); // cardiology's admin
  const bob = await login(app, 'bob', 'builder'); // a member
  assert.deepEqual((await app.inject({ url: '/api/teams', headers: { cookie: bob } })).json(), { teams: [{ team: 'cardiology' }] });
  const put = (cookie: string, url: string, payload: object) => app.inject({ method: 'PUT', url, headers: { cookie }, payload });
  assert.equal((await put(alice, '/api/teams/cardiology/vocabulary/words', { phrase: 'apixaban' })).statusCode, 200);
  assert.equal((await put(alice, '/api/teams/cardiology/auto-texts', { name: 'normal echo', body: 'EF [55] %.' })).statusCode, 200);
  const words = await app.inject({ url: '/api/teams/cardiology/vocabulary', headers: { cookie: bob } });
  assert.deepEqual(words.json().words.map((w: { phrase: string }) => w.phrase), ['apixaban']);
  const refused = await put(bob, '/api/teams/cardiology/vocabulary/words', { phrase: 'warfarin' });
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().error.code, 'NOT_TEAM_ADMIN');
  const deleted = await app.inject({ method: 'DELETE', url: '/api/teams/cardiology/auto-texts/normal%20echo', headers: { cookie: bob } });
  assert.equal(deleted.statusCode, 403);
  const stranger = await app.inject({ url: '/api/teams/oncology/vocabulary', headers: { cookie: alice } });
  assert.equal(stranger.statusCode, 404);
  // The team's list is not the admin's own.
  assert.deepEqual((await app.inject({ url: '/api/vocabulary', headers: { cookie: alice } })).json().words, []);
});

test('a vocabulary exported as text or CSV and imported again; a bad file changes nothing and says which lines', async (t) => {
  const { app } = await build(t);
  const cookie = await login(app);
  await app.inject({ method: 'PUT', url: '/api/vocabulary/words', headers: { cookie }, payload: { phrase: 'statin', soundsLike: 'stat in' } });
  await app.inject({ method: 'PUT', url: '/api/vocabulary/words', headers: { cookie }, payload: { phrase: 'apixaban', phones: 'AH P IH K S AH B AE N' } });
  const csv = await app.inject({ url: '/api/vocabulary/export?format=csv', headers: { cookie } });
  assert.equal(csv.statusCode, 200);
  assert.match(csv.headers['content-type'] as string, /^text\/csv/);
  assert.match(csv.headers['content-disposition'] as string, /filename="vocabulary.csv"/);
  assert.equal(csv.body, 'phrase,sounds_like,phones\napixaban,,AH P IH K S AH B AE N\nstatin,stat in,\n');
  const text = (await app.inject({ url: '/api/vocabulary/export', headers: { cookie } })).body;
  assert.equal(text, 'apixaban: AH P IH K S AH B AE N\nstatin ~ stat in\n');
  const imported = await app.inject({ method: 'PUT', url: '/api/vocabulary', headers: { cookie, 'content-type': 'text/csv' }, payload: 'phrase,sounds_like,phones\nwarfarin,war far in,\n' });
  assert.equal(imported.statusCode, 204);
  assert.deepEqual((await app.inject({ url: '/api/vocabulary', headers: { cookie } })).json().words.map((w: { phrase: string }) => w.phrase), ['warfarin']);
  const bad = await app.inject({ method: 'PUT', url: '/api/vocabulary', headers: { cookie, 'content-type': 'text/plain' }, payload: 'heparin\nHeparin\n' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error.message, /^Nothing was imported: line 2: the phrase must be lower-case/);
  assert.deepEqual((await app.inject({ url: '/api/vocabulary', headers: { cookie } })).json().words.map((w: { phrase: string }) => w.phrase), ['warfarin']);
});

test("what applies to a user: her own words and auto-texts, then her teams'; her own entry wins over a team's of the same name", async (t) => {
  const { app } = await build(t);
  const alice = await login(app);
  const bob = await login(app, 'bob', 'builder');
  const put = (cookie: string, url: string, payload: object) => app.inject({ method: 'PUT', url, headers: { cookie }, payload });
  await put(alice, '/api/teams/cardiology/vocabulary/words', { phrase: 'apixaban' });
  await put(alice, '/api/teams/cardiology/vocabulary/words', { phrase: 'statin' });
  await put(alice, '/api/teams/cardiology/auto-texts', { name: 'normal echo', body: 'EF [55] %.' });
  await put(bob, '/api/vocabulary/words', { phrase: 'statin', soundsLike: 'stat in' });
  await put(bob, '/api/auto-texts', { name: 'normal echo', body: 'EF normal.' });
  const lists = (await app.inject({ url: '/api/my-lists', headers: { cookie: bob } })).json();
  const strip = (list: { updatedAt?: number }[]) => list.map(({ updatedAt: _updatedAt, ...rest }) => rest);
  assert.deepEqual(strip(lists.words), [
    { phrase: 'statin', soundsLike: 'stat in', source: 'own' },
    { phrase: 'apixaban', source: 'team', team: 'cardiology' },
  ]);
  assert.deepEqual(strip(lists.autoTexts), [{ name: 'normal echo', body: 'EF normal.', source: 'own' }]);
});
