import type { RuleSetId } from '#events';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsEmail,
  IsISO31661Alpha2,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, IsKnownRuleSet, NoControlChars, upperCaseCountry } from '../infra/validators.js';

export class PersonRequest {
  @ApiProperty({ example: 'Andy Kancel' }) @NoControlChars() @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: 'Chief of Police' }) @NoControlChars() @IsString() @Length(1, 200) title!: string;
}

export class ContactRequest {
  @ApiProperty() @NoControlChars() @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: 'onemind@agency.example' })
  @NoControlChars()
  @IsEmail()
  @Length(3, 254)
  email!: string;
}

export class TakePledgeRequest {
  @ApiProperty({ example: 'Flower Mound Police Department' })
  @NoControlChars()
  @IsString()
  @Length(1, 200)
  name!: string;
  @ApiPropertyOptional({ example: 'TX0611200', description: 'FBI ORI (US agencies)' })
  @IsOptional()
  @NoControlChars()
  @Matches(/^[A-Z]{2}[A-Z0-9]{7}$/, { message: 'ori must be 9 characters, e.g. TX0611200' })
  ori?: string;
  @ApiProperty({ example: 'US', default: 'US' }) // Matches as well: IsISO31661Alpha2 upper-cases with toUpperCase() itself, so it took 'ıe' (stored as such) for IE.
  @IsOptional()
  @NoControlChars()
  @Transform(upperCaseCountry)
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as US' })
  @IsISO31661Alpha2()
  country: string = 'US';
  @ApiPropertyOptional({ example: 'TX' })
  @IsOptional()
  @NoControlChars()
  @IsString()
  @Length(1, 64)
  region?: string;
  @ApiPropertyOptional({ example: 'City' })
  @IsOptional()
  @NoControlChars()
  @IsString()
  @Length(1, 64)
  agencyType?: string;
  @ApiProperty({ type: PersonRequest })
  @IsObject()
  @ValidateNested()
  @Type(() => PersonRequest)
  signatory!: PersonRequest;
  @ApiProperty({ type: ContactRequest })
  @IsObject()
  @ValidateNested()
  @Type(() => ContactRequest)
  contact!: ContactRequest;
  @ApiPropertyOptional({ minimum: 12, maximum: 36, default: 36 })
  @IsOptional()
  @IsInt()
  @Min(12)
  @Max(36)
  commitmentMonths?: number;
  @ApiPropertyOptional({ example: '2025-01-15', description: 'staff only may give a past date' })
  @IsOptional()
  @IsCalendarDate()
  pledgedOn?: string;
  @ApiPropertyOptional({
    example: 'one-mind-2023',
    description: "staff only; a rule set of the route's campaign (GET /v1/campaigns lists them)",
  })
  @IsOptional()
  @NoControlChars()
  @IsKnownRuleSet()
  ruleSet?: RuleSetId;
}
