/** One CSV field per RFC 4180: quoted when it holds a comma, a double quote, CR or LF; quotes doubled. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Lines of CSV, CRLF-terminated as RFC 4180 writes them. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
