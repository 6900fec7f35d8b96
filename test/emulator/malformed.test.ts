/**
 * Malformed requests: the emulator answers them as the service does and keeps serving. Bad JSON,
 * unknown targets, missing or wrong headers, other methods and paths, bodies over the front end's
 * limit, and members of every operation fuzzed with wrong JSON types (deterministic by seed): never an
 * emulator bug (500), never a crash, and a valid call right after each one still works.
 */
import { request } from 'http';
import { ListUsersCommand } from '@aws-sdk/client-workmail';
import { ORG, useEmulator } from './helpers';
import { MODELLED_ERRORS } from '../../local/emulator/errors';
import { OPERATIONS } from '../../local/emulator/operations';
import { Prng } from '../../local/emulator/prng';
import { MAX_BODY_BYTES } from '../../local/emulator/server';

const h = useEmulator();

interface RawReply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

interface RawRequest {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string | undefined>;
  readonly body?: string | Buffer;
  /** Send the body in chunks without a Content-Length (chunked transfer encoding). */
  readonly chunked?: boolean;
}

const JSON_TYPE = 'application/x-amz-json-1.1';

/** One raw HTTP request to the emulator, over node:http (which lets any header be left out). */
function raw(req: RawRequest): Promise<RawReply> {
  const url = new URL(h().emulator.endpoint);
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers ?? { 'Content-Type': JSON_TYPE })) if (value !== undefined) headers[key] = value;
  if (body !== undefined && !req.chunked) headers['Content-Length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: url.hostname, port: url.port, method: req.method ?? 'POST', path: req.path ?? '/', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // The emulator may answer (and close) before a body over its limit is fully sent.
    outgoing.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    if (body !== undefined && req.chunked) {
      for (let offset = 0; offset < body.length; offset += 64 * 1024) outgoing.write(body.subarray(offset, offset + 64 * 1024));
      outgoing.end();
    } else {
      outgoing.end(body);
    }
  });
}

const target = (operation: string) => ({ 'Content-Type': JSON_TYPE, 'X-Amz-Target': `WorkMailService.${operation}` });

/** The error name of a JSON error reply, checked to be in the service's shape. */
function errorOf(reply: RawReply): string {
  const body = JSON.parse(reply.text) as Record<string, unknown>;
  expect(typeof body.__type).toBe('string');
  expect(typeof body.Message).toBe('string');
  expect(reply.headers['x-amzn-errortype']).toBe(body.__type);
  expect(reply.headers['content-type']).toBe(JSON_TYPE);
  return body.__type as string;
}

/** A valid call through the real client still works. */
async function stillServing(): Promise<void> {
  const output = await h().wm.send(new ListUsersCommand({ OrganizationId: ORG }));
  expect(Array.isArray(output.Users)).toBe(true);
}

describe('requests that are not an operation: UnknownOperationException, and the emulator keeps serving', () => {
  test.each<[string, RawRequest]>([
    ['no X-Amz-Target', { headers: { 'Content-Type': JSON_TYPE }, body: '{}' }],
    ['an unknown operation', { headers: target('CreateMailingList'), body: '{}' }],
    ['another service\'s target', { headers: { 'Content-Type': JSON_TYPE, 'X-Amz-Target': 'DynamoDB_20120810.ListTables' }, body: '{}' }],
    ['a target without the service', { headers: { 'Content-Type': JSON_TYPE, 'X-Amz-Target': 'ListUsers' }, body: '{}' }],
    ['a 10 KB target', { headers: { 'Content-Type': JSON_TYPE, 'X-Amz-Target': `WorkMailService.${'X'.repeat(10_000)}` }, body: '{}' }],
    ['an inherited property as the operation', { headers: target('constructor'), body: '{}' }],
    ['no Content-Type', { headers: { 'X-Amz-Target': 'WorkMailService.ListUsers' }, body: JSON.stringify({ OrganizationId: ORG }) }],
    ['Content-Type application/json', { headers: { ...target('ListUsers'), 'Content-Type': 'application/json' }, body: JSON.stringify({ OrganizationId: ORG }) }],
    ['Content-Type text/plain', { headers: { ...target('ListUsers'), 'Content-Type': 'text/plain' }, body: JSON.stringify({ OrganizationId: ORG }) }],
    ['GET /', { method: 'GET', headers: target('ListUsers') }],
    ['PUT /', { method: 'PUT', headers: target('ListUsers'), body: JSON.stringify({ OrganizationId: ORG }) }],
    ['DELETE /', { method: 'DELETE', headers: target('ListUsers') }],
    ['POST /users', { path: '/users', headers: target('ListUsers'), body: JSON.stringify({ OrganizationId: ORG }) }],
    ['POST /../etc/passwd', { path: '/../etc/passwd', headers: target('ListUsers'), body: '{}' }],
  ])('%s', async (_what, req) => {
    const reply = await raw(req);
    expect(reply.status).toBe(400);
    expect(errorOf(reply)).toBe('UnknownOperationException');
    await stillServing();
  });

  test('the media type may carry parameters, in any case', async () => {
    const reply = await raw({ headers: { ...target('ListUsers'), 'Content-Type': 'Application/X-Amz-Json-1.1; charset=utf-8' }, body: JSON.stringify({ OrganizationId: ORG }) });
    expect(reply.status).toBe(200);
  });
});

