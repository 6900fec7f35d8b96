import { readFileSync } from 'fs';
import { validateMailDomains } from './mail-domains';
import { validateEntities } from './seed-entities';
import { EmulatorSeed, SeedOrganization } from './types';

export const ORGANIZATION_ID_PATTERN = /^m-[0-9a-f]{32}$/;
// The organization alias of the current model.
const ALIAS_PATTERN = /^(?!d-)([\da-zA-Z]+)([-][\da-zA-Z]+)*$/;
const DOMAIN_PATTERN = /^[a-zA-Z0-9.-]+\.[a-zA-Z-]{2,}$/;
const ORGANIZATION_KEYS = ['id', 'alias', 'defaultMailDomain', 'domains', 'unverifiedDomains', 'state', 'users', 'groups', 'resources', 'mailDomains'];

export const DEFAULT_SEED: EmulatorSeed = {
  organizations: [{
    id: 'm-00000000000000000000000000000001',
    alias: 'acme',
    defaultMailDomain: 'acme.example.com',
    domains: ['acme.example.com'],
  }],
};

export class SeedError extends Error {}

function fail(where: string, message: string): never {
  throw new SeedError(`invalid seed: ${where} ${message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a seed and returns a normalized copy; throws SeedError naming the faulty field. */
export function validateSeed(value: unknown): EmulatorSeed {
  if (!isObject(value)) fail('(top level)', 'must be an object {"organizations": [...]}');
  for (const key of Object.keys(value)) {
    if (key !== 'organizations') fail(key, 'is not a known field (expected only "organizations")');
  }
  const orgs = value.organizations;
  if (!Array.isArray(orgs)) fail('organizations', 'must be an array');
  const ids = new Set<string>();
  const aliases = new Set<string>();
  const domainOwners = new Map<string, string>();
  const result: SeedOrganization[] = orgs.map((org: unknown, i: number) => {
    const at = `organizations[${i}]`;
    if (!isObject(org)) fail(at, 'must be an object');
    for (const key of Object.keys(org)) {
      if (!ORGANIZATION_KEYS.includes(key)) fail(`${at}.${key}`, `is not a known field (expected ${ORGANIZATION_KEYS.join(', ')})`);
    }
    const { id, alias, defaultMailDomain, domains, unverifiedDomains, state, mailDomains } = org;
    if (typeof id !== 'string' || !ORGANIZATION_ID_PATTERN.test(id)) fail(`${at}.id`, 'must match ^m-[0-9a-f]{32}$');
    if (ids.has(id)) fail(`${at}.id`, `duplicates ${id}`);
    ids.add(id);
    if (typeof alias !== 'string' || alias.length > 62 || !ALIAS_PATTERN.test(alias)) {
      fail(`${at}.alias`, 'must be 1-62 letters, digits and inner hyphens, not starting with "d-"');
    }
    if (aliases.has(alias.toLowerCase())) fail(`${at}.alias`, `duplicates ${alias}`);
    aliases.add(alias.toLowerCase());
    if (!Array.isArray(domains) || domains.length === 0) fail(`${at}.domains`, 'must be a non-empty array of domain names');
    const domainList = (list: unknown[], field: string) => list.map((d: unknown, j: number) => {
      if (typeof d !== 'string' || d.length > 255 || !DOMAIN_PATTERN.test(d)) fail(`${at}.${field}[${j}]`, 'must be a domain name like example.com');
      const lower = d.toLowerCase();
      const owner = domainOwners.get(lower);
      if (owner !== undefined) fail(`${at}.${field}[${j}]`, `${d} is already a domain of ${owner}`);
      domainOwners.set(lower, id);
      return lower;
    });
    const normalized = domainList(domains, 'domains');
    if (unverifiedDomains !== undefined && !Array.isArray(unverifiedDomains)) fail(`${at}.unverifiedDomains`, 'must be an array of domain names');
    const unverified = unverifiedDomains === undefined ? undefined : domainList(unverifiedDomains, 'unverifiedDomains');
    if (typeof defaultMailDomain !== 'string' || !normalized.includes(defaultMailDomain.toLowerCase())) {
      fail(`${at}.defaultMailDomain`, 'must be one of the organization\'s (verified) domains');
    }
    if (state !== undefined && (typeof state !== 'string' || state.length === 0)) fail(`${at}.state`, 'must be a non-empty string (e.g. Active)');
    const entities = validateEntities(org, at, { id, verified: normalized, unverified: unverified ?? [] }, fail);
    const details = validateMailDomains(mailDomains, at, [...normalized, ...(unverified ?? [])], defaultMailDomain.toLowerCase(), fail);
    return {
      id,
      alias,
      defaultMailDomain: defaultMailDomain.toLowerCase(),
      domains: normalized,
      ...(unverified === undefined ? {} : { unverifiedDomains: unverified }),
      state: (state as string | undefined) ?? 'Active',
      ...entities,
      ...(details === undefined ? {} : { mailDomains: details }),
    };
  });
  return { organizations: result };
}

/** Reads and validates a seed file (JSON). */
export function loadSeedFile(path: string): EmulatorSeed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SeedError(`cannot read seed file ${path}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new SeedError(`seed file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return validateSeed(parsed);
}
