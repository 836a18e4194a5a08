import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorator.js';
import { checkCertificate } from '../queries/certificate-check.js';
import { CertificateQuery } from '../queries/list-params.js';
import { ReadModels } from '../queries/read-models.service.js';
import { CertificateCheckLimit } from '../security/rate-limit.guard.js';
import { VERIFY_CSP, verifyPage } from './verify.page.js';

/**
 * What the certificate's QR code opens: the check of `GET /v1/public/certificates/{number}`, run
 * on the server at once and answered as a page a person can read. 200 whatever the verdict (the
 * page is the answer; the JSON route is the one that says 404).
 */
@ApiTags('public')
@Controller('verify')
export class VerifyController {
  constructor(private readonly readModels: ReadModels) {}

  @Get(':number')
  @Public()
  @CertificateCheckLimit() // the same per-IP budget as the JSON check (G9)
  @ApiProduces('text/html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', VERIFY_CSP)
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer') // the code is in the URL: never pass it on
  async page(@Param('number') number: string, @Query() query: CertificateQuery): Promise<string> {
    return verifyPage(number, await checkCertificate(this.readModels, number, query.code));
  }
}
