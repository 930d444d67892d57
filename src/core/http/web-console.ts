import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, Request, Response } from 'express';

/** The project root: the nearest folder above this file with a package.json (src/ under ts-node and jest, dist/src when built). */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('web console: no package.json above ' + __dirname);
    dir = parent;
  }
  return dir;
}

export interface WebConsole {
  /** CSP source for the page's inline import map, the one inline script it has. */
  importMapHash: string;
  mount(app: NestExpressApplication): void;
}

const VENDOR = '/console/vendor/';

/**
 * The folders of node_modules the import map points into (preact/dist,
 * preact/hooks/dist, …): only these are served, never a package's other files.
 */
function vendorFolders(importMap: string): string[] {
  const urls = Object.values((JSON.parse(importMap || '{}') as { imports?: Record<string, string> }).imports ?? {});
  return [...new Set(urls.filter((url) => url.startsWith(VENDOR)).map((url) => posix.dirname(url.slice(VENDOR.length))))];
}

/**
 * The console (web/) is served by the service itself: the page at /, its
 * compiled modules under /console/app (built by `npm run build`), and the
 * folders of Preact's ES modules its import map names, straight from
 * node_modules, so the console needs no bundler.
 */
export function webConsole(): WebConsole {
  const root = projectRoot();
  const page = readFileSync(join(root, 'web/static/index.html'), 'utf8');
  const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
  const importMapHash = `'sha256-${createHash('sha256').update(importMap, 'utf8').digest('base64')}'`;
  const vendor = vendorFolders(importMap);
  return {
    importMapHash,
    mount(app) {
      const sendPage = (_req: Request, res: Response) => {
        res.setHeader('Cache-Control', 'no-cache');
        res.type('html').send(page);
      };
      (app.getHttpAdapter().getInstance() as Express).get('/', sendPage);
      app.useStaticAssets(join(root, 'dist/web'), { prefix: '/console/app/', fallthrough: false });
      for (const folder of vendor) app.useStaticAssets(join(root, 'node_modules', folder), { prefix: `${VENDOR}${folder}/`, index: false, fallthrough: false });
      app.useStaticAssets(join(root, 'web/static'), { prefix: '/console/', index: false, fallthrough: false });
    },
  };
}
