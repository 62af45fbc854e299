/**
 * One RFC 4180 CSV cell. Cells a spreadsheet would read as a formula (= + - @ at the start) get
 * a leading apostrophe, so an exported table cannot run anything when opened in Excel.
 */
export function csvCell(value: string | number | boolean): string {
  let s = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s
}

/** A CSV document: header plus rows, LF line endings (the file writer converts to CRLF). */
export function csv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean>>): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n'
}
