import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { OFFICES, type Office } from '#events';
import { IsCalendarDate, NoControlChars } from '../infra/validators.js';

/** `POST /v1/office-holders` (API-next.md): who holds an office from which day on. */
export class AppointOfficeHolderRequest {
  @ApiProperty({ enum: OFFICES, example: 'iacp-president' }) @IsIn(OFFICES) office!: Office;
  @ApiProperty({ example: 'Chief Jane Q. Example' })
  @NoControlChars()
  @IsString()
  @Length(1, 200)
  name!: string;
  @ApiProperty({ example: 'President, International Association of Chiefs of Police' })
  @NoControlChars()
  @IsString()
  @Length(1, 200)
  title!: string;
  @ApiProperty({ example: '2025-10-21', description: 'first day in office' }) @IsCalendarDate() from!: string;
}
