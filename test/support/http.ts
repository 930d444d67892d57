/** Answers of the API in tests: the body of an expected status, or a failure that shows the body. */
import type { TestApp } from './test-app';

export interface HttpAnswer<T> {
  status: number;
  body: T;
  text: string;
}

/**
 * The body of an answer with the expected status (201 by default: most calls a
 * test makes to set up its world create something); else an error that names
 * the request and quotes what the service said.
 */
export function ok<T>(res: HttpAnswer<T>, expected = 201, what = 'request'): T {
  if (res.status !== expected) throw new Error(`${what}: expected ${expected}, got ${res.status}: ${res.text.slice(0, 2000)}`);
  return res.body;
}

/** A user of the given role (in an organisation where the role needs one); returns its API token. */
export async function userWithRole(t: TestApp, role: string, organizationId?: string): Promise<string> {
  const body = ok<{ token: string }>(await t.http().post('/api/v1/users').send({ name: `${role}用户`, role, organizationId }), 201, `creating a ${role} user`);
  return body.token;
}
