import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadSeedFile, startEmulator, validateSeed } from '../../local/emulator';

const dir = mkdtempSync(join(tmpdir(), 'emulator-seed-'));
const write = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const org = { id: 'm-0123456789abcdef0123456789abcdef', alias: 'acme', defaultMailDomain: 'acme.example.com', domains: ['acme.example.com'] };

describe('seed', () => {
  test('the example seed file loads, with state defaulting to Active', () => {
    const seed = loadSeedFile(join(__dirname, '..', '..', 'local', 'emulator', 'seed.example.json'));
    expect(seed.organizations[0]).toMatchObject({ alias: 'acme', state: 'Active', defaultMailDomain: 'acme.example.com' });
  });

  test('domains are normalized to lower case', () => {
    const seed = validateSeed({ organizations: [{ ...org, defaultMailDomain: 'ACME.example.com', domains: ['ACME.example.com'] }] });
    expect(seed.organizations[0].domains).toEqual(['acme.example.com']);
  });

  test.each([
    ['[]', /must be an object/],
    ['{"organisations": []}', /organisations is not a known field/],
    [JSON.stringify({ organizations: [{ ...org, id: 'm-1' }] }), /organizations\[0\]\.id must match/],
    [JSON.stringify({ organizations: [{ ...org, alias: 'd-bad' }] }), /organizations\[0\]\.alias/],
    [JSON.stringify({ organizations: [{ ...org, domains: [] }] }), /organizations\[0\]\.domains must be a non-empty array/],
    [JSON.stringify({ organizations: [{ ...org, domains: ['no_tld'] }] }), /domains\[0\]/],
    [JSON.stringify({ organizations: [{ ...org, defaultMailDomain: 'other.example.com' }] }), /defaultMailDomain must be one of/],
    [JSON.stringify({ organizations: [{ ...org, state: '' }] }), /state/],
    [JSON.stringify({ organizations: [{ ...org, extra: 1 }] }), /extra is not a known field/],
    [JSON.stringify({ organizations: [org, org] }), /duplicates/],
    [JSON.stringify({ organizations: [org, { ...org, id: 'm-1123456789abcdef0123456789abcdef', alias: 'other' }] }), /already a domain of/],
    [JSON.stringify({ organizations: [{ ...org, unverifiedDomains: 'pending.example.com' }] }), /unverifiedDomains must be an array/],
    [JSON.stringify({ organizations: [{ ...org, unverifiedDomains: ['bad domain'] }] }), /unverifiedDomains\[0\] must be a domain name/],
    [JSON.stringify({ organizations: [{ ...org, unverifiedDomains: ['ACME.example.com'] }] }), /unverifiedDomains\[0\] .* already a domain of/],
    [JSON.stringify({ organizations: [{ ...org, domains: ['acme.example.com'], unverifiedDomains: ['new.example.com'], defaultMailDomain: 'new.example.com' }] }),
      /defaultMailDomain must be one of/],
    ['{"organizations": [', /not valid JSON/],
  ])('%s is refused with a clear message', (content, message) => {
    expect(() => loadSeedFile(write(`seed-${Math.random()}.json`, content))).toThrow(message);
  });

  test('unverifiedDomains is optional and normalized to lower case', () => {
    expect(validateSeed({ organizations: [org] }).organizations[0]).not.toHaveProperty('unverifiedDomains');
    const seed = validateSeed({ organizations: [{ ...org, unverifiedDomains: ['Pending.Example.com'] }] });
    expect(seed.organizations[0].unverifiedDomains).toEqual(['pending.example.com']);
  });

  test('a missing file is reported with its path', () => {
    expect(() => loadSeedFile(join(dir, 'missing.json'))).toThrow(/cannot read seed file .*missing\.json/);
  });

  test('startEmulator refuses an invalid seed', async () => {
    await expect(startEmulator({ seed: { organizations: [{ ...org, id: 'bad' }] } })).rejects.toThrow(/id must match/);
  });
});
