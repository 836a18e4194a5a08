import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { IsCalendarDate, NoControlChars } from '../infra/validators.js';

const SHA256 = /^[a-f0-9]{64}$/;
const sha256Message = { message: '$property must be a lowercase hex SHA-256 (64 characters)' };

/** Evidence this agency attached (POST …/evidence answers its id); unknown ids → 422 evidence-not-found. */
function EvidenceIds(): PropertyDecorator {
  return (target, key) => {
    for (const d of [
      ApiPropertyOptional({ type: [String], description: 'ids of evidence this agency attached' }),
      IsOptional(),
      IsArray(),
      ArrayMinSize(1),
      ArrayMaxSize(50),
      IsString({ each: true }),
      Length(1, 100, { each: true }),
      NoControlChars({ each: true }),
    ])
      d(target, key);
  };
}

export class EstablishPartnershipRequest {
  @ApiProperty({ example: 'Denton County MHMR Center' })
  @NoControlChars()
  @IsString()
  @Length(1, 200)
  partnerName!: string;
  @ApiProperty({ enum: ['community-mental-health', 'community-health', 'other'] })
  @IsIn(['community-mental-health', 'community-health', 'other'])
  partnerType!: 'community-mental-health' | 'community-health' | 'other';
  @ApiProperty({ example: '2025-02-01' }) @IsCalendarDate() establishedOn!: string;
  @ApiPropertyOptional()
  @IsOptional()
  @NoControlChars()
  @Matches(SHA256, sha256Message)
  agreementSha256?: string;
  @EvidenceIds() evidenceIds?: string[];
}

export class EndPartnershipRequest {
  @ApiProperty({ example: '2026-06-30' }) @IsCalendarDate() endedOn!: string;
  @ApiProperty() @NoControlChars({ multiline: true }) @IsString() @Length(1, 2000) reason!: string;
}

export class AdoptPolicyRequest {
  @ApiProperty({ example: 'Response to Persons Affected by Mental Illness or in Crisis' })
  @NoControlChars()
  @IsString()
  @Length(1, 300)
  title!: string;
  @ApiProperty({ example: '2025.1' }) @NoControlChars() @IsString() @Length(1, 50) version!: string;
  @ApiProperty({ example: '2025-02-15' }) @IsCalendarDate() adoptedOn!: string;
  @ApiProperty({ example: '2025-03-01' }) @IsCalendarDate() effectiveOn!: string;
  @ApiProperty() @IsBoolean() basedOnIacpModel!: boolean;
  @ApiPropertyOptional()
  @IsOptional()
  @NoControlChars()
  @Matches(SHA256, sha256Message)
  documentSha256?: string;
  @EvidenceIds() evidenceIds?: string[];
}

export class ReasonRequest {
  @ApiProperty() @NoControlChars({ multiline: true }) @IsString() @Length(1, 2000) reason!: string;
}

export class SubmissionRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @NoControlChars({ multiline: true })
  @IsString()
  @Length(0, 2000)
  note?: string;
}

/** `POST …/campaigns/{campaignId}/practices/{practiceId}`: a practice put in place, with its evidence. */
export class ImplementPracticeRequest {
  @ApiProperty({ example: '2025-02-20' }) @IsCalendarDate() implementedOn!: string;
  @EvidenceIds() evidenceIds?: string[];
  @ApiPropertyOptional()
  @IsOptional()
  @NoControlChars({ multiline: true })
  @IsString()
  @Length(0, 2000)
  note?: string;
}

export class ApproveRequest {
  @ApiPropertyOptional({ example: '2026-03-01' }) @IsOptional() @IsCalendarDate() effectiveOn?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @NoControlChars({ multiline: true })
  @IsString()
  @Length(0, 2000)
  note?: string;
}

export class DeadlineExtensionRequest {
  @ApiProperty({ example: '2028-07-15' }) @IsCalendarDate() newDeadline!: string;
  @ApiProperty() @NoControlChars({ multiline: true }) @IsString() @Length(1, 2000) reason!: string;
}

export class ReviewRequirementRequest {
  @ApiProperty({ enum: ['accepted', 'changes-requested'] })
  @IsIn(['accepted', 'changes-requested'])
  decision!: 'accepted' | 'changes-requested';
  @ApiPropertyOptional({ description: 'required for changes-requested: the agency reads it in its view' })
  @IsOptional()
  @NoControlChars({ multiline: true })
  @IsString()
  @Length(1, 2000)
  message?: string;
}
