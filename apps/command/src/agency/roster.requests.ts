import { OFFICER_REF } from '#domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
// MaxDecimalPlaces instead of IsNumber's maxDecimalPlaces: that one threw (500) on `-1e-308` (security fix, G8).
import { IsCalendarDate, MaxDecimalPlaces, NoControlChars } from '../infra/validators.js';

export { OFFICER_REF };
export const PROGRAM_ID = /^[a-z0-9][a-z0-9-]{1,47}$/;
const refMessage = { message: '$property must be 1–64 characters of [A-Za-z0-9._:-]' };
const BULK = 5000;

export class OfficerJoinRequest {
  @ApiProperty({ example: 'fmpd-7f3a9c' })
  @NoControlChars()
  @Matches(OFFICER_REF, refMessage)
  officerRef!: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() sworn?: boolean;
  @ApiProperty({ example: '2019-06-01' }) @IsCalendarDate() joinedOn!: string;
}
export class AddOfficersRequest {
  @ApiProperty({ type: [OfficerJoinRequest], minItems: 1, maxItems: BULK })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OfficerJoinRequest)
  officers!: OfficerJoinRequest[];
}

export class OfficerSeparationRequest {
  @ApiProperty() @NoControlChars() @Matches(OFFICER_REF, refMessage) officerRef!: string;
  @ApiProperty({ example: '2026-01-31' }) @IsCalendarDate() separatedOn!: string;
}
export class SeparateOfficersRequest {
  @ApiProperty({ type: [OfficerSeparationRequest], minItems: 1, maxItems: BULK })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OfficerSeparationRequest)
  officers!: OfficerSeparationRequest[];
}

export class TrainingRecordRequest {
  @ApiProperty() @NoControlChars() @Matches(OFFICER_REF, refMessage) officerRef!: string;
  @ApiProperty({ example: 'cit' })
  @NoControlChars()
  @Matches(PROGRAM_ID, { message: 'programId must be 2–48 characters of [a-z0-9-]' })
  programId!: string;
  @ApiProperty({ example: '2025-05-20' }) @IsCalendarDate() completedOn!: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(2)
  @Min(0)
  @Max(1000)
  hours?: number;
  @ApiPropertyOptional() @IsOptional() @NoControlChars() @IsString() @Length(1, 100) certificateRef?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() expiresOn?: string;
}
export class RecordTrainingRequest {
  @ApiProperty({ type: [TrainingRecordRequest], minItems: 1, maxItems: BULK })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => TrainingRecordRequest)
  records!: TrainingRecordRequest[];
}

export class ChangeReasonRequest {
  @ApiProperty({
    description:
      "partnership, policy, training, other, or a practice id of the agency's rule set (practice-01 …)",
    example: 'policy',
  })
  @NoControlChars()
  @IsString()
  @Matches(/^(partnership|policy|training|other|practice-\d{1,3})$/, {
    message:
      '$property must be one of: partnership, policy, training, other, or a practice id (practice-01 …)',
  })
  requirement!: string;
  @ApiProperty() @NoControlChars({ multiline: true }) @IsString() @Length(1, 2000) message!: string;
}
/** `reasons` may be left out when a requirement of the round stands at changes-requested (the decider checks). */
export class RequestChangesRequest {
  @ApiPropertyOptional({ type: [ChangeReasonRequest], minItems: 1, maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ChangeReasonRequest)
  reasons?: ChangeReasonRequest[];
}

export class ProposeProgramRequest {
  @ApiProperty({ example: 'crisis-ops-tx' })
  @NoControlChars()
  @Matches(PROGRAM_ID, { message: 'programId must be 2–48 characters of [a-z0-9-]' })
  programId!: string;
  @ApiProperty() @NoControlChars() @IsString() @Length(1, 200) name!: string;
  @ApiProperty() @NoControlChars() @IsString() @Length(1, 200) provider!: string;
  @ApiProperty({ enum: ['crisis', 'awareness'] }) @IsIn(['crisis', 'awareness']) class!:
    'crisis' | 'awareness';
  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(2)
  @Min(0)
  @Max(1000)
  hours?: number;
}
export class RecognizeProgramRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @NoControlChars({ multiline: true })
  @IsString()
  @Length(0, 2000)
  note?: string;
}
