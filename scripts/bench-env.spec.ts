// Issue 13 item 9: `npm run bench` failed with ONEMIND_JWT_SECRET set in the shell, because the apps
// it starts inherited the user's secret while it signed with its own. Checked without running it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTokenVerifier } from '#auth';
import { loadConfig } from '#config';
import { benchEnv } from '../bench/lib/app.js';
import { childEnv } from '../bench/lib/env.js';
import { token } from '../bench/lib/http.js';

const USER_SHELL: NodeJS.ProcessEnv = {
  PATH: '/usr/bin',
  REDIS_URL: 'redis://127.0.0.1:6390',
  NODE_ENV: 'production',
  ONEMIND_JWT_SECRET: 'the-users-own-production-secret-of-32-chars',
  ONEMIND_JWKS_URL: 'https://idp.example/jwks',
  ONEMIND_JWT_AUDIENCE: 'their-api',
  ONEMIND_JWT_ISSUER: 'https://idp.example/',
  ONEMIND_TOKEN_MAX_LIFETIME: '1m',
  ONEMIND_WRITE_RATE_PER_MIN: '5',
  EVENT_STORE: 'kurrentdb',
  KURRENTDB_URL: 'kurrentdb://elsewhere',
};

describe('the benchmark gives its processes their settings explicitly (issue 13 item 9)', () => {
  it("verifies the benchmark's own tokens in an app started from a shell with the user's settings", async () => {
    const env = childEnv({}, USER_SHELL);
    const config = loadConfig(env);
    const verify = createTokenVerifier({
      secret: config.jwtSecret,
      jwksUrl: config.jwksUrl,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      maxLifetimeSeconds: config.tokenMaxLifetimeSeconds,
      cache: false,
    });
    await expect(verify(await token('staff', 'bench'))).resolves.toMatchObject({
      role: 'staff',
      sub: 'bench',
    });
    expect(config.eventStore).toBe('sqlite');
    expect(env.REDIS_URL).toBe(USER_SHELL.REDIS_URL);
    expect(env.PATH).toBe(USER_SHELL.PATH);
  });

  it("benchEnv (the apps' environment) is built on childEnv", () => {
    const saved = process.env.ONEMIND_JWT_SECRET;
    process.env.ONEMIND_JWT_SECRET = USER_SHELL.ONEMIND_JWT_SECRET;
    try {
      expect(benchEnv('/tmp/x', 1234).ONEMIND_JWT_SECRET).toBe(childEnv().ONEMIND_JWT_SECRET);
    } finally {
      if (saved === undefined) delete process.env.ONEMIND_JWT_SECRET;
      else process.env.ONEMIND_JWT_SECRET = saved;
    }
  });

  it('starts every child process of bench/ with env: benchEnv(…) or childEnv(…)', () => {
    const files = readdirSync('bench', { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    );
    const calls = files.flatMap((f) => {
      const text = readFileSync(join('bench', f), 'utf8');
      return [
        ...text.matchAll(/(?<![.\w])(spawn|spawnSync|fork|exec|execSync|execFile|execFileSync)\(/g),
      ].map((m) => ({ at: `bench/${f}: ${m[0]}`, call: callText(text, m.index! + m[0].length) }));
    });
    expect(calls.length).toBeGreaterThanOrEqual(5);
    expect(calls.filter((c) => !/\benv: (benchEnv|childEnv)\(/.test(c.call)).map((c) => c.at)).toEqual([]);
  });
});

/** The argument list of a call, up to its closing parenthesis. */
function callText(text: string, from: number): string {
  let depth = 1;
  let i = from;
  for (; depth > 0 && i < text.length; i++) {
    if (text[i] === '(') depth += 1;
    if (text[i] === ')') depth -= 1;
  }
  return text.slice(from, i);
}
