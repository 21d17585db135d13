import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressGroup } from './login-throttle.js';

test('IPv6 addresses are counted by their /64 (one host gets a whole /64); IPv4 and mapped IPv4 as they are', () => {
  assert.equal(addressGroup('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), '2001:db8:1:2::/64');
  assert.equal(addressGroup('2001:db8:1:2::1'), '2001:db8:1:2::/64');
  assert.equal(addressGroup('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(addressGroup('::1'), '0:0:0:0::/64');
  assert.equal(addressGroup('2001:0db8:0001:0002::ffff'), '2001:db8:1:2::/64');
  assert.equal(addressGroup('203.0.113.7'), '203.0.113.7');
  assert.equal(addressGroup('::ffff:203.0.113.7'), '203.0.113.7');
});
