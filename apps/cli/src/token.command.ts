import { signDevelopmentToken, type TokenRole } from '../../../libs/auth/src/index.js';
import { loadConfig } from '../../../libs/config/src/index.js';
import { stringFlag, UsageError, type ParsedArgs } from './args.js';

/** `onemind token --role R --sub S [--agency A] [--ttl 1h] [--name N]`: a token signed with the configured secret. */
export async function tokenCommand(args: ParsedArgs): Promise<number> {
  const config = loadConfig();
  if (!config.jwtSecret) throw new UsageError('tokens can only be minted with ONEMIND_JWT_SECRET (an OIDC issuer mints its own)');
  const token = await signDevelopmentToken({
    role: stringFlag(args, 'role', true) as TokenRole,
    sub: stringFlag(args, 'sub', true),
    agencyId: stringFlag(args, 'agency'),
    name: stringFlag(args, 'name'),
    ttl: stringFlag(args, 'ttl') ?? '1h',
    secret: config.jwtSecret,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
  });
  process.stdout.write(`${token}\n`);
  return 0;
}
