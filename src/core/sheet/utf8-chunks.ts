import type { Writable } from 'node:stream';

/** Bytes of a response: strings encoded as UTF-8 straight into a buffer, which is written when full or sent. */
export class Utf8Chunks {
  private static readonly SIZE = 64 * 1024;
  private chunk = Buffer.allocUnsafe(Utf8Chunks.SIZE);
  private at = 0;
  constructor(private readonly out: Pick<Writable, 'write'>) {}

  put(text: string): void {
    // At most 3 bytes a UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
    if (this.at + text.length * 3 > this.chunk.length) {
      this.send();
      if (text.length * 3 > this.chunk.length) {
        this.out.write(text, 'utf8');
        return;
      }
    }
    this.at += this.chunk.write(text, this.at, 'utf8');
  }

  /** Writes what the chunk holds; the response keeps that buffer, so the next bytes go to a new one. */
  send(): void {
    if (this.at === 0) return;
    this.out.write(this.chunk.subarray(0, this.at));
    this.chunk = Buffer.allocUnsafe(Utf8Chunks.SIZE);
    this.at = 0;
  }
}
