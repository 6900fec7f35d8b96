/**
 * Bad input, fuzzed: every property of every custom resource type gets wrong
 * types, missing values, huge strings, control and invisible characters,
 * unknown names, nulls and nested junk, in Create, Update (new and old
 * properties) and Delete events sent to the handler against the emulator.
 * Deterministic by seed (FUZZ_SEED, default 11; a failure prints it).
 *
 * What must hold:
 * - a new declaration (Create, Update's ResourceProperties) is refused with an
 *   InvalidPropertyError that names the property and the resource, in one short
 *   printable line, before any WorkMail call;
 * - a stored declaration that does not parse (Update's OldResourceProperties, a
 *   Delete's properties) never blocks the stack: the Update converges to the new
 *   declaration, the Delete succeeds without any WorkMail call, and both log the
 *   property that could not be read. Properties a stored declaration has that
 *   this handler does not know are ignored.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createEvent, deleteEvent, updateEvent } from './events';
import { DOMAIN, Harness, ORG, PASSWORD_ARN, failure, useHarness } from './harness';
import { InvalidPropertyError } from '../../lambda/errors';
import { Prng } from '../../local/emulator/prng';
import { WorkMailResourceType } from '../../src/provider/resource-properties';

const SEED = Number(process.env.FUZZ_SEED ?? 11);
/** Mutations drawn per property (and per unknown-name case) of each type. */
const DRAWS = 4;

let h: Harness;
useHarness((started) => {
  h = started;
});

// ---- What each type takes -------------------------------------------------------------------

/** Which characters a string property's pattern allows: letters, digits and a few signs; Latin-1; printable ASCII; any text. */
type Charset = 'identifier' | 'latin1' | 'ascii' | 'text';

type Spec =
  | { readonly kind: 'string'; readonly required?: boolean; readonly charset: Charset }
  | { readonly kind: 'enum'; readonly required: true }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'list' }
  | { readonly kind: 'object'; readonly fields: readonly string[] };

const id: Spec = { kind: 'string', required: true, charset: 'identifier' };
const text: Spec = { kind: 'string', charset: 'text' };
const flag: Spec = { kind: 'boolean' };
const MAIL_ENTITY: Record<string, Spec> = {
  OrganizationId: id, Name: id, Email: { kind: 'string', charset: 'identifier' }, Enabled: flag, HiddenFromGlobalAddressList: flag, AdoptExisting: flag,
};
const ATTRIBUTES = ['FirstName', 'LastName', 'Initials', 'JobTitle', 'Department', 'Company', 'Office', 'Street', 'City', 'ZipCode', 'Country', 'Telephone'];

const SPECS: Record<string, Record<string, Spec>> = {
  [WorkMailResourceType.USER]: {
    ...MAIL_ENTITY,
    DisplayName: { kind: 'string', required: true, charset: 'text' },
    PasswordSecretArn: { kind: 'string', charset: 'ascii' },
    PasswordSecretField: text,
    ...Object.fromEntries(ATTRIBUTES.map((a) => [a, text])),
  },
  [WorkMailResourceType.GROUP]: {
    ...MAIL_ENTITY, Name: { kind: 'string', required: true, charset: 'latin1' }, Members: { kind: 'list' }, ExclusiveMembers: flag,
  },
  [WorkMailResourceType.RESOURCE]: {
    ...MAIL_ENTITY,
    Type: { kind: 'enum', required: true },
    Description: text,
    BookingOptions: { kind: 'object', fields: ['AutoAcceptRequests', 'AutoDeclineRecurringRequests', 'AutoDeclineConflictingRequests'] },
    Delegates: { kind: 'list' },
    ExclusiveDelegates: flag,
  },
  [WorkMailResourceType.ALIAS]: { OrganizationId: id, EntityId: id, EntityType: { kind: 'enum', required: true }, Aliases: { kind: 'list' } },
  [WorkMailResourceType.DELEGATE]: { OrganizationId: id, ResourceId: id, EntityId: id },
  [WorkMailResourceType.ORGANIZATION]: { Alias: id },
};

// ---- Bad values ------------------------------------------------------------------------------

const MEGABYTE = 'a'.repeat(1024 * 1024);
const NESTED = { deep: { deeper: ['x', 1, null] } };

/** A bad value and the property path the error must name. */
interface Mutation {
  readonly label: string;
  readonly value?: unknown;
  /** Remove the property instead of setting it. */
  readonly remove?: boolean;
  /** The name the message must quote, when it is not the property's own (a list item, a nested field). */
  readonly names?: string;
  /** Adds a property the type does not take: tolerated in a stored declaration. */
  readonly unknown?: boolean;
}

