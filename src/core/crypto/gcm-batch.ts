import { createCipheriv, KeyObject } from 'node:crypto';

/**
 * AES-256-GCM (NIST SP 800-38D) for many short values at once, bit for bit
 * what `createCipheriv('aes-256-gcm', key, iv)` gives for each value and its IV.
 *
 * Why: a cipher object per value costs ~10 µs of set-up (context, key
 * schedule, wrappers) for 18 bytes of work, most of an import's encryption.
 * Here one AES-ECB call makes the keystream and tag masks of a whole batch
 * (GCM is CTR mode plus GHASH), and GHASH runs over per-key multiplication
 * tables. Only encryption is batched: decryption stays with OpenSSL, which
 * checks every tag this writes (test/core/pii-cipher-batch.spec.ts compares
 * both ways on random values; PiiCipher checks it again at start).
 */

const BLOCK = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes before the ciphertext in a sealed value: IV then tag, as PiiCipher stores them. */
export const GCM_HEADER_BYTES = IV_BYTES + TAG_BYTES;

/** Multiplication by H in GF(2^128): entry (i, b) is the product of byte b at position i of a block, four big-endian words. */
export type GhashTable = Uint32Array;

export function ghashTable(key: KeyObject): GhashTable {
  const ecb = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const h = ecb.update(Buffer.alloc(BLOCK));
  const hWords = [h.readUInt32BE(0), h.readUInt32BE(4), h.readUInt32BE(8), h.readUInt32BE(12)];
  const table = new Uint32Array(BLOCK * 256 * 4);
  for (let i = 0; i < BLOCK; i++) {
    // The products of single bits, the rest by linearity: (a ^ b)·H = a·H ^ b·H.
    for (let bit = 0; bit < 8; bit++) table.set(multiplyBit(i * 8 + bit, hWords), (i * 256 + (0x80 >> bit)) * 4);
    for (let b = 1; b < 256; b++) {
      const low = b & -b;
      if (low === b) continue;
      const at = (i * 256 + b) * 4;
      const x = (i * 256 + low) * 4;
      const y = (i * 256 + (b ^ low)) * 4;
      for (let w = 0; w < 4; w++) table[at + w] = table[x + w] ^ table[y + w];
    }
  }
  return table;
}

/** X·H for X with only bit `position` set (bit 0 the leftmost), by the spec's shift-and-reduce loop. */
function multiplyBit(position: number, h: number[]): number[] {
  let [v0, v1, v2, v3] = h;
  for (let i = 0; i < position; i++) {
    const carry = v3 & 1;
    v3 = (v3 >>> 1) | ((v2 & 1) << 31);
    v2 = (v2 >>> 1) | ((v1 & 1) << 31);
    v1 = (v1 >>> 1) | ((v0 & 1) << 31);
    v0 = (v0 >>> 1) ^ (carry ? 0xe1000000 : 0);
  }
  return [v0 >>> 0, v1 >>> 0, v2 >>> 0, v3 >>> 0];
}

/**
 * Each plaintext sealed as IV ‖ tag ‖ ciphertext, in one buffer; `ivs` holds
 * one 12-byte IV per plaintext, in order. Returns the buffer and where each
 * sealed value ends (the first starts at 0).
 */
export function gcmEncryptBatch(key: KeyObject, table: GhashTable, plains: readonly string[], ivs: Buffer): { sealed: Buffer; ends: number[] } {
  if (ivs.length !== plains.length * IV_BYTES) throw new Error('gcmEncryptBatch needs one 12-byte IV per value');
  const lengths = plains.map((p) => Buffer.byteLength(p, 'utf8'));
  // The length block below holds a value's bit count in one 32-bit word.
  if (lengths.some((len) => len >= 2 ** 28)) throw new Error('gcmEncryptBatch is for short values');
  // Counter blocks: J0 (for the tag), then inc32(J0), … for the ciphertext.
  const blocks = lengths.reduce((n, len) => n + 1 + Math.ceil(len / BLOCK), 0);
  const counters = Buffer.alloc(blocks * BLOCK);
  let c = 0;
  for (let r = 0; r < plains.length; r++) {
    for (let k = 0, n = 1 + Math.ceil(lengths[r] / BLOCK); k < n; k++, c += BLOCK) {
      // Byte by byte: Buffer.copy costs more than the 12 bytes it moves.
      for (let j = 0; j < IV_BYTES; j++) counters[c + j] = ivs[r * IV_BYTES + j];
      counters.writeUInt32BE(k + 1, c + IV_BYTES);
    }
  }
  const ecb = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const stream = ecb.update(counters);
  const sealed = Buffer.alloc(lengths.reduce((n, len) => n + GCM_HEADER_BYTES + len, 0));
  const ends: number[] = new Array(plains.length);
  const s = new Uint32Array(4);
  let at = 0;
  c = 0;
  for (let r = 0; r < plains.length; r++) {
    const len = lengths[r];
    const body = at + GCM_HEADER_BYTES;
    for (let j = 0; j < IV_BYTES; j++) sealed[at + j] = ivs[r * IV_BYTES + j];
    sealed.write(plains[r], body, len, 'utf8');
    for (let j = 0; j < len; j++) sealed[body + j] ^= stream[c + BLOCK + j];
    ghash(table, sealed, body, len, s);
    for (let w = 0; w < 4; w++) sealed.writeUInt32BE((s[w] ^ stream.readUInt32BE(c + 4 * w)) >>> 0, at + IV_BYTES + 4 * w);
    at = body + len;
    ends[r] = at;
    c += BLOCK * (1 + Math.ceil(len / BLOCK));
  }
  return { sealed, ends };
}

/** GHASH over the ciphertext (no additional data) and its length block, into `y`. */
function ghash(table: GhashTable, data: Buffer, start: number, len: number, y: Uint32Array): void {
  y.fill(0);
  const end = start + len;
  for (let p = start; p < end; p += BLOCK) {
    for (let w = 0; w < 4; w++) y[w] ^= wordAt(data, p + 4 * w, end);
    multiply(table, y);
  }
  // [len(A)]64 ‖ [len(C)]64 in bits; A is empty.
  y[3] ^= len * 8;
  multiply(table, y);
}

/** The big-endian word at p, bytes from `end` on read as zero (the last block's padding). */
function wordAt(data: Buffer, p: number, end: number): number {
  if (p + 4 <= end) return data.readUInt32BE(p);
  let word = 0;
  for (let j = 0; j < 4; j++) word = (word << 8) | (p + j < end ? data[p + j] : 0);
  return word >>> 0;
}

function multiply(table: GhashTable, y: Uint32Array): void {
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  let z3 = 0;
  for (let i = 0; i < BLOCK; i++) {
    const at = (i * 256 + ((y[i >> 2] >>> (24 - 8 * (i & 3))) & 0xff)) * 4;
    z0 ^= table[at];
    z1 ^= table[at + 1];
    z2 ^= table[at + 2];
    z3 ^= table[at + 3];
  }
  y[0] = z0;
  y[1] = z1;
  y[2] = z2;
  y[3] = z3;
}
