import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../infra/http.js';
import type { Config } from '#config';
import { Public } from '../auth/access.decorator.js';
import { CONFIG } from '../infra/tokens.js';
import { xmlText as xml } from '../infra/control-chars.js';
import { NewsletterFeed, type Feature } from './newsletter-feed.js';

/** Newly certified agencies for the newsletter, as an Atom feed anyone may subscribe to. */
@ApiTags('public')
@Controller('v1/public')
export class NewsletterController {
  constructor(
    private readonly feed: NewsletterFeed,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('newsletter.atom')
  @Public()
  @ApiProduces('application/atom+xml')
  async atom(@Res() res: HttpReply) {
    const items = await this.feed.latest(100);
    const base = this.config.publicBaseUrl;
    const updated = items[0]?.queuedAt ?? '1970-01-01T00:00:00.000Z';
    res.header('Content-Type', 'application/atom+xml; charset=utf-8');
    res.send(
      `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n` +
        `  <title>One Mind Campaign: newly certified agencies</title>\n  <id>${xml(base)}/v1/public/newsletter.atom</id>\n` +
        `  <link rel="self" href="${xml(base)}/v1/public/newsletter.atom"/>\n  <updated>${xml(updated)}</updated>\n  <author><name>IACP One Mind Campaign</name></author>\n` +
        items.map((f) => entry(f, base)).join('') +
        `</feed>\n`,
    );
  }
}

function entry(f: Feature, base: string): string {
  return (
    `  <entry>\n    <title>${xml(f.agencyName)} is One Mind Certified</title>\n    <id>urn:onemind:certificate:${xml(f.certificateNumber)}</id>\n` +
    `    <updated>${xml(f.queuedAt)}</updated>\n    <link href="${xml(base)}/v1/public/agencies?status=certified"/>\n` +
    `    <summary>${xml(f.agencyName)}${f.region ? ` (${xml(f.region)})` : ''} completed the One Mind Campaign: certificate ${xml(f.certificateNumber)}.</summary>\n  </entry>\n`
  );
}
