import { parseDurationSeconds, signDevelopmentToken, type TokenRole } from '#auth';
import { loadConfig } from '#config';
import { stringFlag, UsageError, type ParsedArgs } from './args.js';

/** `onemind token --role R --sub S [--agency A] [--ttl 1h] [--name N]`: a token signed with the configured secret. */
export async function tokenCommand(args: ParsedArgs): Promise<number> {
  const config = loadConfig();
  if (!config.jwtSecret)
    throw new UsageError('tokens can only be minted with ONEMIND_JWT_SECRET (an OIDC issuer mints its own)');
  const ttl = ttlSeconds(stringFlag(args, 'ttl') ?? '1h', config.tokenMaxLifetimeSeconds);
  const token = await signDevelopmentToken({
    role: stringFlag(args, 'role', true) as TokenRole,
    sub: stringFlag(args, 'sub', true),
    agencyId: stringFlag(args, 'agency'),
    name: stringFlag(args, 'name'),
    ttl: `${ttl}s`,
    secret: config.jwtSecret,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
  });
  process.stdout.write(`${token}\n`);
  return 0;
}

/** The service refuses tokens that live longer than its maximum: never mint one it would refuse. */
function ttlSeconds(text: string, max: number): number {
  const seconds = parseDurationSeconds(text);
  if (seconds === null)
    throw new UsageError(`--ttl must be a duration such as 3600, 90m, 1h or 1d, not "${text}"`);
  if (seconds > max)
    throw new UsageError(
      `--ttl ${text} is longer than the maximum token lifetime of ${max} s (ONEMIND_TOKEN_MAX_LIFETIME)`,
    );
  return seconds;
}
