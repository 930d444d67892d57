import { createServer } from 'node:net';

/**
 * Ports below Linux's ephemeral range (32768–60999): a port the OS hands to
 * some other listen(0) or outgoing connection never comes from here, so a
 * port found free stays ours until the process we start binds it. (A port
 * from listen(0) itself could be handed to another test worker's server in
 * between; a health check then answered for the wrong service.)
 */
const FIRST = 20_000;
const COUNT = 12_000;

/** A TCP port free on 127.0.0.1 right now, outside the range the OS assigns by itself. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = FIRST + Math.floor(Math.random() * COUNT);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port found in ${FIRST}–${FIRST + COUNT - 1} after 50 tries`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
