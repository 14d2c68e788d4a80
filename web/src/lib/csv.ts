/**
 * CSV for spreadsheets. Cells are quoted when needed, and a cell that a spreadsheet would run as a
 * formula (= + - @, tab, carriage return) is prefixed with an apostrophe: log lines are written by
 * strangers, and a path like "=HYPERLINK(...)" must stay text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Header row then one row per record, CRLF line ends (RFC 4180). */
export function toCsv(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [headers, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
