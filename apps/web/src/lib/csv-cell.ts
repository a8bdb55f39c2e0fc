// One CSV cell of an export, safe to open in a spreadsheet: a value starting with a character that a spreadsheet
// reads as the start of a formula (=, +, -, @, and the tab and carriage return that some of them skip before
// looking, OWASP "CSV injection") is prefixed with a quote, and a value with a separator or line break is quoted.
export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r\t]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
