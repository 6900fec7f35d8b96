/** The small parts of export-mailboxes that need no server: outputs → destination, keys, tokens, backoff, the state file. */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { UsageError } from '../../cli/args';
import { clientToken } from '../../cli/mailbox-export/client-token';
import { checkDestination, destinationsInOutputs } from '../../cli/mailbox-export/destination';
import { exportLocation } from '../../cli/mailbox-export/location';
import { PollBackoff } from '../../cli/mailbox-export/poll-wait';
import { checkResumable, loadRunState, newRunState, saveRunState } from '../../cli/mailbox-export/state-file';

const DESTINATION = {
  bucket: 'exports',
  prefix: 'workmail-export/',
  roleArn: 'arn:aws:iam::111122223333:role/WorkMailExport',
  kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/k-1',
};
const described = (what: string) => `cdk-workmail mailbox export destination: ${what} (Stack/X)`;

test('destinations are found by their outputs\' descriptions and grouped by key prefix; other outputs are ignored', () => {
  const found = destinationsInOutputs([
    { OutputKey: 'MailBucketName', OutputValue: 'b1', Description: described('S3 bucket name') },
    { OutputKey: 'MailPrefix', OutputValue: 'p/', Description: described('S3 key prefix') },
    { OutputKey: 'MailRoleArn', OutputValue: 'r', Description: described('IAM role ARN') },
    { OutputKey: 'MailKmsKeyArn', OutputValue: 'k', Description: described('KMS key ARN') },
    { OutputKey: 'LegalBucketName', OutputValue: 'b2', Description: described('S3 bucket name') },
    { OutputKey: 'OtherBucketName', OutputValue: 'not ours', Description: 'some other bucket' },
  ]);
  expect(Object.fromEntries(found)).toEqual({
    Mail: { bucket: 'b1', prefix: 'p/', roleArn: 'r', kmsKeyArn: 'k' },
    Legal: { bucket: 'b2' },
  });
});

test('a destination is checked against StartMailboxExportJob\'s shapes, naming every problem', () => {
  expect(checkDestination(DESTINATION, 'x', (m) => new UsageError(m))).toEqual(DESTINATION);
  expect(() => checkDestination({ ...DESTINATION, bucket: 'my bucket', roleArn: 'role' }, 'the destination', (m) => new UsageError(m)))
    .toThrow("the destination: bucket 'my bucket' is not an S3 bucket name; role 'role' is not an IAM role ARN");
});

describe('the zip\'s bucket and key from S3Path, in every plausible form; the log beside it', () => {
  const at = (bucket: string, key: string) => ({ bucket, object: key, log: key.replace(/\.zip$/, '.log.json') });
  test.each([
    ['bucket/key, as documented', 'exports/workmail-export/job-1.zip', at('exports', 'workmail-export/job-1.zip')],
    ['a bare key', 'workmail-export/job-1.zip', at('exports', 'workmail-export/job-1.zip')],
    ['an s3:// URI', 's3://exports/workmail-export/job-1.zip', at('exports', 'workmail-export/job-1.zip')],
    ['an s3:// URI of another bucket: where it says', 's3://elsewhere/x/job-1.zip', at('elsewhere', 'x/job-1.zip')],
    ['an S3 ARN', 'arn:aws:s3:::exports/workmail-export/job-1.zip', at('exports', 'workmail-export/job-1.zip')],
    ['a virtual-hosted URL', 'https://exports.s3.us-east-1.amazonaws.com/workmail-export/job-1.zip', at('exports', 'workmail-export/job-1.zip')],
    ['a path-style URL', 'https://s3.us-east-1.amazonaws.com/exports/workmail-export/job-1.zip', at('exports', 'workmail-export/job-1.zip')],
    ['a leading slash', '/exports/workmail-export/job-1.zip', at('exports', 'workmail-export/job-1.zip')],
    ['a key below the prefix, not at its top', 'exports/workmail-export/2026/job-1.zip', at('exports', 'workmail-export/2026/job-1.zip')],
  ])('%s', (_, s3Path, expected) => {
    expect(exportLocation(DESTINATION, s3Path)).toEqual(expected);
  });

  // The prefix starts with the bucket's name: the bucket in front is told from the key by the prefix.
  const sameName = { ...DESTINATION, prefix: 'exports/' };
  test.each([
    ['bucket/key', 'exports/exports/job-1.zip', at('exports', 'exports/job-1.zip')],
    ['a bare key', 'exports/job-1.zip', at('exports', 'exports/job-1.zip')],
    ['an s3:// URI', 's3://exports/exports/job-1.zip', at('exports', 'exports/job-1.zip')],
  ])('the prefix starts with the bucket\'s name: %s', (_, s3Path, expected) => {
    expect(exportLocation(sameName, s3Path)).toEqual(expected);
  });

  test('both readings under the prefix: the documented one, bucket in front, wins', () => {
    expect(exportLocation(sameName, 'exports/exports/exports/job-1.zip')).toEqual(at('exports', 'exports/exports/job-1.zip'));
  });
});

test('a client token is the same for the same run, mailbox and start, and differs otherwise; the API accepts its shape', () => {
  const token = clientToken('run-1', 'user-1', 1);
  expect(token).toBe(clientToken('run-1', 'user-1', 1));
  expect(new Set([token, clientToken('run-2', 'user-1', 1), clientToken('run-1', 'user-2', 1), clientToken('run-1', 'user-1', 2)]).size).toBe(4);
  expect(token).toMatch(/^[\x21-\x7e]{1,128}$/);
});

test('polls back off while nothing changes, up to the most, and start over after a change', () => {
  const backoff = new PollBackoff(100, 400);
  expect([false, false, false, false, true, false].map((changed) => backoff.next(changed))).toEqual([200, 400, 400, 400, 100, 200]);
});

describe('the state file', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'export-state-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('round trip; absent is a new run; garbage is an error that names the file and says what to do', () => {
    const file = path.join(dir, 'state.json');
    expect(loadRunState(file)).toBeUndefined();
    const state = newRunState({ id: 'm-1', alias: 'acme' }, DESTINATION);
    saveRunState(file, state);
    expect(loadRunState(file)).toEqual(state);
    writeFileSync(file, '{"not":"ours"}');
    expect(() => loadRunState(file)).toThrow(`the state file ${file} was not written by cdk-workmail export-mailboxes; move it away to start a new run`);
    writeFileSync(file, '{');
    expect(() => loadRunState(file)).toThrow(`the state file ${file} is not valid JSON; move it away to start a new run`);
  });

  test('a resumed run must be of the same organization and destination', () => {
    const state = newRunState({ id: 'm-1' }, DESTINATION);
    expect(() => checkResumable('s.json', state, 'm-1', DESTINATION)).not.toThrow();
    expect(() => checkResumable('s.json', state, 'm-2', DESTINATION))
      .toThrow('the state file s.json belongs to organization m-1, not m-2: give another --state to start a new run');
    expect(() => checkResumable('s.json', state, 'm-1', { ...DESTINATION, bucket: 'other' })).toThrow(UsageError);
  });
});
