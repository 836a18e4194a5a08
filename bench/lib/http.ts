import { Agent, request } from 'node:http';
import { signDevelopmentToken, type TokenRole } from '#auth';
import { BENCH_JWT_SECRET } from './env.js';

/** Keep-alive connections, as a real client would hold them. */
export const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export interface Reply {
  status: number;
  body: string;
  ms: number;
}

export function send(
  url: string,
  method: string,
  path: string,
  token: string | undefined,
  body?: string,
  contentType = 'application/json',
): Promise<Reply> {
  const u = new URL(path, url);
  const headers: Record<string, string | number> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    headers['content-type'] = contentType;
    headers['content-length'] = Buffer.byteLength(body);
  }
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            ms: performance.now() - t0,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export const postJson = (url: string, path: string, token: string, data: unknown): Promise<Reply> =>
  send(url, 'POST', path, token, JSON.stringify(data));

/** Real HS256 JWTs, signed with the secret every spawned app is given (childEnv). */
export function token(role: TokenRole, sub: string, agencyId?: string): Promise<string> {
  return signDevelopmentToken({ role, sub, agencyId, ttl: '2h', secret: BENCH_JWT_SECRET });
}

export function pledgeBody(a: { name: string; ori: string; type: string }) {
  return {
    name: `${a.name} Police Department`.slice(0, 200),
    ori: a.ori,
    country: 'US',
    region: 'TX',
    agencyType: a.type,
    signatory: { name: 'Chief Bench', title: 'Chief of Police' },
    contact: { name: 'One Mind Coordinator', email: 'onemind@agency.example' },
    commitmentMonths: 36,
  };
}

export function expectOk(r: Reply, what: string): Reply {
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: HTTP ${r.status} ${r.body.slice(0, 500)}`);
  return r;
}
