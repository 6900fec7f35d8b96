/** The scan's and the drift check's errors: the message users see, the SDK's error kept as the cause, nothing changed afterwards. */
import { OrganizationNotFoundException, ResourceNotFoundException, WorkMailClient } from '@aws-sdk/client-workmail';
import { concurrencyLimit } from '../../cli/concurrency';
import { LiveOrganization, LiveReadError, LiveWorkMail } from '../../cli/drift/live';
import { ScanError } from '../../cli/scan';
import { ScanReader } from '../../cli/scan/reader';

const ORG = `m-${'0'.repeat(32)}`;

/** A client whose every call fails with `error` (a real one: the SDK's paginators insist). */
function failing(error: unknown): WorkMailClient {
  const client = new WorkMailClient({ region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  client.send = () => Promise.reject(error);
  return client;
}

const notFound = () => new OrganizationNotFoundException({ $metadata: {}, message: 'no such organization' });

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

test('ScanError: the message names the operation, the entity and the organization; the SDK error is its cause; frozen', async () => {
  const cause = new ResourceNotFoundException({ $metadata: {}, message: 'gone' });
  const reader = new ScanReader(failing(cause), () => 'organization acme', () => undefined);
  const error = await rejection(reader.send('DescribeUser', "user 'alice'", () => Promise.reject(cause)));
  expect(error).toBeInstanceOf(ScanError);
  expect(error.message).toBe("DescribeUser failed for user 'alice' in organization acme: ResourceNotFoundException: gone");
  expect(error.cause).toBe(cause);
  expect(Object.isFrozen(error)).toBe(true);
  expect(() => { (error as { cause: unknown }).cause = undefined; }).toThrow(TypeError);

  const paged = await rejection(reader.pages('ListUsers', '', (async function* () { throw cause; })()));
  expect(paged.message).toBe('ListUsers failed for organization acme: ResourceNotFoundException: gone');
  expect(paged.cause).toBe(cause);
  expect(new ScanError('no such alias').cause).toBeUndefined();
});

test('LiveReadError: the message names the operation and the organization; the cause is kept; notFound is set by the constructor', async () => {
  const cause = notFound();
  const live = new LiveOrganization(failing(cause), concurrencyLimit(1), ORG, () => undefined);
  // An organization that does not exist reads as undefined, from notFound.
  await expect(live.entities()).resolves.toBeUndefined();
  const error = await rejection(live.members('group-1'));
  expect(error).toBeInstanceOf(LiveReadError);
  expect(error).toMatchObject({ operation: 'ListGroupMembers', where: `organization ${ORG}`, notFound: true, cause });
  expect(error.message).toBe(`ListGroupMembers failed for organization ${ORG}: OrganizationNotFoundException: no such organization`);
  expect(Object.isFrozen(error)).toBe(true);
  expect(() => { (error as unknown as { notFound: boolean }).notFound = false; }).toThrow(TypeError);

  const other = new Error('socket hang up');
  const failed = await rejection(new LiveWorkMail(failing(other), concurrencyLimit(1), () => undefined).organizationByAlias('acme'));
  expect(failed).toMatchObject({ operation: 'ListOrganizations', notFound: false, cause: other });
  expect(failed.message).toBe('ListOrganizations failed for this account and region: Error: socket hang up');
});
