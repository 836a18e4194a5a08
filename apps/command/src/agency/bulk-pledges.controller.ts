import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Principal } from '#auth';
import { Access } from '../auth/access.decorator.js';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { BulkPledgeRequest } from './bulk-pledge.request.js';
import { BulkPledges } from './bulk-pledges.js';

/** Staff migrations: many agencies' pledges in one request, each row its own command (BulkPledges). */
@ApiTags('agency')
@ApiBearerAuth()
@Controller('v1/pledges')
export class BulkPledgesController {
  constructor(private readonly bulk: BulkPledges) {}

  @Post('bulk')
  @HttpCode(200)
  @Access({ roles: ['staff'] })
  pledge(@Body() body: BulkPledgeRequest, @CurrentPrincipal() p: Principal, @Req() req: Request) {
    return this.bulk.run(req, p, body.rows);
  }
}
