import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { describeCampaigns } from '#domain';
import { Public } from '../auth/access.decorator.js';

/**
 * The campaigns and what each rule set requires (API-next.md "Campaigns, rule sets and
 * recertification"): data compiled into the engine, so anyone may read it, no read model involved.
 */
@ApiTags('campaigns')
@Controller('v1/campaigns')
export class CampaignsController {
  @Get()
  @Public()
  list() {
    return describeCampaigns();
  }
}
