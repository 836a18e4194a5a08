import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { AGENCY_ID_PATTERN } from '#events';
import { NoControlChars } from '../infra/validators.js';
import { IDEMPOTENCY_KEY_PATTERN } from '../infra/write-request.js';
import { TakePledgeRequest } from './take-pledge.request.js';

/** Rows per bulk request: a request stays well under the JSON limit (1 MiB) and a few seconds long. */
export const MAX_BULK_PLEDGES = 100;

/** One row: the single pledge route's body, with the agency it is for and the row's own key. */
export class BulkPledgeRow extends TakePledgeRequest {
  @ApiProperty({ example: 'tx-tx0611200' })
  @NoControlChars()
  @IsString()
  @Matches(AGENCY_ID_PATTERN, { message: 'agencyId must be 3–64 characters of [A-Za-z0-9._-]' })
  agencyId!: string;

  @ApiPropertyOptional({
    description:
      "this row's Idempotency-Key: a retry with the same key and row answers the first result " +
      '(the same key as a single `POST /v1/agencies/{agencyId}/pledge` with that body)',
  })
  @IsOptional()
  @NoControlChars()
  @IsString()
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: 'idempotencyKey must be 1–128 visible ASCII characters' })
  idempotencyKey?: string;
}

/**
 * `POST /v1/pledges/bulk`. Like every body, checked whole before anything is decided (G8): a row
 * that is not a valid pledge fails the request with a 400 naming it (`rows[3].contact.email`) and
 * nothing is appended; the client drops or fixes it and sends the rest again. What only the log
 * can tell (the agency exists, a key reused) is each row's own outcome.
 */
export class BulkPledgeRequest {
  @ApiProperty({ type: [BulkPledgeRow], minItems: 1, maxItems: MAX_BULK_PLEDGES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_PLEDGES)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => BulkPledgeRow)
  rows!: BulkPledgeRow[];
}
