import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Principal } from '#auth';
import { Access } from '../auth/access.decorator.js';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import type { HttpRequest } from '../infra/http.js';
import { WriteContext } from '../infra/write-endpoint.js';
import type { WriteMeta } from '../infra/write-request.js';
import { BulkPledgeRequest } from './bulk-pledge.request.js';
import { BulkPledges } from './bulk-pledges.js';

/**
 * Staff migrations: many agencies' pledges in one request, each row its own command (BulkPledges).
 * Not `@Write()`: the answer is the rows' outcomes (always 200, no ETag), not one command's.
 */
@ApiTags('agency')
@ApiBearerAuth()
@Controller('v1/pledges')
export class BulkPledgesController {
  constructor(private readonly bulk: BulkPledges) {}

  @Post('bulk')
  @HttpCode(200)
  @Access({ roles: ['staff'] })
  pledge(
    @Body() body: BulkPledgeRequest,
    @CurrentPrincipal() p: Principal,
    @WriteContext() meta: WriteMeta,
    @Req() req: HttpRequest,
  ) {
    // The rows as sent (before validation's transform): each row's key is fingerprinted over them.
    return this.bulk.run(meta, p, (req.body as { rows: Record<string, unknown>[] }).rows, body.rows);
  }
}
