import type { TestApp } from './test-app.js';

/**
 * Writes to one agency and reads that wait for them (read-your-writes through `X-Min-Position`,
 * tracked from every accepted write), as the journey specs need: `post` answers whatever the server
 * says, `ok` fails the test on a refusal with the server's words. `app` and the token are read at
 * each call: specs start the app in `beforeAll`.
 */
export function agencyRequests(app: () => TestApp, agencyId: string, defaultToken: () => string) {
  let position = '0';
  const post = async (path: string, body: unknown, token = defaultToken(), agency = agencyId) => {
    const res = await app().request('POST', `/v1/agencies/${agency}${path}`, { token, body });
    if (res.status < 300) position = res.json.position;
    return res;
  };
  const ok = async (path: string, body: unknown, token = defaultToken()) => {
    const res = await post(path, body, token);
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res;
  };
  const read = async (path: string, token = defaultToken()) =>
    (await app().request('GET', path, { token, headers: { 'x-min-position': position } })).json;
  return { post, ok, read };
}