describe('bodies that are not a JSON object: SerializationException', () => {
  test.each<[string, string | Buffer]>([
    ['truncated JSON', '{"OrganizationId":'],
    ['a JSON list', '[1,2]'],
    ['a JSON string', '"text"'],
    ['null', 'null'],
    ['a number', '42'],
    ['trailing garbage', '{}}'],
    ['single quotes', "{'OrganizationId':'x'}"],
    ['a NUL byte', '{"OrganizationId":"\u0000"'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
    ['a UTF-16 byte order mark', Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00])],
    ['1 MB of nesting', '['.repeat(1024 * 1024)],
  ])('%s', async (_what, body) => {
    const reply = await raw({ headers: target('ListUsers'), body });
    expect(reply.status).toBe(400);
    expect(errorOf(reply)).toBe('SerializationException');
    await stillServing();
  });
});

describe('bodies over the limit: 413 as the service\'s front end answers, read no further than the limit', () => {
  const big = Buffer.alloc(11 * 1024 * 1024, 0x20);

  test.each([
    ['declared by Content-Length (11 MB)', false],
    ['streamed in chunks (11 MB)', true],
  ])('%s', async (_what, chunked) => {
    h().emulator.resetCalls();
    const reply = await raw({ headers: target('CreateUser'), body: big, chunked });
    expect(reply.status).toBe(413);
    expect(reply.text).toBe(`HTTP content length exceeded ${MAX_BODY_BYTES} bytes.`);
    expect(h().emulator.calls).toEqual([{ operation: 'CreateUser', status: 413 }]);
    await stillServing();
  });

  test('a body at the limit is read', async () => {
    const padded = JSON.stringify({ OrganizationId: ORG }).padEnd(MAX_BODY_BYTES, ' ');
    expect((await raw({ headers: target('ListUsers'), body: padded })).status).toBe(200);
  });
});

describe('members of the wrong JSON type, for every operation (fuzzed)', () => {
  const SEED = Number(process.env.FUZZ_SEED ?? 11);
  const MEMBERS = [
    'OrganizationId', 'UserId', 'GroupId', 'ResourceId', 'EntityId', 'MemberId', 'Name', 'DisplayName', 'Email', 'Alias', 'Password',
    'Type', 'Description', 'BookingOptions', 'Filters', 'MaxResults', 'NextToken', 'HiddenFromGlobalAddressList', 'Role', 'FirstName',
  ];
  const JUNK: unknown[] = [42, -1.5, true, null, [], ['x'], {}, { nested: { deeper: [1] } }, '', 'x'.repeat(300_000), '\u0000', '\ud800', 1e308];

  test(`never an emulator bug: a modelled error or a success (FUZZ_SEED=${SEED})`, async () => {
    const random = new Prng(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)];
    const problems: string[] = [];
    for (const operation of Object.keys(OPERATIONS)) {
      for (let i = 0; i < 10; i++) {
        // A valid organization most of the time, so that the checks after it run too.
        const body: Record<string, unknown> = random.next() < 0.7 ? { OrganizationId: ORG } : {};
        for (let n = 1 + Math.floor(random.next() * 3); n > 0; n--) body[pick(MEMBERS)] = pick(JUNK);
        const reply = await raw({ headers: target(operation), body: JSON.stringify(body) });
        if (reply.status === 200) continue;
        const parsed = JSON.parse(reply.text) as { __type?: string; Message?: string };
        const allowed = [...(MODELLED_ERRORS[operation] ?? []), 'SerializationException'];
        if (reply.status !== 400 || !allowed.includes(parsed.__type ?? '')) {
          problems.push(`${operation} ${JSON.stringify(body).slice(0, 200)} → ${reply.status} ${parsed.__type}: ${parsed.Message?.slice(0, 200)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    await stillServing();
  });
});
