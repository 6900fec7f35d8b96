import {
  CreateUserCommand, DescribeOrganizationCommand, ListOrganizationsCommand, ListUsersCommand, RegisterToWorkMailCommand, WorkMailClient,
} from '@aws-sdk/client-workmail';
import { expectError, INACTIVE_ORG, MISSING_ORG, ORG, SEED, useEmulator } from './helpers';
import { startEmulator } from '../../local/emulator';

const SYNCING_ORG = 'm-eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
const CREATING_ORG = 'm-cccccccccccccccccccccccccccccccc';

const h = useEmulator({
  seed: {
    organizations: [...SEED.organizations, {
      id: 'm-dddddddddddddddddddddddddddddddd', alias: 'gone', defaultMailDomain: 'gone.example.com', domains: ['gone.example.com'], state: 'Deleted',
    }, {
      id: SYNCING_ORG, alias: 'syncing', defaultMailDomain: 'sync.example.com', domains: ['sync.example.com'], state: 'Synchronizing',
    }, {
      id: CREATING_ORG, alias: 'creating', defaultMailDomain: 'new.example.com', domains: ['new.example.com'], state: 'Creating',
    }],
  },
});

describe('organizations', () => {
  test('DescribeOrganization returns the seeded organization, its ARN in the signed region', async () => {
    const wm = new WorkMailClient({
      endpoint: h().emulator.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1,
    });
    const org = await wm.send(new DescribeOrganizationCommand({ OrganizationId: ORG }));
    wm.destroy();
    expect(org).toMatchObject({
      OrganizationId: ORG,
      Alias: 'acme',
      State: 'Active',
      DefaultMailDomain: 'acme.example.com',
      DirectoryType: 'WorkMailDirectory',
      InteroperabilityEnabled: false,
    });
    expect(org.ARN).toMatch(new RegExp(`^arn:aws:workmail:eu-west-1:\\d{12}:organization/${ORG}$`));
    expect(org.CompletedDate).toBeInstanceOf(Date);
  });

  test('an organization that is not Active is described, but refuses other operations', async () => {
    const org = await h().wm.send(new DescribeOrganizationCommand({ OrganizationId: INACTIVE_ORG }));
    expect(org.State).toBe('Impaired');
    await expectError(h().wm.send(new ListUsersCommand({ OrganizationId: INACTIVE_ORG })), 'OrganizationStateException');
  });

  test('Active and Synchronizing are the working states; others answer OrganizationStateException', async () => {
    const created = await h().wm.send(new CreateUserCommand({ OrganizationId: SYNCING_ORG, Name: 'syncuser', DisplayName: 'Sync' }));
    await h().wm.send(new RegisterToWorkMailCommand({ OrganizationId: SYNCING_ORG, EntityId: created.UserId!, Email: 'syncuser@sync.example.com' }));
    expect((await h().wm.send(new ListUsersCommand({ OrganizationId: SYNCING_ORG }))).Users!.map((u) => u.State)).toEqual(['ENABLED']);
    const e = await expectError(h().wm.send(new CreateUserCommand({ OrganizationId: CREATING_ORG, Name: 'x', DisplayName: 'x' })), 'OrganizationStateException');
    expect(e.message).toContain('Creating');
    expect((await h().wm.send(new DescribeOrganizationCommand({ OrganizationId: CREATING_ORG }))).State).toBe('Creating');
  });

  test('DescribeOrganization errors', async () => {
    await expectError(h().wm.send(new DescribeOrganizationCommand({ OrganizationId: MISSING_ORG })), 'OrganizationNotFoundException');
    await expectError(h().wm.send(new DescribeOrganizationCommand({ OrganizationId: 'm-XYZ' })), 'InvalidParameterException');
    await expectError(h().wm.send(new DescribeOrganizationCommand({} as never)), 'InvalidParameterException');
  });

  test('ListOrganizations leaves out Deleted organizations', async () => {
    const out = await h().wm.send(new ListOrganizationsCommand({}));
    expect(out.OrganizationSummaries).toEqual([
      { OrganizationId: ORG, Alias: 'acme', DefaultMailDomain: 'acme.example.com', State: 'Active' },
      { OrganizationId: INACTIVE_ORG, Alias: 'old', DefaultMailDomain: 'old.example.com', State: 'Impaired' },
      { OrganizationId: SYNCING_ORG, Alias: 'syncing', DefaultMailDomain: 'sync.example.com', State: 'Synchronizing' },
      { OrganizationId: CREATING_ORG, Alias: 'creating', DefaultMailDomain: 'new.example.com', State: 'Creating' },
    ]);
    expect(out.NextToken).toBeUndefined();
  });

  test('the default seed has one organization, acme', async () => {
    const emulator = await startEmulator();
    try {
      const snap = emulator.snapshot();
      expect(snap.organizations).toHaveLength(1);
      expect(snap.organizations[0]).toMatchObject({ alias: 'acme', state: 'Active', domains: ['acme.example.com'], users: [], groups: [], resources: [] });
    } finally {
      await emulator.close();
    }
  });
});
