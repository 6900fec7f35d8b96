import { formatPlan, PlanReport } from '../../cli/plan';

/** The formats on a plan made by hand: what a value could hold must not break a line or the table. */
const report: PlanReport = {
  stacks: ['S'],
  actions: [
    {
      action: 'delete',
      kind: 'resource',
      name: 'room|1',
      stack: 'S',
      logicalId: 'Room',
      changes: [],
      reason: "leaves the stack: resource 'room|1' is deleted",
      destroysMailbox: true,
    },
    {
      action: 'update',
      kind: 'user',
      name: 'ann',
      stack: 'S',
      logicalId: 'Ann',
      reason: '',
      changes: [{ field: 'displayName', from: 'Ann\nSmith', to: 'Ann `S`' }, { field: 'office', from: '', to: undefined }],
    },
    { action: 'create', kind: 'group', name: 'g', stack: 'S', logicalId: 'G', changes: [], reason: 'new group address g@x', failure: 'it | fails' },
  ],
  summary: { create: 1, adopt: 0, update: 1, replace: 0, delete: 1, retain: 0, unchanged: 4, failing: 1 },
};

test('text: one line per action and change, escaped; the summary last', () => {
  expect(formatPlan(report, 'text')).toBe([
    "delete   resource room|1  (S/Room): leaves the stack: resource 'room|1' is deleted  [DESTROYS A MAILBOX]",
    'update   user ann  (S/Ann)',
    '           displayName: Ann\\nSmith → Ann `S`',
    '           office: "" → (none)',
    'create   group g  (S/G): new group address g@x',
    '           FAILS: it | fails',
    '',
    '4 unchanged.',
    'The deployment would fail: 1 action fails (marked FAILS).',
    '1 to create, 0 to adopt, 1 to update, 0 to replace, 1 to delete, 0 retained',
    '',
  ].join('\n'));
});

test('markdown: pipes, newlines and backticks cannot break the table', () => {
  const lines = formatPlan(report, 'markdown').split('\n');
  expect(lines[0]).toBe('### WorkMail plan: 1 to create, 0 to adopt, 1 to update, 0 to replace, 1 to delete, 0 retained');
  expect(lines.filter((l) => l.startsWith('| '))).toEqual([
    '| | Action | Entity | Stack / logical id | Changes | Reason |',
    "| ⚠️ destroys a mailbox | **delete** | resource `room\\|1` | `S/Room` |  | leaves the stack: resource 'room\\|1' is deleted |",
    '|  | update | user `ann` | `S/Ann` | displayName: Ann\\\\nSmith → Ann `S`<br>office: "" → (none) |  |',
    '| ❌ fails | create | group `g` | `S/G` |  | new group address g@x<br>**Fails:** it \\| fails |',
  ]);
});

test('json: the actions and the summary only', () => {
  expect(JSON.parse(formatPlan(report, 'json'))).toEqual({
    actions: [
      {
        action: 'delete',
        kind: 'resource',
        name: 'room|1',
        stack: 'S',
        logicalId: 'Room',
        changes: [],
        reason: "leaves the stack: resource 'room|1' is deleted",
        destroysMailbox: true,
      },
      { action: 'update', kind: 'user', name: 'ann', stack: 'S', logicalId: 'Ann', changes: [{ field: 'displayName', from: 'Ann\nSmith', to: 'Ann `S`' }, { field: 'office', from: '' }], reason: '' },
      { action: 'create', kind: 'group', name: 'g', stack: 'S', logicalId: 'G', changes: [], reason: 'new group address g@x', failure: 'it | fails' },
    ],
    summary: report.summary,
  });
});
