/**
 * A plan as text (a list for a terminal or a pipeline log), as markdown (a table to post as a pull
 * request's comment, destructive actions first and marked) or as JSON; each ends with the summary.
 */
import { destroysMailboxAction } from './destructive';
import type { PlanAction, PlanChange, PlanReport } from './types';
import { cell as value } from '../drift/format';

export const PLAN_FORMATS = ['text', 'markdown', 'json'] as const;
export type PlanFormat = typeof PLAN_FORMATS[number];

function changeText(change: PlanChange): string {
  return `${change.field}: ${value(change.from)} → ${value(change.to)}${change.drift ? ' (changed by hand: put back)' : ''}`;
}

/** `3 to create, 1 to adopt, 4 to update, 0 to replace, 1 to delete, 2 retained` */
export function summaryLine(report: PlanReport): string {
  const s = report.summary;
  return `${s.create} to create, ${s.adopt} to adopt, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete, ${s.retain} retained`;
}

function notes(report: PlanReport): string[] {
  const { unchanged, failing } = report.summary;
  return [
    `${unchanged} unchanged.`,
    ...(failing > 0 ? [`The deployment would fail: ${failing} ${failing === 1 ? 'action fails' : 'actions fail'} (marked FAILS).`] : []),
  ];
}

function formatText(report: PlanReport): string {
  const lines: string[] = [];
  for (const a of report.actions) {
    const mark = destroysMailboxAction(a) ? '  [DESTROYS A MAILBOX]' : '';
    lines.push(`${a.action.padEnd(7)}  ${a.kind} ${value(a.name)}  (${a.stack}/${a.logicalId})${a.reason ? `: ${a.reason}` : ''}${mark}`);
    for (const change of a.changes) lines.push(`           ${changeText(change)}`);
    if (a.failure !== undefined) lines.push(`           FAILS: ${value(a.failure)}`);
  }
  if (lines.length > 0) lines.push('');
  return [...lines, ...notes(report), summaryLine(report)].join('\n') + '\n';
}

/** A table cell: pipes and newlines escaped, so a value cannot break the table. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function formatMarkdown(report: PlanReport): string {
  const lines = [`### WorkMail plan: ${summaryLine(report)}`, ''];
  if (report.actions.length > 0) {
    lines.push('| | Action | Entity | Stack / logical id | Changes | Reason |', '|---|---|---|---|---|---|');
    for (const a of report.actions) {
      const mark = a.failure !== undefined ? '❌ fails' : destroysMailboxAction(a) ? '⚠️ destroys a mailbox' : a.action === 'delete' || a.action === 'replace' ? '⚠️' : '';
      const changes = a.changes.map((c) => cell(changeText(c))).join('<br>');
      const reason = [a.reason, ...(a.failure !== undefined ? [`**Fails:** ${a.failure}`] : [])].filter((t) => t !== '').map(cell).join('<br>');
      const action = a.action === 'delete' || a.action === 'replace' ? `**${a.action}**` : a.action;
      lines.push(`| ${mark} | ${action} | ${a.kind} ${cell(code(a.name))} | ${cell(code(`${a.stack}/${a.logicalId}`))} | ${changes} | ${reason} |`);
    }
    lines.push('');
  }
  lines.push(...notes(report));
  return lines.join('\n') + '\n';
}

function formatJson(report: PlanReport): string {
  const actions = report.actions.map((a: PlanAction) => ({
    action: a.action,
    kind: a.kind,
    name: a.name,
    stack: a.stack,
    logicalId: a.logicalId,
    changes: a.changes,
    reason: a.reason,
    ...(a.failure !== undefined ? { failure: a.failure } : {}),
    ...(a.destroysMailbox ? { destroysMailbox: true } : {}),
  }));
  return JSON.stringify({ actions, summary: report.summary }, undefined, 2) + '\n';
}

export function formatPlan(report: PlanReport, format: PlanFormat): string {
  switch (format) {
    case 'markdown': return formatMarkdown(report);
    case 'json': return formatJson(report);
    default: return formatText(report);
  }
}
