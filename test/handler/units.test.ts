import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeUserCommand, ResetPasswordCommand, WorkMailClient } from '@aws-sdk/client-workmail';
import { createEvent, deleteEvent, userProps } from './events';
import { dispatch, RECONCILERS } from '../../lambda/dispatch';
import { InvalidPropertyError, WorkMailOperationError } from '../../lambda/errors';
import { createLogger } from '../../lambda/logger';
import { propertyReader } from '../../lambda/properties';
import { adoptedPhysicalId, parsePhysicalId } from '../../lambda/reconcilers/mail-entity';
import { HandlerDeps } from '../../lambda/reconcilers/reconciler';
import { parseUser } from '../../lambda/reconcilers/user';
import { createPasswordReader } from '../../lambda/secrets';
import { WorkMailApi } from '../../lambda/workmail-client';
import { handler } from '../../lambda/workmail-provider.lambda';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const label = { resourceType: 'Custom::WorkMailUser', logicalId: 'Alice' };

describe('properties', () => {
  interface Props {
    readonly A?: string;
    readonly N?: string;
    readonly L?: string[];
    readonly O?: { readonly B?: string };
  }
  const read = (props: Record<string, unknown>) => propertyReader<Props>(props, label, { A: true, N: true, L: true, O: { B: true } });

  test('booleans from strings or real booleans, with a default', () => {
    expect(read({ A: 'true' }).boolean('A', false)).toBe(true);
    expect(read({ A: 'false' }).boolean('A', true)).toBe(false);
    expect(read({ A: true }).boolean('A', false)).toBe(true);
    expect(read({}).boolean('A', false)).toBe(false);
    expect(() => read({ A: 'yes' }).boolean('A', false)).toThrow("Property 'A' of Custom::WorkMailUser 'Alice' must be 'true' or 'false', got 'yes'");
    expect(read({ A: 'false' }).optionalBoolean('A')).toBe(false);
    expect(read({ A: '' }).optionalBoolean('A')).toBeUndefined();
    expect(() => read({ A: 'no' }).optionalBoolean('A')).toThrow("Property 'A' of Custom::WorkMailUser 'Alice' must be 'true' or 'false', got 'no'");
  });

  test('strings', () => {
    expect(read({ N: 'x' }).requiredString('N')).toBe('x');
    expect(read({ N: '' }).optionalString('N')).toBeUndefined();
    expect(() => read({}).requiredString('N')).toThrow(new InvalidPropertyError("Property 'N' of Custom::WorkMailUser 'Alice' is required"));
    expect(() => read({ N: 42 }).requiredString('N')).toThrow("Property 'N' of Custom::WorkMailUser 'Alice' must be a string, got number");
    expect(() => read({ N: ['x'] }).requiredString('N')).toThrow("Property 'N' of Custom::WorkMailUser 'Alice' must be a string, got a list");
  });

  test('lists of strings and nested objects name the element that is wrong', () => {
    expect(read({ L: ['a', 'b'] }).optionalStringList('L')).toEqual(['a', 'b']);
    expect(read({}).optionalStringList('L')).toBeUndefined();
    expect(() => read({ L: 'a' }).optionalStringList('L')).toThrow("Property 'L' of Custom::WorkMailUser 'Alice' must be a list of strings, got string");
    expect(() => read({ L: ['a', 3] }).optionalStringList('L')).toThrow("Property 'L[1]' of Custom::WorkMailUser 'Alice' must be a non-empty string, got number");
    expect(read({ O: { B: 'true' } }).optionalObject<{ readonly B?: string }>('O')?.optionalBoolean('B')).toBe(true);
    expect(() => read({ O: { B: 'maybe' } }).optionalObject<{ readonly B?: string }>('O')?.optionalBoolean('B'))
      .toThrow("Property 'O.B' of Custom::WorkMailUser 'Alice' must be 'true' or 'false', got 'maybe'");
    expect(() => read({ O: ['x'] }).optionalObject('O')).toThrow("Property 'O' of Custom::WorkMailUser 'Alice' must be an object, got a list");
  });

  test('a user declaration (a property it does not take is refused in a new declaration, ignored in a stored one)', () => {
    expect(() => parseUser({ ...userProps(), RemovalPolicy: 'retain' }, label)).toThrow(
      new InvalidPropertyError("Custom::WorkMailUser 'Alice' has no property 'RemovalPolicy': it takes OrganizationId, Name, Email, Enabled, " +
        'HiddenFromGlobalAddressList, AdoptExisting, Aliases, DisplayName, PasswordSecretArn, PasswordSecretField, FirstName, LastName, Initials, JobTitle, ' +
        'Department, Company, Office, Street, City, ZipCode, Country, Telephone'),
    );
    expect(parseUser({ ...userProps({ AdoptExisting: 'true', Email: undefined }), RemovalPolicy: 'retain' }, { ...label, stored: true })).toEqual({
      organizationId: 'm-0123456789abcdef0123456789abcdef',
      name: 'alice',
      displayName: 'Alice Liddell',
      email: undefined,
      enabled: undefined,
      passwordSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:alice-password-AbCdEf',
      passwordSecretField: undefined,
      adoptExisting: true,
      // Stored before the property existed: no aliases to add on registration.
      aliases: [],
    });
    expect(parseUser(userProps({ Email: undefined, Enabled: 'false' }), label).enabled).toBe(false);
    expect(() => parseUser(userProps({ Name: undefined }), label)).toThrow("Property 'Name' of Custom::WorkMailUser 'Alice' is required");
    expect(() => parseUser(userProps({ Email: undefined, Enabled: 'true' }), label)).toThrow(
      new InvalidPropertyError("Property 'Enabled' of Custom::WorkMailUser 'Alice' is 'true' but no 'Email' is given: WorkMail registers a user with its primary email address"),
    );
  });

  test('physical ids: an adopted entity is marked, the entity id is always bare', () => {
    expect(adoptedPhysicalId('uid-1')).toBe('adopted/uid-1');
    expect(parsePhysicalId('adopted/uid-1')).toEqual({ id: 'uid-1', adopted: true });
    expect(parsePhysicalId('uid-1')).toEqual({ id: 'uid-1', adopted: false });
  });
});

