import {
  CreateUserCommand, DeregisterFromWorkMailCommand, GetMailboxDetailsCommand, GetMailDomainCommand, RegisterToWorkMailCommand,
} from '@aws-sdk/client-workmail';
import { client, DOMAIN, expectError, INACTIVE_ORG, MISSING_ORG, ORG, OTHER_DOMAIN, SEED, UNVERIFIED_DOMAIN, uniqueName } from './helpers';
import { EmulatorSeed, RunningEmulator, startEmulator, validateSeed } from '../../local/emulator';

const SIZED_ORG = 'm-22222222222222222222222222222222';
const SIZED = 'sized.example.com';
const seed: EmulatorSeed = {
  organizations: [
    ...SEED.organizations,
    {
      id: SIZED_ORG,
      alias: 'sized',
      defaultMailDomain: SIZED,
      domains: [SIZED, 'sized.awsapps.com'],
      users: [
        { name: 'big', email: `big@${SIZED}`, mailboxQuota: 102400, mailboxSize: 61440.5 },
        { name: 'plain', email: `plain@${SIZED}` },
        { name: 'nomail' },
      ],
      mailDomains: [{
        domainName: 'SIZED.example.com',
        isDefault: true,
        ownershipVerificationStatus: 'VERIFIED',
        dkimVerificationStatus: 'FAILED',
        records: [{ type: 'MX', hostname: SIZED, value: '10 inbound-smtp.eu-west-1.amazonaws.com' }],
      }],
    },
  ],
};

let emulator: RunningEmulator;
let wm: ReturnType<typeof client>;
beforeAll(async () => {
  emulator = await startEmulator({ seed });
  wm = client(emulator.endpoint);
});
afterAll(async () => {
  wm.destroy();
  await emulator.close();
});

describe('GetMailDomain', () => {
  test('a domain added without details: WorkMail\'s records for it, verified, the default one marked', async () => {
    const out = await wm.send(new GetMailDomainCommand({ OrganizationId: ORG, DomainName: DOMAIN }));
    expect(out).toMatchObject({ IsDefault: true, IsTestDomain: false, OwnershipVerificationStatus: 'VERIFIED', DkimVerificationStatus: 'VERIFIED' });
    const records = out.Records!;
    expect(records.map((r) => `${r.Type} ${r.Hostname}`)).toEqual([
      `TXT _amazonses.${DOMAIN}`,
      `MX ${DOMAIN}`,
      `CNAME autodiscover.${DOMAIN}`,
      ...records.slice(3, 6).map((r) => `CNAME ${r.Hostname}`),
      `TXT ${DOMAIN}`,
      `TXT _dmarc.${DOMAIN}`,
    ]);
    expect(records[1].Value).toBe('10 inbound-smtp.us-east-1.amazonaws.com');
    expect(records[2].Value).toBe('autodiscover.mail.us-east-1.awsapps.com');
    for (const dkim of records.slice(3, 6)) {
      expect(dkim.Hostname).toMatch(new RegExp(`^[a-z2-7]{32}\\._domainkey\\.${DOMAIN.replace(/\./g, '\\.')}$`));
      expect(dkim.Value).toBe(`${dkim.Hostname!.split('.')[0]}.dkim.amazonses.com`);
    }
    expect(new Set(records.slice(3, 6).map((r) => r.Hostname)).size).toBe(3);
    expect(records[6].Value).toBe('v=spf1 include:amazonses.com ~all');
    // The same organization and domain give the same tokens; another domain others.
    const again = await wm.send(new GetMailDomainCommand({ OrganizationId: ORG, DomainName: DOMAIN.toUpperCase() }));
    expect(again.Records).toEqual(records);
    const other = await wm.send(new GetMailDomainCommand({ OrganizationId: ORG, DomainName: OTHER_DOMAIN }));
    expect(other.IsDefault).toBe(false);
    expect(other.Records![0].Value).not.toBe(records[0].Value);
  });

  test('an unverified domain is PENDING; a domain under awsapps.com is the test domain', async () => {
    const pending = await wm.send(new GetMailDomainCommand({ OrganizationId: ORG, DomainName: UNVERIFIED_DOMAIN }));
    expect(pending).toMatchObject({ IsDefault: false, OwnershipVerificationStatus: 'PENDING', DkimVerificationStatus: 'PENDING' });
    const test = await wm.send(new GetMailDomainCommand({ OrganizationId: SIZED_ORG, DomainName: 'sized.awsapps.com' }));
    expect(test).toMatchObject({ IsTestDomain: true, IsDefault: false });
  });

  test('the seed\'s details are answered as given', async () => {
    const out = await wm.send(new GetMailDomainCommand({ OrganizationId: SIZED_ORG, DomainName: SIZED }));
    expect(out).toMatchObject({
      IsDefault: true,
      IsTestDomain: false,
      OwnershipVerificationStatus: 'VERIFIED',
      DkimVerificationStatus: 'FAILED',
      Records: [{ Type: 'MX', Hostname: SIZED, Value: '10 inbound-smtp.eu-west-1.amazonaws.com' }],
    });
  });

  test('errors: unknown domain, missing organization, organization not Active, malformed name', async () => {
    await expectError(wm.send(new GetMailDomainCommand({ OrganizationId: ORG, DomainName: 'nobody.example.com' })), 'MailDomainNotFoundException');
    await expectError(wm.send(new GetMailDomainCommand({ OrganizationId: ORG, DomainName: SIZED })), 'MailDomainNotFoundException');
    await expectError(wm.send(new GetMailDomainCommand({ OrganizationId: MISSING_ORG, DomainName: DOMAIN })), 'OrganizationNotFoundException');
    await expectError(wm.send(new GetMailDomainCommand({ OrganizationId: INACTIVE_ORG, DomainName: 'old.example.com' })), 'OrganizationStateException');
    await expectError(wm.send(new GetMailDomainCommand({ OrganizationId: ORG, DomainName: 'a b' })), 'InvalidParameterException');
  });
});

