import { CreateGroupCommand, CreateUserCommand, DescribeUserCommand, ListUsersCommand } from '@aws-sdk/client-workmail';
import { client, expectError, ORG, SEED } from './helpers';
import { startEmulator } from '../../local/emulator';
import { parseArgs } from '../../local/emulator/cli';

describe('allowed operations', () => {
  test('only the allowed operations run; any other is AccessDeniedException and changes nothing', async () => {
    const emulator = await startEmulator({ seed: SEED, allowedOperations: ['CreateUser', 'ListUsers'] });
    const wm = client(emulator.endpoint);
    try {
      await wm.send(new CreateUserCommand({ OrganizationId: ORG, Name: 'allowed', DisplayName: 'Allowed' }));
      const denied = await expectError(wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: 'denied' })), 'AccessDeniedException');
      expect(denied.message).toContain('workmail:CreateGroup');
      expect(denied.$metadata?.httpStatusCode).toBe(400);
      await expectError(wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: 'allowed' })), 'AccessDeniedException');
      expect(emulator.seed().organizations[0].groups).toEqual([]);
      expect(emulator.calls.map((c) => [c.operation, c.errorName])).toEqual([
        ['CreateUser', undefined], ['CreateGroup', 'AccessDeniedException'], ['DescribeUser', 'AccessDeniedException'],
      ]);

      emulator.setAllowedOperations(['DescribeUser']);
      await expectError(wm.send(new ListUsersCommand({ OrganizationId: ORG })), 'AccessDeniedException');
      expect((await wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: 'allowed' }))).Name).toBe('allowed');

      emulator.setAllowedOperations(undefined);
      await wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: 'now-allowed' }));
      expect(emulator.seed().organizations[0].groups!.map((g) => g.name)).toEqual(['now-allowed']);
    } finally {
      wm.destroy();
      await emulator.close();
    }
  });

  test('the CLI flag --allow takes comma-separated operation names and refuses unknown ones', () => {
    expect(parseArgs(['--allow', 'CreateUser, DescribeUser'])).toMatchObject({ allowedOperations: ['CreateUser', 'DescribeUser'] });
    expect(parseArgs(['--allow=ListUsers'])).toMatchObject({ allowedOperations: ['ListUsers'] });
    expect(parseArgs([])).not.toHaveProperty('allowedOperations');
    expect(() => parseArgs(['--allow', 'CreateUser,CreateMailbox'])).toThrow(/--allow: unknown operation CreateMailbox/);
  });
});