describe('secrets', () => {
  const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:s-AbCdEf';
  const reader = (reply: () => unknown) => createPasswordReader({ send: async () => reply() } as unknown as SecretsManagerClient);
  const notFound = Object.assign(new Error('Secrets Manager can\'t find the specified secret.'), { name: 'ResourceNotFoundException' });

  test('the whole string or one JSON field', async () => {
    await expect(reader(() => ({ SecretString: 'Plain-Pw-1' }))(arn)).resolves.toBe('Plain-Pw-1');
    await expect(reader(() => ({ SecretString: '{"password":"Json-Pw-1"}' }))(arn, 'password')).resolves.toBe('Json-Pw-1');
  });

  test('clear errors that never contain the value', async () => {
    const cases: [() => unknown, string | undefined, string][] = [
      [() => { throw notFound; }, undefined, `Password secret ${arn} was not found (GetSecretValue: ResourceNotFoundException)`],
      [() => { throw Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }); }, undefined,
        `Reading password secret ${arn} failed (GetSecretValue): AccessDeniedException: not allowed`],
      [() => ({ SecretString: 'Plain-Pw-1' }), 'password', `Password secret ${arn} is not JSON, so its field 'password' cannot be read`],
      [() => ({ SecretString: '"Plain-Pw-1"' }), 'password', `Password secret ${arn} is not a JSON object, so its field 'password' cannot be read`],
      [() => ({ SecretString: '{"user":"Plain-Pw-1"}' }), 'password', `Password secret ${arn} has no field 'password'`],
      [() => ({ SecretString: '{"password":["Plain-Pw-1"]}' }), 'password', `Field 'password' of password secret ${arn} is not a string`],
      [() => ({ SecretString: '' }), undefined, `Password secret ${arn} is empty`],
      [() => ({ SecretBinary: new Uint8Array([1]) }), undefined, `Password secret ${arn} holds no string value (binary secrets are not supported)`],
    ];
    for (const [reply, field, message] of cases) {
      const err = await reader(reply)(arn, field).catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toBe(message);
      expect((err as Error).message).not.toContain('Plain-Pw-1');
    }
  });
});

/** The error a promise rejects with (failing the test when it resolves). */
function rejection(promise: Promise<unknown>): Promise<WorkMailOperationError> {
  return promise.then(() => {
    throw new Error('expected a failure');
  }, (e: unknown) => e as WorkMailOperationError);
}

