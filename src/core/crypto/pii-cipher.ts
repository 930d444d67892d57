import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, KeyObject, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/config';

const FORMAT = 'v1';
const IV_BYTES = 12;
/** IVs drawn from the system's generator 512 at a time: one call per row cost an import of 10,000 rows ~60 ms. */
const IV_POOL_BYTES = IV_BYTES * 512;
const TAG_BYTES = 16;
const COLON = 0x3a;
/** Base64 characters decrypt() decodes without allocating (their bytes are fewer); a longer value gets a buffer of its own. */
const DECRYPT_SCRATCH_CHARS = 1024;

/**
 * Personal data at rest: AES-256-GCM for what must be read back (ID numbers,
 * phones) and a keyed hash (HMAC-SHA256) for lookups, so uniqueness checks and
 * import matching never decrypt. Both keys are derived from PII_KEY; without
 * it, a key file is generated under DATA_DIR (the embedded default).
 */
@Injectable()
export class PiiCipher implements OnModuleInit {
  // Key objects, made once: given raw bytes, every cipher and HMAC imports the key again (~1-5 µs a row of an import).
  private encryptionKey: KeyObject;
  private lookupKey: KeyObject;
  private ivPool = Buffer.alloc(0);
  private ivAt = 0;
  /** decrypt()'s decoded bytes: the cipher copies the IV, tag and body, so one buffer serves every call. */
  private readonly decryptScratch = Buffer.allocUnsafe(DECRYPT_SCRATCH_CHARS);
  private readonly scratchIv = this.decryptScratch.subarray(0, IV_BYTES);
  private readonly scratchTag = this.decryptScratch.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const master = this.config.piiKey ? Buffer.from(this.config.piiKey, 'hex') : await this.keyFile();
    this.encryptionKey = createSecretKey(Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'pii-encryption', 32)));
    this.lookupKey = createSecretKey(Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'pii-lookup', 32)));
  }

  encrypt(plain: string): string {
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${FORMAT}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** A fresh random IV, each handed out once; encrypt() copies it into its output at once. */
  private nextIv(): Buffer {
    if (this.ivAt + IV_BYTES > this.ivPool.length) {
      this.ivPool = randomBytes(IV_POOL_BYTES);
      this.ivAt = 0;
    }
    const iv = this.ivPool.subarray(this.ivAt, this.ivAt + IV_BYTES);
    this.ivAt += IV_BYTES;
    return iv;
  }

  /**
   * The sealed value's bytes are decoded into one scratch buffer and the plain text read from update()'s
   * own buffer: a 100,000-line roster decrypts an ID number a line, and the split(), the decoded copy, three
   * views and a concat() per row were a quarter of the export's allocation (issue 20). GCM's final() adds
   * no bytes; it is called only to check the tag.
   */
  decrypt(sealed: string): string {
    const prefix = FORMAT.length + 1;
    if (sealed.length <= prefix || !sealed.startsWith(FORMAT) || sealed.charCodeAt(FORMAT.length) !== COLON) throw new Error('unknown PII format');
    const payload = sealed.slice(prefix);
    const scratch = payload.length <= DECRYPT_SCRATCH_CHARS;
    const raw = scratch ? this.decryptScratch : Buffer.allocUnsafe(payload.length);
    const length = raw.write(payload, 'base64');
    if (length < IV_BYTES + TAG_BYTES) throw new Error('PII value too short');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, scratch ? this.scratchIv : raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(scratch ? this.scratchTag : raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = decipher.update(raw.subarray(IV_BYTES + TAG_BYTES, length));
    decipher.final();
    return plain.toString('utf8');
  }

  lookupHash(plain: string): string {
    return createHmac('sha256', this.lookupKey).update(plain, 'utf8').digest('hex');
  }

  private async keyFile(): Promise<Buffer> {
    const file = join(this.config.dataDir, 'pii-key');
    if (!existsSync(file)) {
      await mkdir(this.config.dataDir, { recursive: true });
      await writeFile(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    }
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'hex');
  }
}
