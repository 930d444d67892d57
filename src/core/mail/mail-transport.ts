import { Inject, Injectable, Logger } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../config/config';

export interface OutgoingMail {
  id: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
}

/**
 * SMTP when SMTP_URL is set; otherwise each mail becomes an .eml file under
 * DATA_DIR/outbox, which any mail program opens.
 */
@Injectable()
export class MailTransport {
  private readonly logger = new Logger('Mail');
  private readonly transporter: Transporter;
  private readonly outboxDir: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.outboxDir = join(config.dataDir, 'outbox');
    this.transporter = config.smtpUrl
      ? createTransport(smtpOptions(config.smtpUrl))
      : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  get mode(): 'smtp' | 'files' {
    return this.config.smtpUrl ? 'smtp' : 'files';
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = await this.transporter.sendMail({
      from: this.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html ?? undefined,
      // A stable id lets a receiver drop the copy if a crash made us send twice.
      messageId: `<${mail.id}@songjiang-chief-technician>`,
    });
    if (this.mode === 'files') {
      await mkdir(this.outboxDir, { recursive: true });
      const file = join(this.outboxDir, `${mail.id}.eml`);
      await writeFile(file, (info as unknown as { message: Buffer }).message);
      this.logger.debug({ notificationId: mail.id }, 'mail written to outbox folder');
    }
  }
}

/** Short timeouts: a stuck SMTP server must fail the attempt, not block the relay. */
function smtpOptions(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [key, value] of [['connectionTimeout', '10000'], ['greetingTimeout', '10000'], ['socketTimeout', '20000']]) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  }
  return url.toString();
}
