import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.js';
import { createStreamDecoder, decodeText, detectEncoding, sniffFileKind } from './decode.js';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const utf16le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const utf16be = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le').swap16());
const bytes = (...parts: (number[] | Uint8Array)[]) => new Uint8Array(parts.flatMap((p) => [...p]));

const SAMPLE = 'Name,Email\nMüller,m@example.com\n';

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('decodeText', () => {
  it('reads plain UTF-8', () => {
    expect(decodeText(utf8(SAMPLE))).toEqual({ text: SAMPLE, encoding: 'utf-8', removedNulChars: 0 });
  });

  it('strips a UTF-8 BOM', () => {
    const out = decodeText(bytes([0xef, 0xbb, 0xbf], utf8(SAMPLE)));
    expect(out.text).toBe(SAMPLE);
    expect(out.encoding).toBe('utf-8');
  });

  it('reads UTF-16LE with and without BOM', () => {
    expect(decodeText(bytes([0xff, 0xfe], utf16le(SAMPLE)))).toMatchObject({
      text: SAMPLE,
      encoding: 'utf-16le',
    });
    expect(decodeText(utf16le(SAMPLE))).toMatchObject({ text: SAMPLE, encoding: 'utf-16le' });
  });

  it('reads UTF-16BE with and without BOM', () => {
    expect(decodeText(bytes([0xfe, 0xff], utf16be(SAMPLE)))).toMatchObject({
      text: SAMPLE,
      encoding: 'utf-16be',
    });
    expect(decodeText(utf16be(SAMPLE))).toMatchObject({ text: SAMPLE, encoding: 'utf-16be' });
  });

  it('falls back to Windows-1252 for bytes that are not UTF-8, including 0x80-0x9F', () => {
    // 'Müller' then '€' (0x80), curly quotes (0x93 0x94) and 'Ÿ' (0x9F).
    const cp1252 = bytes([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x2c, 0x80, 0x93, 0x94, 0x9f]);
    expect(decodeText(cp1252)).toEqual({
      text: 'Müller,€\u201c\u201dŸ',
      encoding: 'windows-1252',
      removedNulChars: 0,
    });
  });

  it('obeys an explicit encoding over detection', () => {
    // Valid UTF-8 for 'ü', read as Windows-1252 on request.
    expect(decodeText(utf8('ü'), { encoding: 'windows-1252' }).text).toBe('Ã¼');
    expect(decodeText(utf16le('ab'), { encoding: 'utf-16be' }).text).toBe('\u6100\u6200');
  });

  it('refuses bytes that are not valid in the chosen encoding', () => {
    const err = thrown(() => decodeText(bytes([0x4d, 0xfc, 0x6c]), { encoding: 'utf-8' }));
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/not valid UTF-8/);
    expect(err.errors).toEqual([{ path: 'file', message: err.message }]);
    expect(thrown(() => decodeText(bytes([0xff, 0xfe, 0x41, 0x00, 0x42]))).message).toMatch(
      /looks like UTF-16LE but is not valid UTF-16LE/,
    );
  });

  it('drops a few NUL bytes from a UTF-8 file and counts them', () => {
    const out = decodeText(utf8('Name,Email\nAda\0,ada@example.com\nAlan,alan@example.com\0\0\n'));
    expect(out.text).toBe('Name,Email\nAda,ada@example.com\nAlan,alan@example.com\n');
    expect(out.removedNulChars).toBe(3);
  });

  it('refuses binary content with a clear message', () => {
    expect(thrown(() => decodeText(new Uint8Array(randomBytes(4096)))).message).toBe(
      'This is not a CSV or text file: it looks like binary data',
    );
  });
});

describe('detectEncoding', () => {
  it('reports the BOM length to skip', () => {
    expect(detectEncoding(bytes([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(detectEncoding(bytes([0xff, 0xfe, 0x41, 0]))).toEqual({ encoding: 'utf-16le', bomLength: 2 });
  });

  it('accepts a sample cut inside a multi-byte character when partial', () => {
    const cut = utf8('Name,€').subarray(0, 7);
    expect(detectEncoding(cut, { partial: true }).encoding).toBe('utf-8');
    expect(detectEncoding(cut).encoding).toBe('windows-1252');
  });
});

describe('sniffFileKind', () => {
  const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
  const cases: [string, Uint8Array, string][] = [
    ['nothing', new Uint8Array(), 'empty'],
    ['a lone BOM', bytes([0xef, 0xbb, 0xbf]), 'empty'],
    ['CSV', utf8(SAMPLE), 'text'],
    ['UTF-16 without BOM', utf16le(SAMPLE), 'text'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'image'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image'],
    ['GIF', bytes(ascii('GIF89a'), [1, 0, 1, 0]), 'image'],
    ['PDF', utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'pdf'],
    ['ZIP', bytes([0x50, 0x4b, 3, 4, 20, 0], ascii('docs/readme.txt')), 'zip'],
    ['XLSX', bytes([0x50, 0x4b, 3, 4, 20, 0], ascii('[Content_Types].xml xl/workbook.xml')), 'xlsx'],
    ['XLS', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'xls'],
    ['gzip', bytes([0x1f, 0x8b, 8, 0, 0, 0]), 'gzip'],
    ['random bytes', new Uint8Array(randomBytes(4096)), 'binary'],
    ['text padded with NULs', bytes(utf8(SAMPLE), new Uint8Array(2048)), 'text'],
  ];
  for (const [name, input, kind] of cases) {
    it(`${name} → ${kind}`, () => expect(sniffFileKind(input)).toBe(kind));
  }
});

describe('createStreamDecoder', () => {
  it('decodes pieces cut inside characters and BOMs', () => {
    const all = bytes([0xef, 0xbb, 0xbf], utf8('Zoë,€,日本\n'));
    const decoder = createStreamDecoder(all);
    let text = '';
    for (let i = 0; i < all.length; i++) text += decoder.write(all.subarray(i, i + 1));
    text += decoder.end();
    expect(text).toBe('Zoë,€,日本\n');
    expect(decoder.encoding).toBe('utf-8');
  });

  it('stops with a clear error when bytes after the sample are not UTF-8', () => {
    const decoder = createStreamDecoder(utf8('plain ascii sample\n'));
    decoder.write(utf8('plain ascii sample\n'));
    expect(() => decoder.write(bytes([0x4d, 0xfc, 0x6c, 0x6c]))).toThrow(/not valid UTF-8/);
  });

  it('maps Windows-1252 pieces', () => {
    const decoder = createStreamDecoder(bytes([0x4d, 0xfc]));
    expect(decoder.write(bytes([0x4d, 0xfc])) + decoder.write(bytes([0x80])) + decoder.end()).toBe('Mü€');
  });
});
