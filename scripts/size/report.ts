// The size table as printed: one row per group, sizes in KiB. Pure.
import type { Size } from './measure.js';
import { BYTES_PER_KIB } from './units.js';

export interface ReportRow {
  readonly name: string;
  readonly size: Size;
  readonly chunks: number;
  readonly note?: string;
}

export function renderTable(rows: readonly ReportRow[]): string {
  const header = ['name', 'min KiB', 'gzip KiB', 'chunks', ''];
  const cells = rows.map((row) => [row.name, kib(row.size.minBytes), kib(row.size.gzipBytes), String(row.chunks), row.note ?? '']);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]?.length ?? 0)));
  const format = (line: readonly string[]): string =>
    line
      .map((cell, column) => (column === 0 || column === line.length - 1 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.slice(0, -1).map((width) => '-'.repeat(width)).join('  ');
  return [format(header), rule, ...cells.map(format)].join('\n');
}

function kib(bytes: number): string {
  return (bytes / BYTES_PER_KIB).toFixed(1);
}