describe('workmail client wrapper', () => {
  const failing = (error: object) => ({ send: async () => { throw error; } }) as unknown as WorkMailClient;
  const ref = { kind: 'user' as const, organizationId: 'm-0123456789abcdef0123456789abcdef', name: 'alice', id: 'uid-1' };

  test('maps failures to WorkMailOperationError naming op, entity, org and error, and redacts secrets', async () => {
    const lines: string[] = [];
    const api = new WorkMailApi(failing(Object.assign(new Error('Password Leaky-Pw-1 is too weak'), {
      name: 'InvalidPasswordException', $metadata: { attempts: 1, httpStatusCode: 400, requestId: 'r-1' },
    })), createLogger((l) => lines.push(l)));
    const err = await rejection(api.send(new ResetPasswordCommand({ OrganizationId: ref.organizationId, UserId: 'uid-1', Password: 'Leaky-Pw-1' }),
      { ...ref, redact: ['Leaky-Pw-1'] }));

    expect(err).toBeInstanceOf(WorkMailOperationError);
    expect(err.message).toBe(`ResetPassword failed for user 'alice' (uid-1) in organization ${ref.organizationId}: InvalidPasswordException: Password *** is too weak`);
    expect(err).toMatchObject({ operation: 'ResetPassword', errorName: 'InvalidPasswordException', attempts: 1, httpStatusCode: 400, requestId: 'r-1' });
    expect(JSON.parse(lines[0])).toMatchObject({ operation: 'ResetPassword', outcome: 'error', errorName: 'InvalidPasswordException', attempts: 1 });
    expect(lines.join('\n')).not.toContain('Leaky-Pw-1');
  });

  test('network errors are named by their code', async () => {
    const api = new WorkMailApi(failing(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', $metadata: { attempts: 8 } })),
      createLogger(() => undefined));
    const err = await rejection(api.send(new DescribeUserCommand({ OrganizationId: ref.organizationId, UserId: 'uid-1' }), ref));
    expect(err.errorName).toBe('ECONNREFUSED');
    expect(err.attempts).toBe(8);
    expect(err.message).toMatch(/^DescribeUser failed for user 'alice' \(uid-1\) in organization m-.*: ECONNREFUSED: connect ECONNREFUSED/);
  });

  test('whether an earlier attempt may have been carried out', () => {
    const base = { operation: 'CreateUser', entity: ref, errorName: 'NameAvailabilityException', serviceMessage: 'taken' };
    expect(new WorkMailOperationError({ ...base, attempts: 1 }).earlierAttemptMayHaveSucceeded).toBe(false);
    expect(new WorkMailOperationError({ ...base, attempts: 2 }).earlierAttemptMayHaveSucceeded).toBe(true);
    expect(new WorkMailOperationError({
      ...base, attempts: 2, attemptOutcomes: [{ errorName: 'ThrottlingException', httpStatusCode: 400 }, { errorName: 'NameAvailabilityException' }],
    }).earlierAttemptMayHaveSucceeded).toBe(false);
    expect(new WorkMailOperationError({
      ...base, attempts: 3, attemptOutcomes: [{ errorName: 'ThrottlingException' }, { errorName: 'InternalFailure', httpStatusCode: 500 }, { errorName: 'X' }],
    }).earlierAttemptMayHaveSucceeded).toBe(true);
  });
});

describe('dispatch and entry', () => {
  const deps: HandlerDeps = {
    log: createLogger(() => undefined),
    workmail: new WorkMailApi(new WorkMailClient({ region: 'us-east-1' }), createLogger(() => undefined)),
    readPassword: async () => { throw new Error('not used'); },
    wait: { attempts: 1, delayMs: 1 },
    isRollingBack: async () => { throw new Error('not used'); },
    stackOperationStart: async () => { throw new Error('not used'); },
  };

  test('an unsupported resource type is a clear error naming it', async () => {
    await expect(dispatch(createEvent(userProps(), 'Team', 'Custom::WorkMailMailingList'), deps)).rejects.toThrow(
      `Unsupported resource type 'Custom::WorkMailMailingList' (logical id 'Team'): this WorkMail provider handles ${Object.keys(RECONCILERS).join(', ')}`,
    );
  });

  test('an unknown request type is a clear error', async () => {
    const event = { ...createEvent(userProps()), RequestType: 'Rollback' } as unknown as Parameters<typeof dispatch>[0];
    await expect(dispatch(event, deps)).rejects.toThrow("Unknown request type 'Rollback' for Custom::WorkMailUser 'Alice'");
  });

  test('the entry builds its own dependencies and answers the delete of an adopted user without any call', async () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await expect(handler(deleteEvent('adopted/uid-9', userProps()))).resolves.toEqual({ PhysicalResourceId: 'adopted/uid-9' });
      const logged = write.mock.calls.map((c) => String(c[0])).join('');
      expect(logged).toContain('"decision":"retain-adopted"');
      expect(logged).toContain('"entityId":"uid-9"');
      expect(logged).not.toContain('"message":"workmail call"');
    } finally {
      write.mockRestore();
    }
  });
});
