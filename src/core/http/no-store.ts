import type { NextFunction, Request, Response } from 'express';

/**
 * SPEC §8: personal responses carry `Cache-Control: no-store`. Every API
 * response gets it, errors included: almost all name people or money, and a
 * rule by route would miss the next route that does.
 */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}
