import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PLEDGE_STATUSES } from '#domain';
import {
  AGENCY_LIST_SORTS,
  PROGRAM_STATUSES,
  type AgencyListFilter,
  type AgencyListSort,
  type ProgramStatus,
} from '#read-models';
import { IsKnownCampaign, NoControlChars } from '../infra/validators.js';

/** The statuses of the agency lifecycle (libs/domain), the one list. */
const AGENCY_STATUSES: string[] = [...PLEDGE_STATUSES];
const MAX_PAGE_SIZE = 200;
/** Ten years: longer than any training record or certification lasts. */
const MAX_EXPIRY_WATCH_DAYS = 3650;

/** An empty query field (`?region=`, as an empty form field sends it) means the field is absent. */
const emptyIsAbsent = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);

/**
 * Digits only become a number: `0x10`, `1e2`, `+5` or ` 5`, which `Number()` would take, stay
 * strings and fail IsInt with a 400. An empty field takes the default.
 */
const wholeNumberOr =
  (fallback: number) =>
  ({ value }: { value: unknown }): unknown =>
    value === '' ? fallback : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** GET /v1/agencies: filters and bounded paging (pageSize ≤ 200); an AgencyListFilter as it is. */
export class AgencyListQuery implements AgencyListFilter {
  @ApiPropertyOptional({ enum: AGENCY_STATUSES })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @NoControlChars()
  @IsIn(AGENCY_STATUSES)
  status?: string;

  @ApiPropertyOptional({ maxLength: 64 })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @NoControlChars()
  @IsString()
  @MaxLength(64)
  region?: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'part of the name, agencyId or ORI' })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @NoControlChars()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    enum: AGENCY_LIST_SORTS,
    default: 'name',
    description: 'name; deadline (nearest first); -certifiedOn (latest certified first)',
  })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @NoControlChars()
  @IsIn(AGENCY_LIST_SORTS)
  sort?: AgencyListSort;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 1_000_000, default: 1 })
  @Transform(wholeNumberOr(1))
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  @ApiPropertyOptional({
    type: Number,
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: 50,
    description: `1–${MAX_PAGE_SIZE}, default 50`,
  })
  @Transform(wholeNumberOr(50))
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 50;
}

/** GET /v1/agencies/{id}/officers. */
export class OfficersQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'false: sworn officers still needing training',
  })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @NoControlChars()
  @IsIn(['true', 'false'])
  covered?: 'true' | 'false';

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_EXPIRY_WATCH_DAYS,
    description: 'the training expiry watch: counting training that runs out within this many days',
  })
  // Digits only become a number (like paging); anything else, an empty field too, fails IsInt: 400.
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_EXPIRY_WATCH_DAYS)
  expiringWithinDays?: number;
}

/** GET /v1/public/agencies. */
export class PublicAgenciesQuery {
  @ApiPropertyOptional({ enum: ['certified', 'pledged'] })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @NoControlChars()
  @IsIn(['certified', 'pledged'])
  status?: 'certified' | 'pledged';

  @ApiPropertyOptional({ description: 'agencies of one campaign: a campaignId of GET /v1/campaigns' })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @NoControlChars()
  @IsKnownCampaign()
  campaign?: string;

  @ApiPropertyOptional({ maxLength: 64 })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @NoControlChars()
  @IsString()
  @MaxLength(64)
  region?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @NoControlChars()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

/** GET /v1/public/certificates/{number}. */
export class CertificateQuery {
  // Documented as required (no code never verifies), read as optional: a missing code is a 404 like a wrong one.
  @ApiProperty({
    required: true,
    maxLength: 64,
    description: 'the verification code printed on the certificate',
  })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @NoControlChars()
  @IsString()
  @MaxLength(64)
  code?: string;
}

/** GET /v1/training-programs: without `status`, the whole catalogue. */
export class ProgramListQuery {
  @ApiPropertyOptional({ enum: PROGRAM_STATUSES })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @NoControlChars()
  @IsIn(PROGRAM_STATUSES)
  status?: ProgramStatus;
}
