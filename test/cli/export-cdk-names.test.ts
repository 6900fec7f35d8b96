import { asciiWords, camelCase, entityIdentifiers, NamedEntity } from '../../cli/export/cdk/identifiers';
import { bucketOf } from '../../cli/export/cdk/plan';
import { commentText, tsString } from '../../cli/export/cdk/ts-source';

/** The identifiers and literals the cdk export writes: readable, valid, unique and stable. */

const user = (name: string): NamedEntity => ({ name, kindWord: 'User' });
const ids = (entities: NamedEntity[]) => Object.fromEntries([...entityIdentifiers(entities)].map(([name, id]) => [name, `${id.constructId}/${id.variable}`]));

test('identifiers from names: apostrophes join, accents drop, other scripts are left out', () => {
  expect(ids([
    { name: 'O\'Brien\'s Fans', kindWord: 'Group' }, user('José'), user('siobhán.o’neill'), user('Łukasz Müller-Straße'), user('conan.obrien'),
    { name: 'HTTP proxy team', kindWord: 'Group' }, { name: 'ALL', kindWord: 'Group' }, user('日本'), { name: '2nd-floor', kindWord: 'Room' },
  ])).toEqual({
    'o\'brien\'s fans': 'OBriensFans/oBriensFans',
    'josé': 'Jose/jose',
    'siobhán.o’neill': 'SiobhanOneill/siobhanOneill',
    'łukasz müller-straße': 'LukaszMullerStrasse/lukaszMullerStrasse',
    'conan.obrien': 'ConanObrien/conanObrien',
    'http proxy team': 'HTTPProxyTeam/httpProxyTeam',
    'all': 'ALL/all',
    '日本': 'User/user',
    '2nd-floor': 'Room2ndFloor/room2ndFloor',
  });
  expect(asciiWords('Former Staff; $(rm -rf /) `x`')).toEqual(['Former', 'Staff', 'rm', 'rf', 'x']);
  expect([camelCase('ABc'), camelCase('A'), camelCase('AB3')]).toEqual(['aBc', 'a', 'ab3']);
});

test('reserved words and the names the stack files declare get the kind as a suffix', () => {
  expect(ids([user('delete'), { name: 'organization', kindWord: 'Group' }, user('this'), { name: 'new', kindWord: 'Equipment' }])).toEqual({
    delete: 'DeleteUser/deleteUser', organization: 'OrganizationGroup/organizationGroup', this: 'ThisUser/thisUser', new: 'NewEquipment/newEquipment',
  });
});

test('collisions are numbered in name order, never taking another entity\'s identifier, whatever the input order', () => {
  const entities = [user('a.b'), user('a-b'), user('ab2'), user('A_B'), { name: 'a b', kindWord: 'Group' }];
  const expected = { 'a b': 'AB/ab', 'a-b': 'AB3/ab3', 'a.b': 'AB4/ab4', 'a_b': 'AB5/ab5', 'ab2': 'Ab2/ab2' };
  expect(ids(entities)).toEqual(expected);
  expect(ids([...entities].reverse())).toEqual(expected);
  // Case-insensitively unique, so that variables (camelCase) are unique too.
  expect(ids([user('http.proxy'), user('HTTP proxy')])).toEqual({ 'http proxy': 'HTTPProxy/httpProxy', 'http.proxy': 'HttpProxy2/httpProxy2' });
});

test('string literals: quotes, backslashes and control characters escaped, other characters kept', () => {
  const values = [
    'Conan O\'Brien', 'Siobhán O’Neill ‘the boss’', 'back\\slash', 'line\nbreak\r\ttab', 'nul\u0000 bell\u0007 del\u007f',
    'sep\u2028arators\u2029', '日本 😀', 'lone \ud800 surrogate', '$(rm -rf /) `x` ${y}',
  ];
  for (const value of values) {
    const literal = tsString(value);
    expect(literal).toMatch(/^'.*'$/s);
    expect(literal).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/);
    expect(new Function(`return ${literal};`)()).toBe(value);
  }
  expect(tsString('Conan O\'Brien')).toBe('\'Conan O\\\'Brien\'');
  expect(tsString('Siobhán O’Neill')).toBe('\'Siobhán O’Neill\'');
  expect(tsString('a\u0000b')).toBe('\'a\\x00b\'');
});

test('a name\'s bucket depends on the name only, ignoring case, and splits in two when the count doubles', () => {
  expect(bucketOf('Alice', 8)).toBe(bucketOf('alice', 8));
  for (const name of ['alice', 'bob', 'Team 001', 'zoe.newcomer']) {
    const inFour = bucketOf(name, 4);
    expect([inFour, inFour + 4]).toContain(bucketOf(name, 8));
  }
});

test('text inside a doc comment cannot end it', () => {
  expect(commentText('a */ b\nc')).toBe('a * / b c');
});