/** Wrong for any property. */
const ANY: Mutation[] = [
  { label: 'a number', value: 42 },
  { label: 'a negative fraction', value: -1.5 },
  { label: 'a nested object', value: NESTED },
  { label: 'an array of wrong things', value: [1, null, {}, ['x']] },
];

/** Wrong for any string. */
const BAD_TEXT: Mutation[] = [
  { label: '1 MB', value: MEGABYTE },
  { label: 'a NUL', value: 'ab\u0000cd' },
  { label: 'CR/LF', value: 'line\r\nInjected: yes' },
  { label: 'a lone high surrogate', value: 'x\ud800y' },
  { label: 'a lone low surrogate', value: '\udc00' },
  { label: 'an escape sequence', value: 'x\u001b[31mred' },
  { label: 'a C1 control', value: 'x\u0085y' },
];

/** Outside Latin-1: wrong for every pattern (ids, names, addresses, secret ids); fine in free text. */
const NOT_LATIN1: Mutation[] = [
  { label: 'an RTL override', value: 'abc\u202Efdp.exe' },
  { label: 'an RTL mark', value: '\u200Fname' },
  { label: 'an emoji', value: 'mail\u{1F4EC}' },
];
const OFF_PATTERN: Readonly<Record<Charset, Mutation[]>> = {
  identifier: [...NOT_LATIN1, { label: 'spaces', value: 'two words' }, { label: 'a quote and a slash', value: "x'/../y" }],
  latin1: NOT_LATIN1,
  ascii: [...NOT_LATIN1, { label: 'spaces', value: 'two words' }, { label: 'Latin-1', value: 'caf\u00e9' }],
  text: [],
};

function mutationsFor(spec: Spec, name: string): Mutation[] {
  const removal: Mutation[] = 'required' in spec && spec.required
    ? [{ label: 'missing', remove: true }, { label: 'null', value: null }, { label: 'empty', value: '' }]
    : [];
  switch (spec.kind) {
    case 'string':
      return [...removal, ...ANY, { label: 'a boolean', value: true }, ...BAD_TEXT, ...OFF_PATTERN[spec.charset]];
    case 'enum':
      return [...removal, ...ANY, { label: 'lower case', value: 'room' }, { label: 'unknown value', value: 'DESK' }, ...BAD_TEXT];
    case 'boolean':
      return [...ANY,
        { label: "'yes'", value: 'yes' }, { label: "'TRUE'", value: 'TRUE' }, { label: "'1'", value: '1' }, { label: "' true'", value: ' true' },
        { label: '1 MB', value: MEGABYTE }, { label: 'a NUL', value: 'true\u0000' }];
    case 'list':
      return [
        { label: 'a number', value: 42 },
        { label: 'a string', value: 'S-1-1-not-a-list' },
        { label: 'an object', value: NESTED },
        { label: 'a list with a number', value: ['ok.value@acme.example.com', 7], names: `${name}[1]` },
        { label: 'a list with null', value: [null], names: `${name}[0]` },
        { label: 'a list with an empty string', value: [''], names: `${name}[0]` },
        { label: 'a list with a nested list', value: [['x']], names: `${name}[0]` },
        { label: 'a list with a 1 MB string', value: [MEGABYTE], names: `${name}[0]` },
        { label: 'a list with CR/LF', value: ['a\r\nb'], names: `${name}[0]` },
        { label: 'a list with an emoji', value: ['\u{1F4EC}'], names: `${name}[0]` },
        { label: 'a list with a lone surrogate', value: ['\ud83d'], names: `${name}[0]` },
      ];
    case 'object':
      return [
        { label: 'a string', value: 'true' },
        { label: 'a list', value: ['true'] },
        { label: 'a number', value: 1 },
        { label: 'an unknown field', value: { Bogus: 'true' }, names: `${name}.Bogus`, unknown: true },
        { label: 'a non-boolean field', value: { [spec.fields[0]]: 'maybe' }, names: `${name}.${spec.fields[0]}` },
        { label: 'a nested object field', value: { [spec.fields[1]]: { x: 'true' } }, names: `${name}.${spec.fields[1]}` },
        { label: 'a 1 MB field', value: { [spec.fields[2]]: MEGABYTE }, names: `${name}.${spec.fields[2]}` },
      ];
  }
}

