import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

/** Serves the built client; any other GET path is a client route and gets index.html. */
export function serveClient(app: Express, staticDir: string): void {
  const root = path.resolve(staticDir);
  const index = path.join(root, 'index.html');
  app.use(express.static(root, { index: false, maxAge: '1h', immutable: false }));
  app.get(/^\/(?!api\/|socket\.io\/|collab\/).*/, (_req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The client is not built: run `npm run build`.');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
}
