import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsCalendarDate, NoControlChars } from '../infra/validators.js';
import { TakePledgeRequest } from './take-pledge.request.js';

/**
 * API-next.md `POST …/campaigns/{campaignId}/historic-certification`: the agency's profile as in a
 * pledge, the rule set it was certified under and the three original dates.
 */
export class HistoricCertificationRequest extends PickType(TakePledgeRequest, [
  'name',
  'ori',
  'country',
  'region',
  'signatory',
  'contact',
] as const) {
  @ApiProperty({ enum: ['one-mind-2016', 'one-mind-2023'] })
  @IsIn(['one-mind-2016', 'one-mind-2023'])
  ruleSet!: 'one-mind-2016' | 'one-mind-2023';
  @ApiProperty({ example: '2017-03-01' }) @IsCalendarDate() pledgedOn!: string;
  @ApiProperty({ example: '2018-02-10' }) @IsCalendarDate() submittedOn!: string;
  @ApiProperty({ example: '2018-04-01' }) @IsCalendarDate() effectiveOn!: string;
  @ApiPropertyOptional({
    example: 'OM-2018-0412',
    description: 'the number on the paper certificate; absent: OM-<year of effectiveOn>-<agencyId>-1',
  })
  @IsOptional()
  @NoControlChars()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{2,79}$/, {
    message: 'certificateNumber must be 3–80 letters, digits and dashes',
  })
  certificateNumber?: string;
  @ApiProperty({ example: 'Migrated from the 2016–2024 spreadsheet, row 412' })
  @NoControlChars()
  @IsString()
  @Length(1, 2000)
  note!: string;
  @ApiPropertyOptional({ default: false, description: 'generate the certificate and letter now' })
  @IsOptional()
  @IsBoolean()
  issueDocuments?: boolean;
}