describe('GetMailboxDetails', () => {
  test('quota and size in MB, by id, name or address; defaults 51200 and 0', async () => {
    expect(await wm.send(new GetMailboxDetailsCommand({ OrganizationId: SIZED_ORG, UserId: 'big' })))
      .toMatchObject({ MailboxQuota: 102400, MailboxSize: 61440.5 });
    const id = emulator.snapshot().organizations[2].users.find((u) => u.name === 'plain')!.id;
    for (const userId of [id, 'plain', `plain@${SIZED}`]) {
      expect(await wm.send(new GetMailboxDetailsCommand({ OrganizationId: SIZED_ORG, UserId: userId })))
        .toMatchObject({ MailboxQuota: 51200, MailboxSize: 0 });
    }
  });

  test('a user registered through the API has a mailbox; deregistered, it has none', async () => {
    const name = uniqueName('mbx');
    const { UserId } = await wm.send(new CreateUserCommand({ OrganizationId: ORG, Name: name, DisplayName: name }));
    await expectError(wm.send(new GetMailboxDetailsCommand({ OrganizationId: ORG, UserId })), 'EntityNotFoundException');
    await wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: UserId, Email: `${name}@${DOMAIN}` }));
    expect(await wm.send(new GetMailboxDetailsCommand({ OrganizationId: ORG, UserId }))).toMatchObject({ MailboxQuota: 51200, MailboxSize: 0 });
    await wm.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: UserId }));
    await expectError(wm.send(new GetMailboxDetailsCommand({ OrganizationId: ORG, UserId })), 'EntityNotFoundException');
  });

  test('errors: unknown user, user without a mailbox, missing organization, organization not Active', async () => {
    await expectError(wm.send(new GetMailboxDetailsCommand({ OrganizationId: SIZED_ORG, UserId: 'nobody' })), 'EntityNotFoundException');
    await expectError(wm.send(new GetMailboxDetailsCommand({ OrganizationId: SIZED_ORG, UserId: 'nomail' })), 'EntityNotFoundException');
    await expectError(wm.send(new GetMailboxDetailsCommand({ OrganizationId: MISSING_ORG, UserId: 'big' })), 'OrganizationNotFoundException');
    await expectError(wm.send(new GetMailboxDetailsCommand({ OrganizationId: INACTIVE_ORG, UserId: 'big' })), 'OrganizationStateException');
  });
});

describe('the seed\'s mailDomains and mailbox sizes', () => {
  test('the dump writes every domain\'s details and every mailbox\'s quota and size, and seeds the same state again', async () => {
    const org = emulator.seed().organizations[2];
    expect(org.mailDomains!.map((d) => [d.domainName, d.isDefault, d.isTestDomain, d.dkimVerificationStatus, d.records!.length]))
      .toEqual([[SIZED, true, false, 'FAILED', 1], ['sized.awsapps.com', false, true, 'VERIFIED', 8]]);
    expect(org.users!.map((u) => [u.name, u.mailboxQuota, u.mailboxSize])).toEqual([
      ['big', 102400, 61440.5], ['plain', 51200, 0], ['nomail', undefined, undefined],
    ]);
    const again = await startEmulator({ seed: validateSeed(JSON.parse(JSON.stringify(emulator.seed()))) });
    try {
      expect(again.seed()).toEqual(emulator.seed());
    } finally {
      await again.close();
    }
  });

  test.each([
    [{ mailDomains: [{ domainName: 'elsewhere.example.com' }] }, /mailDomains\[0\]\.domainName must be one of the organization's domains/],
    [{ mailDomains: [{ domainName: SIZED }, { domainName: SIZED }] }, /mailDomains\[1\]\.domainName repeats/],
    [{ mailDomains: [{ domainName: SIZED, isDefault: false }] }, /mailDomains\[0\]\.isDefault must be true/],
    [{ mailDomains: [{ domainName: SIZED, dkimVerificationStatus: 'DONE' }] }, /dkimVerificationStatus must be one of PENDING, VERIFIED, FAILED/],
    [{ mailDomains: [{ domainName: SIZED, records: [{ type: 'MX', hostname: SIZED }] }] }, /records\[0\]\.value must be a non-empty string/],
    [{ mailDomains: [{ domainName: SIZED, ttl: 300 }] }, /mailDomains\[0\]\.ttl is not a known field/],
    [{ users: [{ name: 'u', email: `u@${SIZED}`, mailboxQuota: 1.5 }] }, /users\[0\]\.mailboxQuota must be a whole number/],
    [{ users: [{ name: 'u', email: `u@${SIZED}`, mailboxSize: -1 }] }, /users\[0\]\.mailboxSize must be a number of MB, at least 0/],
    [{ users: [{ name: 'u', mailboxSize: 3 }] }, /users\[0\]\.mailboxSize needs an email/],
  ])('refuses %j', (extra, message) => {
    const org = { id: SIZED_ORG, alias: 'sized', defaultMailDomain: SIZED, domains: [SIZED], ...extra };
    expect(() => validateSeed({ organizations: [org] })).toThrow(message);
  });
});
