/**
 * Why the embedded PostgreSQL did not start, and what to do about it, in one
 * line: main.ts prints it alone, without a stack trace.
 */
export class EmbeddedDatabaseError extends Error {
  constructor(
    readonly reason: string,
    readonly fix: string,
  ) {
    super(`the embedded PostgreSQL did not start: ${oneLine(reason)}. Fix: ${oneLine(fix)}.`);
    this.name = 'EmbeddedDatabaseError';
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
}
