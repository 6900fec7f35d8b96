import * as fs from 'fs';
import * as path from 'path';
import * as workmail from '@aws-sdk/client-workmail';
import { WORKMAIL_ACTIONS } from '../../src/provider/workmail-actions';

/** The 28 operations of the 2017 WorkMail API. */
const OPERATIONS_2017 = [
  'CreateUser', 'DescribeUser', 'DeleteUser', 'ListUsers', 'ResetPassword',
  'CreateGroup', 'DescribeGroup', 'DeleteGroup', 'ListGroups', 'AssociateMemberToGroup', 'DisassociateMemberFromGroup', 'ListGroupMembers',
  'CreateResource', 'DescribeResource', 'UpdateResource', 'DeleteResource', 'ListResources',
  'AssociateDelegateToResource', 'DisassociateDelegateFromResource', 'ListResourceDelegates',
  'CreateAlias', 'DeleteAlias', 'ListAliases', 'RegisterToWorkMail', 'DeregisterFromWorkMail', 'UpdatePrimaryEmailAddress',
  'DescribeOrganization', 'ListOrganizations',
];

function sources(dir: string): string {
  return fs.readdirSync(dir, { withFileTypes: true }).map((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? fs.readFileSync(full, 'utf8') : '';
  }).join('\n');
}

test('the handler sends every one of the 28 operations of the 2017 API, and is granted exactly what it sends', () => {
  const handler = sources(path.join(__dirname, '..', '..', 'lambda'));
  // A command is sent by constructing it, or paged through an SDK paginator.
  const sent = new Set([...handler.matchAll(/new (\w+)Command\(|\bpaginate(\w+)\b/g)].map((m) => m[1] ?? m[2])
    .filter((op) => `${op}Command` in workmail));
  expect(OPERATIONS_2017.filter((op) => !sent.has(op))).toEqual([]);
  expect(OPERATIONS_2017).toHaveLength(28);
  const granted = new Set(Object.values(WORKMAIL_ACTIONS).flat());
  expect([...sent].filter((op) => !granted.has(op)).sort()).toEqual([]);
  expect([...granted].filter((op) => !sent.has(op)).sort()).toEqual([]);
});
