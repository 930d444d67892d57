import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export type Role = 'admin' | 'finance' | 'assessor' | 'union' | 'city_office' | 'employer' | 'expert';
export const ROLES: readonly Role[] = ['admin', 'finance', 'assessor', 'union', 'city_office', 'employer', 'expert'];

export interface Principal {
  userId: string;
  name: string;
  role: Role;
  organizationId: string | null;
  /** Set when the request came with a console session rather than an API token. */
  sessionId?: string;
}

interface ContextStore {
  requestId: string;
  principal?: Principal;
  /** Who acts when no person does, e.g. 'job:payments'. */
  system?: string;
}

const storage = new AsyncLocalStorage<ContextStore>();

/** Who is doing what right now: the request id and the actor, for logs and the audit trail. */
export const RequestContext = {
  current(): ContextStore | undefined {
    return storage.getStore();
  },
  requestId(): string | undefined {
    return storage.getStore()?.requestId;
  },
  actor(): string {
    const store = storage.getStore();
    if (store?.principal) return `user:${store.principal.userId}`;
    return store?.system ?? 'system';
  },
  setPrincipal(principal: Principal): void {
    const store = storage.getStore();
    if (store) store.principal = principal;
  },
  runAsSystem<T>(system: string, fn: () => Promise<T>): Promise<T> {
    return storage.run({ requestId: `${system}:${randomUUID()}`, system }, fn);
  },
};

/** What a caller-given X-Request-Id may be before it reaches a log line or the audit log; anything else is replaced, not echoed. */
export const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-request-id');
  const requestId = given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
  (req as Request & { id?: string }).id = requestId;
  res.setHeader('X-Request-Id', requestId);
  storage.run({ requestId }, () => next());
}
