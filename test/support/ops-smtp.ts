import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * How the server treats the next sessions: accept everything; refuse at the
 * greeting (421, as a server shedding load does); or take the whole message
 * and then refuse it (451 after DATA) for recipients a predicate picks.
 */
export type SmtpBehaviour = { mode: 'accept' } | { mode: 'refuse-connection' } | { mode: 'refuse-after-data'; when: (rcpt: string[]) => boolean };

export interface FlakySmtp {
  port: number;
  /** Messages the server accepted (answered 250 to), with their Message-ID. */
  accepted: Array<{ to: string[]; messageId: string | undefined; raw: string }>;
  /** Sessions or messages it refused. */
  refused: number;
  behave(behaviour: SmtpBehaviour): void;
  close(): Promise<void>;
}

export async function startFlakySmtp(initial: SmtpBehaviour = { mode: 'accept' }): Promise<FlakySmtp> {
  let behaviour = initial;
  const smtp: Omit<FlakySmtp, 'port' | 'close'> = {
    accepted: [],
    refused: 0,
    behave: (b) => (behaviour = b),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      if (behaviour.mode === 'refuse-connection') {
        smtp.refused++;
        const error = new Error('Service not available, try again later') as Error & { responseCode: number };
        error.responseCode = 421;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        if (behaviour.mode === 'refuse-after-data' && behaviour.when(to)) {
          smtp.refused++;
          const error = new Error('Requested action aborted: local error in processing') as Error & { responseCode: number };
          error.responseCode = 451;
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        smtp.accepted.push({ to, raw, messageId: /^Message-ID:\s*<([^>]+)>/im.exec(raw)?.[1] });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(smtp, { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}
