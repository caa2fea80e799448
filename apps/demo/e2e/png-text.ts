import { crc32 } from 'node:zlib';

/*
 * A PNG's tEXt chunk (keyword, Latin-1 text), written and read without a dependency: the console screenshot in
 * docs/ carries what the console showed when it was taken, so a journey can tell when the picture is stale.
 */

const SIGNATURE_BYTES = 8;
const IHDR_END = SIGNATURE_BYTES + 4 + 4 + 13 + 4;

/**
 * `png` with a tEXt chunk `keyword` = `text` right after its header (any older chunk of that keyword removed).
 * `text` is stored as ASCII: characters past it are written as JSON's `\uXXXX`.
 *
 * @example
 * const tagged = withPngText(await page.screenshot(), 'console-shape', JSON.stringify(shape));
 */
export function withPngText(png: Buffer, keyword: string, text: string): Buffer {
  const ascii = text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const data = Buffer.concat([
    Buffer.from(keyword, 'latin1'),
    Buffer.from([0]),
    Buffer.from(ascii, 'latin1'),
  ]);
  const type = Buffer.from('tEXt', 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])));
  const rest = chunks(png)
    .filter((chunk) => !(chunk.type === 'tEXt' && chunk.keyword === keyword) && chunk.start >= IHDR_END)
    .map((chunk) => png.subarray(chunk.start, chunk.end));
  return Buffer.concat([png.subarray(0, IHDR_END), length, type, data, crc, ...rest]);
}

/**
 * The text of `png`'s tEXt chunk `keyword` (`\uXXXX` left as written), or undefined when it has none.
 *
 * @example
 * const shape = readPngText(readFileSync('docs/qa-console.png'), 'console-shape');
 */
export function readPngText(png: Buffer, keyword: string): string | undefined {
  const chunk = chunks(png).find((c) => c.type === 'tEXt' && c.keyword === keyword);
  return chunk
    ? png.subarray(chunk.start + 8 + keyword.length + 1, chunk.end - 4).toString('latin1')
    : undefined;
}

function chunks(png: Buffer): { type: string; keyword: string | undefined; start: number; end: number }[] {
  const found = [];
  for (let start = SIGNATURE_BYTES; start + 12 <= png.length; ) {
    const length = png.readUInt32BE(start);
    const type = png.subarray(start + 4, start + 8).toString('latin1');
    const end = start + 12 + length;
    const data = png.subarray(start + 8, end - 4);
    const keyword = type === 'tEXt' ? data.subarray(0, data.indexOf(0)).toString('latin1') : undefined;
    found.push({ type, keyword, start, end });
    start = end;
  }
  return found;
}
