// Loose shape tests shared by header detection and pasted-text splitting. They answer "does this
// look like a value rather than a label", not "is this valid": validation happens after mapping.

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const PHONE_CHARS = /^\+?[\d\s().\-/]+$/;
const NUMBER = /^[-+]?[$€£¥]?\s?\d[\d\s.,']*%?$/;
const DATE = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:[ T]\S.*)?$/;
const URL_START = /^(?:https?:\/\/|www\.)/i;

export function countDigits(value: string): number {
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits;
}

export function looksLikeEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

/** Digits with the punctuation people write around them; at least 7 digits, at most 15 (E.164). */
export function looksLikePhone(value: string): boolean {
  const v = value.trim();
  if (!PHONE_CHARS.test(v)) return false;
  const digits = countDigits(v);
  return digits >= 7 && digits <= 15;
}

export function looksLikeNumber(value: string): boolean {
  return NUMBER.test(value.trim());
}

export function looksLikeDate(value: string): boolean {
  return DATE.test(value.trim());
}

/** True when a cell reads as data (a number, date, email, phone or web address), not as a label. */
export function looksLikeValue(value: string): boolean {
  const v = value.trim();
  return (
    looksLikeNumber(v) || looksLikeDate(v) || looksLikeEmail(v) || looksLikePhone(v) || URL_START.test(v)
  );
}
