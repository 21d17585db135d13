import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCookie, readCookies, serializeCookie } from './cookie-header.js';

test('readCookie finds the named cookie and only it, the first of two, URL-decoded', () => {
  assert.equal(readCookie('a=1; dictation_session=abc.def; b=2', 'dictation_session'), 'abc.def');
  assert.equal(readCookie('dictation_session=first;dictation_session=second', 'dictation_session'), 'first');
  assert.equal(readCookie('xdictation_session=no; dictation_sessionx=no', 'dictation_session'), undefined);
  assert.equal(readCookie('s=a%2Bb%2Fc%3D', 's'), 'a+b/c=');
  assert.equal(readCookie('s="quoted"', 's'), 'quoted');
  assert.equal(readCookie('s=', 's'), '');
  assert.equal(readCookie('flag; s=1', 's'), '1');
  assert.equal(readCookie(undefined, 's'), undefined);
  assert.equal(readCookie('', 's'), undefined);
});

test('readCookie treats a value with broken URL encoding as absent, never throws', () => {
  assert.equal(readCookie('s=%E0%A4%A', 's'), undefined);
});

test('readCookies gives every value of a name in the order sent (a shadowing one first), broken ones left out', () => {
  assert.deepEqual(readCookies('s=shadow; a=1; s=ours', 's'), ['shadow', 'ours']);
  assert.deepEqual(readCookies('s=%E0%A4%A; s=ours', 's'), ['ours']);
  assert.deepEqual(readCookies(undefined, 's'), []);
});

test('serializeCookie writes HttpOnly, SameSite=Strict, the path, Secure over TLS, and deletes with Max-Age=0', () => {
  assert.equal(serializeCookie('s', 'a+b', { path: '/api', secure: false }), 's=a%2Bb; Path=/api; HttpOnly; SameSite=Strict');
  assert.equal(serializeCookie('s', 'v', { path: '/', secure: true, maxAge: 60 }), 's=v; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=60');
  assert.equal(
    serializeCookie('s', '', { path: '/', secure: false, maxAge: 0 }),
    's=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
  );
  // What it writes, it reads back.
  const signed = 'id-1.Zm9v+YmFy/YmF6';
  const header = serializeCookie('s', signed, { path: '/', secure: false }).split(';')[0];
  assert.equal(readCookie(header, 's'), signed);
});