/** Names a property of no type; how the message must show it. */
const UNKNOWN_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['Emial', 'Emial'],
  ['name', 'name'],
  ['Password', 'Password'],
  ['constructor', 'constructor'],
  ['__proto__', '__proto__'],
  ['toString', 'toString'],
  ['\u202Eevil', '\\u202eevil'],
  ['tab\there', 'tab\\u0009here'],
  ['k'.repeat(5000), `${'k'.repeat(40)}…`],
];

// ---- Cases -----------------------------------------------------------------------------------

interface Case {
  readonly type: string;
  readonly property: string;
  readonly mutation: Mutation;
  /** An unknown property (or nested field): tolerated in a stored declaration. */
  readonly unknown: boolean;
}

function drawCases(): Case[] {
  const random = new Prng(SEED);
  const pick = <T>(items: readonly T[], count: number): T[] => {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(random.next() * pool.length), 1)[0]);
    return out;
  };
  const cases: Case[] = [];
  for (const [type, spec] of Object.entries(SPECS)) {
    for (const [property, propertySpec] of Object.entries(spec)) {
      for (const mutation of pick(mutationsFor(propertySpec, property), DRAWS)) {
        cases.push({ type, property, mutation, unknown: mutation.unknown === true });
      }
    }
    for (const [name, shown] of pick(UNKNOWN_NAMES, DRAWS)) {
      const value = pick<unknown>(['x', 42, null, NESTED, MEGABYTE], 1)[0];
      cases.push({ type, property: name, mutation: { label: `an unknown property = ${typeof value}`, value, names: shown }, unknown: true });
    }
  }
  return cases;
}

const CASES = drawCases();

function describeCase(c: Case): string {
  return `${c.type} ${JSON.stringify(c.property.slice(0, 20))} ← ${c.mutation.label} (FUZZ_SEED=${SEED})`;
}

/** The valid properties of each type, made real in beforeAll (ids of entities that exist). */
let valid: Record<string, Record<string, unknown>>;
/** The physical id of an existing resource of each type. */
let physicalIds: Record<string, string>;

