/**
 * The keyword a message is, if it is only one: "Stop", " STOP! " and "stop." all read "STOP";
 * "please stop calling" is a message, not a keyword (a person reads those).
 */
export function keywordOf(message: string | undefined): string | null {
  if (!message) return null;
  const word = message
    .trim()
    .replace(/[\s.!?,;:"'()-]+$/u, '')
    .replace(/^[\s"'(]+/u, '')
    .replace(/\s+/g, ' ')
    .toUpperCase();
  return word.length > 0 && word.length <= 30 ? word : null;
}

export function consentOf(
  message: string | undefined,
  keywords: { optOut: readonly string[]; optIn: readonly string[] },
): 'opted_out' | 'opted_in' | null {
  const word = keywordOf(message);
  if (!word) return null;
  if (keywords.optOut.includes(word)) return 'opted_out';
  if (keywords.optIn.includes(word)) return 'opted_in';
  return null;
}
