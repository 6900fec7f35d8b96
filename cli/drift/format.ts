/**
 * The report as text for a terminal or a pipeline log: a table of differences (ENTITY, FIELD,
 * DECLARED, LIVE), a table of unchecked fields (ENTITY, FIELD, REASON), and one summary line.
 */
import type { DriftEntity, DriftReport } from './types';

/** Shown for "nothing there": no such member, an attribute not set. */
const NONE = '(none)';

/** One line per cell: control characters (newlines, tabs) shown escaped; `(none)` for nothing. Plan's text shows values alike. */
export function cell(value: string | undefined): string {
  if (value === undefined) return NONE;
  if (value === '') return '""';
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

function entityCell(entity: DriftEntity): string {
  return `${entity.kind} ${cell(entity.name)}`;
}

/** Columns padded to their widest cell (counted in code points), separated by two spaces. */
function table(header: string[], rows: string[][]): string[] {
  const width = (text: string) => [...text].length;
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i] - width(c)))).join('  ');
  return [header, ...rows].map(line);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function formatDriftReport(report: DriftReport): string {
  const lines: string[] = [];
  if (report.differences.length > 0) {
    lines.push(...table(['ENTITY', 'FIELD', 'DECLARED', 'LIVE'],
      report.differences.map((d) => [entityCell(d.entity), d.field, cell(d.declared), cell(d.live)])));
    lines.push('');
  }
  if (report.unchecked.length > 0) {
    lines.push('Unchecked (known only to a deployed stack, or not resolvable here):');
    lines.push(...table(['ENTITY', 'FIELD', 'REASON'], report.unchecked.map((u) => [entityCell(u.entity), u.field, cell(u.reason)])));
    lines.push('');
  }
  const scope = `${plural(report.resources, 'WorkMail resource')} in ${plural(report.stacks.length, 'stack')}`;
  const unchecked = report.unchecked.length > 0 ? `; ${plural(report.unchecked.length, 'field')} unchecked` : '';
  if (report.differences.length === 0) {
    lines.push(`No drift: ${scope} match the live organization${unchecked}.`);
  } else {
    const entities = new Set(report.differences.map((d) => `${d.stack}\u0000${d.entity.kind}\u0000${d.entity.name.toLowerCase()}`)).size;
    lines.push(`Drift: ${plural(report.differences.length, 'difference')} in ${plural(entities, 'entity', 'entities')} (${scope})${unchecked}.`);
  }
  return lines.join('\n') + '\n';
}
