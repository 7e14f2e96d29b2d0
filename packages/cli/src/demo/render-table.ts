import { colors } from '../output.js';
import type { Cell, DemoTrap } from './demo-traps.js';

const markColor = (cell: Cell) => (cell.mark === '✓' ? colors.green : cell.mark === '~' ? colors.yellow : colors.red);
const cellText = (cell: Cell) => `${cell.mark} ${cell.text}`;
const FOOTNOTE_MARKS = ['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/** A pg-exact stack as the table needs it: its name and the traps it cannot pass by design. */
export interface ExactColumnStack {
  readonly name: string;
  readonly limits?: Readonly<Record<string, string>> | undefined;
}

/**
 * The before/after table: one row per trap, one column per vanilla stack, one for pg-exact. The
 * pg-exact cell is one cell when every pg-exact stack agrees; a stack that differs where it has a
 * documented limit gets a footnote (printed under the table); any other difference shows as ✗ with
 * the stack's name.
 */
export function renderTable(
  traps: readonly DemoTrap[],
  stackNames: readonly string[],
  vanilla: readonly (readonly Cell[])[],
  exactHeader: string,
  exact: readonly (readonly Cell[])[],
  exactStacks: readonly ExactColumnStack[] = [],
): string {
  const footnotes: string[] = [];
  const exactMerged = exact.map((cells, row): Cell => {
    const label = traps[row]!.label;
    const limited = (i: number) => exactStacks[i]?.limits?.[label] !== undefined;
    const reference = cells.find((_, i) => !limited(i)) ?? cells[0] ?? { mark: '✗', text: 'not run' };
    const same = (cell: Cell) => cell.mark === reference.mark && cell.text === reference.text;
    const differs = cells.findIndex((cell, i) => !same(cell) && !limited(i));
    if (differs >= 0) return { mark: '✗', text: `${cellText(cells[differs]!)} (${exactStacks[differs]?.name ?? differs})` };
    let text = reference.text;
    cells.forEach((cell, i) => {
      if (same(cell) || !limited(i)) return;
      const mark = FOOTNOTE_MARKS[footnotes.length] ?? '*';
      footnotes.push(`${mark} ${exactStacks[i]!.name} gives ${cellText(cell)}: ${exactStacks[i]!.limits![label]}.`);
      text += mark;
    });
    return { mark: reference.mark, text };
  });
  const header = ['trap', ...stackNames, exactHeader];
  const rows = traps.map((trap, i) => [trap.label, ...vanilla[i]!.map(cellText), cellText(exactMerged[i]!)]);
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => row[col]!.length)));
  const line = (cells: readonly string[], paint?: (col: number, text: string) => string) =>
    cells.map((text, col) => (paint ? paint(col, text.padEnd(widths[col]!)) : text.padEnd(widths[col]!))).join(' │ ').trimEnd();
  const out: string[] = [colors.bold(line(header)), widths.map((w) => '─'.repeat(w)).join('─┼─')];
  let family = '';
  traps.forEach((trap, i) => {
    if (trap.family !== family) {
      family = trap.family;
      if (i > 0) out.push(widths.map((w) => '─'.repeat(w)).join('─┼─'));
    }
    const cells = [...vanilla[i]!, exactMerged[i]!];
    out.push(line(rows[i]!, (col, text) => (col === 0 ? text : markColor(cells[col - 1]!)(text))));
  });
  for (const note of footnotes) out.push(colors.dim(note));
  return out.join('\n');
}
