import { hashPath, landFromHome } from '../../web/src/route';

/**
 * The console's landing pages (the admin's, a union's or the city office's) decide where a person goes
 * from an answer that comes later. Whoever went elsewhere meanwhile must stay there: CI once saw an admin
 * who had opened 登记册 sent back to the dashboard, the answer having come before the landing page was
 * taken down.
 */
describe('console landing', () => {
  const global = globalThis as unknown as { location?: { hash: string } };
  const at = (hash: string) => (global.location = { hash });
  afterEach(() => delete global.location);

  it('reads an empty hash, a lone # and #/ as the landing route', () => {
    for (const hash of ['', '#', '#/']) {
      at(hash);
      expect(hashPath()).toBe('/');
    }
    at('#/designations');
    expect(hashPath()).toBe('/designations');
  });

  it('sends a person still on the landing route on', () => {
    for (const hash of ['', '#/']) {
      at(hash);
      landFromHome('#/dashboard');
      expect(global.location!.hash).toBe('#/dashboard');
    }
  });

  it('leaves a person who went elsewhere before the answer came where they are', () => {
    at('#/designations');
    landFromHome('#/dashboard');
    expect(global.location!.hash).toBe('#/designations');
  });
});
