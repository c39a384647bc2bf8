// String tools for duplicate matching: one normal form for names and Jaro-Winkler similarity.
// Written here rather than taken from a library: both are a few lines and hot (millions of calls).

// Letters that NFD does not split into a base letter and a mark.
const LETTERS_WITHOUT_DECOMPOSITION: Record<string, string> = {
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
  þ: 'th',
};
const UNDECOMPOSED = /[øłđðßæœıþ]/g;
const ASCII = /^[ -~]*$/;

/** Lower-case without accents: "Sørensen" and "SORENSEN" both give "sorensen". */
export function foldText(s: string): string {
  // Most names are plain ASCII: skip the Unicode work for them (a million records are folded).
  if (ASCII.test(s)) return s.toLowerCase();
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(UNDECOMPOSED, (c) => LETTERS_WITHOUT_DECOMPOSITION[c]);
}

/** Names longer than this are cut: no real name is, and similarity costs grow with the square. */
export const MAX_NAME_LENGTH = 40;

/**
 * A name as matching sees it: folded, apostrophes dropped ("O’Brien" → "obrien"), every other
 * non-letter a space ("Smith-Jones" → "smith jones", "J." → "j"), spaces collapsed.
 */
export function normalizeName(s: string | null | undefined): string {
  if (!s) return '';
  return foldText(s)
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, MAX_NAME_LENGTH)
    .trim();
}

let usedScratch = new Uint8Array(64);
let matchedScratch = new Int32Array(64);

/** Jaro similarity: shared characters within a window, penalised for those out of order. */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  // Scratch arrays reused across calls (this runs for millions of pairs in a scan).
  if (lb > usedScratch.length) usedScratch = new Uint8Array(lb);
  if (la > matchedScratch.length) matchedScratch = new Int32Array(la);
  const usedB = usedScratch;
  const matchedA = matchedScratch;
  for (let j = 0; j < lb; j++) usedB[j] = 0;
  let m = 0;
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (!usedB[j] && a.charCodeAt(i) === b.charCodeAt(j)) {
        usedB[j] = 1;
        matchedA[m++] = i;
        break;
      }
    }
  }
  if (!m) return 0;
  let transposed = 0;
  let k = 0;
  for (let j = 0; j < lb; j++) {
    if (!usedB[j]) continue;
    if (a.charCodeAt(matchedA[k]) !== b.charCodeAt(j)) transposed++;
    k++;
  }
  return (m / la + m / lb + (m - transposed / 2) / m) / 3;
}

/** Jaro-Winkler (0..1): Jaro raised for a common prefix of up to 4 characters (scale 0.1). */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/**
 * True when one typo turns a into b: a letter changed, added, dropped, or two neighbours swapped
 * (optimal string alignment distance ≤ 1). Linear, so cheap enough to try on every pair.
 */
export function withinOneTypo(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (sameTail(a, i + 1, b, i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && sameTail(a, i + 2, b, i + 2); // transposition
  }
  return la > lb ? sameTail(a, i + 1, b, i) : sameTail(a, i, b, i + 1);
}

/** a.slice(p) === b.slice(q), without making the slices. */
function sameTail(a: string, p: number, b: string, q: number): boolean {
  const rest = Math.max(0, a.length - p);
  if (rest !== Math.max(0, b.length - q)) return false;
  for (let k = 0; k < rest; k++) if (a.charCodeAt(p + k) !== b.charCodeAt(q + k)) return false;
  return true;
}
