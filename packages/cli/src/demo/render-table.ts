import { colors } from '../output.js';
import type { Cell, DemoTrap } from './demo-traps.js';

const markColor = (cell: Cell) => (cell.mark === '✓' ? colors.green : cell.mark === '~' ? colors.yellow : colors.red);
const cellText = (cell: Cell) => `${cell.mark} ${cell.text}`;

/** The before/after table: one row per trap, one column per vanilla stack, one for pg-exact. */
export function renderTable(
  traps: readonly DemoTrap[],
  stackNames: readonly string[],
  vanilla: readonly (readonly Cell[])[],
  exactHeader: string,
  exact: readonly (readonly Cell[])[],
  exactNames: readonly string[] = [],
): string {
  // pg-exact cells: one when every binding agrees, else the first that differs, with its stack.
  const exactMerged = exact.map((cells) => {
    const first = cells[0] ?? { mark: '✗', text: 'not run' };
    const differs = cells.findIndex((cell) => cell.mark !== first.mark || cell.text !== first.text);
    return differs < 0 ? first : { mark: '✗' as const, text: `${cellText(cells[differs]!)} (${exactNames[differs] ?? differs})` };
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
  return out.join('\n');
}