function mutated(type: string, c: Case): Record<string, unknown> {
  // Spread, not assignment: '__proto__' must become a property, as JSON.parse would make it.
  const base: Record<string, unknown> = { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:fuzz', ...valid[type] };
  if (c.mutation.remove) return Object.fromEntries(Object.entries(base).filter(([key]) => key !== c.property));
  return { ...base, ...Object.fromEntries([[c.property, c.mutation.value]]) };
}

function withProperties<E extends CloudFormationCustomResourceEvent>(event: E, props: unknown, old?: unknown): E {
  return { ...event, ResourceProperties: props, ...(old === undefined ? {} : { OldResourceProperties: old }) } as E;
}

const LOGICAL_ID = 'Fuzzed';

/** The problems with an error a new declaration was refused with; none when it is right. */
function refusalProblems(c: Case, err: Error): string[] {
  const problems: string[] = [];
  const shown = c.mutation.names ?? c.property;
  if (!(err instanceof InvalidPropertyError)) problems.push(`not an InvalidPropertyError but ${err.name}`);
  if (!err.message.includes(`${c.type} '${LOGICAL_ID}'`)) problems.push('does not name the resource');
  if (!err.message.includes(`'${shown}`)) problems.push(`does not name '${shown}'`);
  if (c.unknown && !err.message.includes('has no propert')) problems.push('does not say the property is unknown');
  if (/TypeError|Cannot read|undefined is not|\n\s+at /.test(err.message)) problems.push('reads like a crash');
  if (err.message.length > 1500) problems.push(`is ${err.message.length} characters long`);
  // One printable line: no control, format or unpaired surrogate characters.
  if (/[\p{Cc}\p{Cf}\p{Cs}]/u.test(err.message)) problems.push('holds unprintable characters');
  return problems.map((p) => `${describeCase(c)}: the error ${p}: ${err.message.slice(0, 300)}`);
}

async function runCase(event: CloudFormationCustomResourceEvent): Promise<{ error?: Error; calls: string[] }> {
  h.emulator.resetCalls();
  try {
    await h.run(event);
    return { calls: h.operations() };
  } catch (err) {
    return { error: err as Error, calls: h.operations() };
  }
}

beforeAll(async () => {
  h.secrets.set(PASSWORD_ARN, 'Fuzz-Pa55word!');
  const run = async (props: Record<string, unknown>, type: string) => (await h.run(createEvent(props as never, LOGICAL_ID, type))).PhysicalResourceId;
  const user = {
    OrganizationId: ORG,
    Name: 'fuzz-user',
    DisplayName: 'Fuzz User',
    Email: `fuzz-user@${DOMAIN}`,
    PasswordSecretArn: PASSWORD_ARN,
    FirstName: 'Fuzz',
    City: 'Nowhere',
  };
  const userId = await run(user, WorkMailResourceType.USER);
  const group = { OrganizationId: ORG, Name: 'fuzz-group', Email: `fuzz-group@${DOMAIN}`, Members: [userId], ExclusiveMembers: 'false' };
  const groupId = await run(group, WorkMailResourceType.GROUP);
  const resource = {
    OrganizationId: ORG,
    Name: 'fuzz-room',
    Type: 'ROOM',
    Email: `fuzz-room@${DOMAIN}`,
    Description: 'Fuzz room',
    BookingOptions: { AutoAcceptRequests: 'false' },
    Delegates: [groupId],
  };
  const resourceId = await run(resource, WorkMailResourceType.RESOURCE);
  const alias = { OrganizationId: ORG, EntityId: userId, EntityType: 'USER', Aliases: [`fz.alias@${DOMAIN}`] };
  const delegate = { OrganizationId: ORG, ResourceId: resourceId, EntityId: userId };
  const organization = { Alias: 'acme' };
  valid = {
    [WorkMailResourceType.USER]: user,
    [WorkMailResourceType.GROUP]: group,
    [WorkMailResourceType.RESOURCE]: resource,
    [WorkMailResourceType.ALIAS]: alias,
    [WorkMailResourceType.DELEGATE]: delegate,
    [WorkMailResourceType.ORGANIZATION]: organization,
  };
  physicalIds = {
    [WorkMailResourceType.USER]: userId,
    [WorkMailResourceType.GROUP]: groupId,
    [WorkMailResourceType.RESOURCE]: resourceId,
    [WorkMailResourceType.ALIAS]: await run(alias, WorkMailResourceType.ALIAS),
    [WorkMailResourceType.DELEGATE]: await run(delegate, WorkMailResourceType.DELEGATE),
    [WorkMailResourceType.ORGANIZATION]: await run(organization, WorkMailResourceType.ORGANIZATION),
  };
});

test(`the fuzz draws a few hundred cases over every property of every type (FUZZ_SEED=${SEED})`, () => {
  expect(CASES.length).toBeGreaterThanOrEqual(200);
  for (const [type, spec] of Object.entries(SPECS)) {
    for (const property of Object.keys(spec)) expect(CASES.some((c) => c.type === type && c.property === property)).toBe(true);
  }
});

test('Create and Update with a bad new declaration: refused, naming the property and the resource, before any WorkMail call', async () => {
  const problems: string[] = [];
  for (const c of CASES) {
    const props = mutated(c.type, c);
    const events = [
      withProperties(createEvent({}, LOGICAL_ID, c.type), props),
      withProperties(updateEvent(physicalIds[c.type], {}, {}, LOGICAL_ID, c.type), props, { ServiceToken: 'x', ...valid[c.type] }),
    ];
    for (const event of events) {
      const { error, calls } = await runCase(event);
      if (!error) {
        problems.push(`${describeCase(c)}: ${event.RequestType} succeeded`);
        continue;
      }
      problems.push(...refusalProblems(c, error).map((p) => `${event.RequestType} ${p}`));
      if (calls.length > 0) problems.push(`${event.RequestType} ${describeCase(c)}: WorkMail calls were made: ${calls.join(', ')}`);
    }
  }
  expect(problems).toEqual([]);
});

test('Update whose stored declaration is bad: converges to the new one, logging the property it could not read', async () => {
  const problems: string[] = [];
  // One case per property (these Updates make real calls): the first drawn.
  const firstPerProperty = CASES.filter((c, index) => CASES.findIndex((o) => o.type === c.type && o.property === c.property) === index);
  for (const c of firstPerProperty) {
    const event = withProperties(updateEvent(physicalIds[c.type], {}, {}, LOGICAL_ID, c.type), { ServiceToken: 'x', ...valid[c.type] }, mutated(c.type, c));
    const logged = h.logLines.length;
    const { error } = await runCase(event);
    if (error) {
      problems.push(`${describeCase(c)}: failed: ${error.message.slice(0, 300)}`);
      continue;
    }
    const warning = h.logLines.slice(logged).map((l) => JSON.parse(l)).find((l) => l.decision === 'deployed-declaration-unreadable');
    if (c.unknown && warning) problems.push(`${describeCase(c)}: an unknown stored property was not ignored`);
    if (!c.unknown && !String(warning?.error ?? '').includes(`'${c.mutation.names ?? c.property}`)) {
      problems.push(`${describeCase(c)}: no warning naming the property`);
    }
  }
  expect(problems).toEqual([]);
  // Still as declared: nothing was changed by what could not be read.
  const user = h.liveUsers().find((u) => u.name === 'fuzz-user')!;
  expect(user).toMatchObject({ state: 'ENABLED', email: `fuzz-user@${DOMAIN}`, displayName: 'Fuzz User', firstName: 'Fuzz', attributes: { City: 'Nowhere' } });
  expect(h.group(physicalIds[WorkMailResourceType.GROUP])).toMatchObject({ state: 'ENABLED', members: [expect.objectContaining({ id: physicalIds[WorkMailResourceType.USER] })] });
});

test('Delete whose properties are bad: succeeds without any WorkMail call, logging why nothing was deleted', async () => {
  const problems: string[] = [];
  for (const c of CASES.filter((x) => !x.unknown)) {
    const logged = h.logLines.length;
    const { error, calls } = await runCase(withProperties(deleteEvent('S-1-1-28-0000000000-1111111111-2222222222-3333', {}, LOGICAL_ID, c.type),
      mutated(c.type, c)));
    if (error) problems.push(`${describeCase(c)}: failed: ${error.message.slice(0, 300)}`);
    if (calls.length > 0) problems.push(`${describeCase(c)}: WorkMail calls were made: ${calls.join(', ')}`);
    const lines = h.logLines.slice(logged).map((l) => JSON.parse(l));
    if (!lines.some((l) => l.decision === 'deployed-declaration-unreadable' && String(l.error).includes(`'${c.mutation.names ?? c.property}`))) {
      problems.push(`${describeCase(c)}: no warning naming the property`);
    }
  }
  expect(problems).toEqual([]);
});

test('a stored declaration with a property this handler does not know is deleted as declared', async () => {
  const props = {
    ServiceToken: 'x', OrganizationId: ORG, Name: 'fuzz-gone', DisplayName: 'Gone', Email: `fuzz-gone@${DOMAIN}`, RemovedInALaterVersion: 'x',
  };
  const { PhysicalResourceId: userId } = await h.run(createEvent({ ...props, RemovedInALaterVersion: undefined } as never, LOGICAL_ID));
  await h.run(withProperties(deleteEvent(userId, {}, LOGICAL_ID), props));
  expect(h.user(userId)?.state).toBe('DELETED');
});

test('properties that are not an object at all', async () => {
  for (const props of [null, undefined, 'OrganizationId=m-1', 42, ['OrganizationId'], true]) {
    const create = await failure(h.run(withProperties(createEvent({}, LOGICAL_ID), props)));
    expect(create).toBeInstanceOf(InvalidPropertyError);
    expect(create.message).toMatch(/^The properties of Custom::WorkMailUser 'Fuzzed' must be an object, got (null|undefined|string|number|a list|boolean)$/);
    h.emulator.resetCalls();
    await h.run(withProperties(deleteEvent('S-1-1-28-0000000000-1111111111-2222222222-4444', {}, LOGICAL_ID), props));
    expect(h.operations()).toEqual([]);
  }
});

test('free text takes any printable Unicode: emoji and right-to-left marks reach WorkMail intact', async () => {
  const displayName = 'Zoë \u200F\u05E9\u05DC\u05D5\u05DD\u200F \u{1F4EC}';
  const { PhysicalResourceId: userId } = await h.run(createEvent({
    OrganizationId: ORG, Name: 'fuzz-unicode', DisplayName: displayName, City: 'Zürich \u{1F3D4}',
  }, LOGICAL_ID));
  expect(h.user(userId)).toMatchObject({ displayName, attributes: { City: 'Zürich \u{1F3D4}' } });
  const { PhysicalResourceId: roomId } = await h.run(createEvent({
    OrganizationId: ORG, Name: 'fuzz-unicode-room', Type: 'EQUIPMENT', Description: 'Beamer \u{1F4FD} \u202Bעברית\u202C',
  }, LOGICAL_ID, WorkMailResourceType.RESOURCE));
  expect(h.resource(roomId)?.description).toBe('Beamer \u{1F4FD} \u202Bעברית\u202C');
});
