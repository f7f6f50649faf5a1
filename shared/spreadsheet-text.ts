/**
 * A cell starting with = + - @ (or a tab or carriage return) would run as a formula when a CSV is
 * opened in a spreadsheet: it is written as text, with a leading apostrophe. The audit export and
 * the clients export both write cells through this; Portico's import takes the apostrophe off again.
 */
export const asSpreadsheetText = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)
