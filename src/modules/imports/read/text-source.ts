import { createStreamDecoder, type EncodingChoice, type StreamDecoder, type TextEncoding } from './decode.js';

/** A whole text, or pieces of text or bytes (a Node Readable is an async iterable of Buffers). */
export type TextInput = string | AsyncIterable<string | Uint8Array>;

export interface TextSource {
  chunks: AsyncIterable<string>;
  /** The decoded encoding, once the first bytes have been seen; undefined for text input. */
  readonly encoding: TextEncoding | undefined;
  readonly removedNulChars: number;
}

/** Pieces a string is cut into, so parsed rows never pile up for the whole text at once. */
const STRING_CHUNK_CHARS = 64 * 1024;
/** Bytes gathered before judging the encoding of a byte stream. */
const ENCODING_SAMPLE_BYTES = 64 * 1024;

function* stringChunks(text: string): Generator<string> {
  if (text.length <= STRING_CHUNK_CHARS) {
    if (text) yield text;
    return;
  }
  for (let at = 0; at < text.length; at += STRING_CHUNK_CHARS) yield text.slice(at, at + STRING_CHUNK_CHARS);
}

function concatBytes(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Turns any `TextInput` into pieces of text, decoding bytes with an encoding judged on the first 64 KB. */
export function openTextSource(input: TextInput, options: { encoding?: EncodingChoice } = {}): TextSource {
  let decoder: StreamDecoder | undefined;

  async function* fromIterable(source: AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
    let sample: Uint8Array[] = [];
    let sampleBytes = 0;
    let sawText = false;
    const startDecoding = () => {
      const first = concatBytes(sample, sampleBytes);
      sample = [];
      decoder = createStreamDecoder(first, options.encoding);
      return decoder.write(first);
    };
    for await (const piece of source) {
      if (typeof piece === 'string') {
        if (decoder || sampleBytes > 0) throw new TypeError('A text input mixes strings and bytes');
        sawText = true;
        yield* stringChunks(piece);
        continue;
      }
      if (sawText) throw new TypeError('A text input mixes strings and bytes');
      if (decoder) {
        yield* stringChunks(decoder.write(piece));
        continue;
      }
      sample.push(piece);
      sampleBytes += piece.length;
      if (sampleBytes >= ENCODING_SAMPLE_BYTES) yield* stringChunks(startDecoding());
    }
    if (!decoder && sampleBytes > 0) yield* stringChunks(startDecoding());
    if (decoder) yield* stringChunks(decoder.end());
  }

  return {
    chunks: typeof input === 'string' ? toAsync(stringChunks(input)) : fromIterable(input),
    get encoding() {
      return decoder?.encoding;
    },
    get removedNulChars() {
      return decoder?.removedNulChars ?? 0;
    },
  };
}

async function* toAsync(chunks: Iterable<string>): AsyncGenerator<string> {
  yield* chunks;
}
