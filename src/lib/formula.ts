// Spreadsheet formula neutralisation (DESIGN rule 8) for exports and error files, and its inverse
// for the import, which reads those files back.
//
// A text cell that starts with = + - @ tab or CR would be read as a formula by Excel, LibreOffice
// or Google Sheets when the file is opened; a single quote in front makes it text. The rule is
// reversible: a cell is quoted when it starts with any number of quotes followed by one of those
// characters, so a value that itself starts with "'=" gets a second quote and comes back intact.
//
// Phone numbers are the exception (docs/decisions.md, "Exports: phone numbers keep their +"): in
// phone, sms and WhatsApp columns a cell made only of numbers written "+1 (212) 555-0100" (several
// joined by " ::: ") is left as it is. Without letters it can name no function and no cell, so it
// cannot run or fetch anything, and a quote would put a visible "'" in front of every number.

// A leading LF is quoted too: XLSX turns a CR into an LF, and the quote must survive that.
const TRIGGER = /^'*[=+\-@\t\r\n]/;
const QUOTED = /^'+[=+\-@\t\r\n]/;
const PHONE_NUMBER = /^\+[\d\s().-]*\d[\d\s().-]*$/;

/** True when every value of the cell is a phone number written with digits and punctuation only. */
export function isPlainPhoneCell(text: string): boolean {
  return text.split(' ::: ').every((part) => PHONE_NUMBER.test(part));
}

/** The text to write into a spreadsheet cell. */
export function neutraliseFormula(text: string, opts: { phoneNumbers?: boolean } = {}): string {
  if (!TRIGGER.test(text)) return text;
  if (opts.phoneNumbers && isPlainPhoneCell(text)) return text;
  return `'${text}`;
}

/** The value an exported text cell came from: one leading quote removed where the export added it. */
export function restoreFormulaText(cell: string): string {
  return QUOTED.test(cell) ? cell.slice(1) : cell;
}
