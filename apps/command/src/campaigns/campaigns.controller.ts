import { Body, Controller, Get, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { describeCampaigns, knownCampaigns, parseCampaignData } from '#domain';
import { Access, Public } from '../auth/access.decorator.js';
import type { CommandOutcome } from '../infra/handle-command.js';
import { problem, ProblemException } from '../infra/problem.js';
import { Write, WriteContext } from '../infra/write-endpoint.js';
import type { WriteMeta } from '../infra/write-request.js';
import { ExecuteCampaignCommand } from './campaign-command.handler.js';

/**
 * The campaigns and what each rule set requires (API-next.md "Campaigns, rule sets and
 * recertification"): the built-in ones and those staff published on the `campaigns` stream.
 */
@ApiTags('campaigns')
@Controller('v1/campaigns')
export class CampaignsController {
  constructor(private readonly commands: CommandBus) {}

  /**
   * This process's registry (ADR 0009): kept up with the stream every second and at once after a
   * publication here, so no read of the stream per request.
   */
  @Get()
  @Public()
  list() {
    return describeCampaigns(knownCampaigns());
  }

  /**
   * Staff publish a campaign, or new rule-set versions of one, as data (issue 18 item 7): the body
   * is a campaign as `GET /v1/campaigns` shows it (with `sources`). Checked strictly (every problem
   * named, 400) before the decider records each new rule set as RuleSetPublished. 200, not 201: the
   * stream is one for the engine, so no request creates "a resource".
   */
  @Post()
  @ApiBearerAuth()
  @ApiBody({ description: 'a campaign: { campaignId, title, sources, ruleSets: [...] }' })
  @Access({ roles: ['staff'] })
  @Write()
  async publish(
    // Not a DTO: the campaign's shape is checked by the domain's parseCampaignData (class-validator
    // skips a parameter typed as a plain object).
    @Body() body: Record<string, unknown>,
    @WriteContext() meta: WriteMeta,
  ): Promise<CommandOutcome> {
    const parsed = parseCampaignData(body);
    if (!parsed.ok)
      throw new ProblemException(
        problem(
          400,
          `${parsed.issues.length} problem(s) in the campaign: ${parsed.issues
            .slice(0, 3)
            .map((i) => i.path || '(body)')
            .join(', ')}`,
          {
            errors: parsed.issues.slice(0, 100),
          },
        ),
      );
    const command = { type: 'PublishCampaign' as const, data: { campaign: parsed.campaign } };
    const outcome: CommandOutcome = await this.commands.execute(new ExecuteCampaignCommand(command, meta));
    return { ...outcome, created: false };
  }
}
