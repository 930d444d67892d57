/** Where the console is: its routes are the location's hash. */

/** The console's route: the hash without its '#', '/' when there is none. */
export function hashPath(): string {
  return decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
}

/**
 * Sends a person who is still on the landing route ('/') to `hash`. A landing page decides where to go
 * from an answer that comes later; whoever went elsewhere meanwhile stays there, even when the answer
 * comes before the landing page has been taken down.
 */
export function landFromHome(hash: string): void {
  if (hashPath() === '/') location.hash = hash;
}
