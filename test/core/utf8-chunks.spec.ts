import fc from 'fast-check';
import { Utf8Chunks } from '../../src/core/sheet/utf8-chunks';

/** Everything written to the response, in order, as one buffer. */
function collected(pieces: readonly string[]): Buffer {
  const out: Buffer[] = [];
  const chunks = new Utf8Chunks({ write: (b: Buffer | string) => (out.push(typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b)), true) });
  for (const p of pieces) chunks.put(p);
  chunks.send();
  return Buffer.concat(out);
}

describe('Utf8Chunks: strings into a response as UTF-8', () => {
  it('writes exactly what Buffer.from would, whatever the pieces (ASCII, CJK, emoji, lone surrogates, long and across chunk edges)', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('<c r="', 'A', '">', '张三', '310101198001011234', '\uD800', 'x\uDC00y', '😀', '\u007F\u0080', ''),
      fc.string({ unit: 'grapheme', minLength: 1000, maxLength: 30_000 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), (pieces) => {
        expect(collected(pieces).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('fills a chunk to its end with short ASCII pieces before sending it', () => {
    const sent: number[] = [];
    const chunks = new Utf8Chunks({ write: (b: Buffer | string) => (sent.push(b.length), true) });
    for (let i = 0; i < 70_000; i++) chunks.put('<v>1</v>');
    chunks.send();
    expect(sent.reduce((a, b) => a + b, 0)).toBe(70_000 * 8);
    expect(sent.length).toBe(9);
  });
});
