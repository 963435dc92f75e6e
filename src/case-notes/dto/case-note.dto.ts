import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';
import { IsIsoDate } from '../../platform/http/iso-date';
import { PageQuery } from '../../platform/pagination/pagination';

export const CASE_ENTRY_KINDS = ['visit', 'contact', 'note'] as const;
export type CaseEntryKind = (typeof CASE_ENTRY_KINDS)[number];
export const VISIT_SETTINGS = ['home', 'school', 'family_hub', 'virtual'] as const;
export type VisitSetting = (typeof VISIT_SETTINGS)[number];

export class ChildEntryDto {
  @ApiProperty({ format: 'uuid', description: 'The child this entry is about' })
  @IsUUID()
  personId!: string;

  @ApiProperty({ maxLength: 20000, description: "Written for this child: never copied from a sibling's entry" })
  @IsString()
  @Length(1, 20000)
  text!: string;

  @ApiPropertyOptional({ maxLength: 5000, description: "The child's own words, where given" })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  childWords?: string;

  @ApiPropertyOptional({ description: 'Whether the child was seen alone' })
  @IsOptional()
  @IsBoolean()
  childSeenAlone?: boolean;
}

export class CreateCaseNoteDto {
  @ApiProperty({ enum: CASE_ENTRY_KINDS })
  @IsIn(CASE_ENTRY_KINDS)
  kind!: CaseEntryKind;

  @ApiPropertyOptional({ enum: VISIT_SETTINGS, description: 'Required for a visit, and only for a visit' })
  @IsOptional()
  @IsIn(VISIT_SETTINGS)
  visitSetting?: VisitSetting;

  @ApiProperty({ format: 'date-time', example: '2026-03-02T10:30:00Z' })
  @IsISO8601({ strict: true })
  occurredAt!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Family members seen' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsUUID('all', { each: true })
  seenPersonIds?: string[];

  @ApiPropertyOptional({
    maxLength: 20000,
    description: "The family's entry. Give either text (one family entry) or entries (one per child), not both",
  })
  @IsOptional()
  @IsString()
  @Length(1, 20000)
  text?: string;

  @ApiPropertyOptional({ type: [ChildEntryDto], description: 'One entry per child, each written for that child' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ChildEntryDto)
  entries?: ChildEntryDto[];
}

export class AmendCaseNoteDto {
  @ApiProperty({ maxLength: 20000, description: 'The corrected text; the original is kept' })
  @IsString()
  @Length(1, 20000)
  text!: string;

  @ApiPropertyOptional({ maxLength: 5000, description: "Corrected child's words (child entries only)" })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  childWords?: string;

  @ApiProperty({ maxLength: 2000, description: 'Why the entry is corrected' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class CaseNoteQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this child's entries" })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ enum: CASE_ENTRY_KINDS })
  @IsOptional()
  @IsIn(CASE_ENTRY_KINDS)
  kind?: CaseEntryKind;

  @ApiPropertyOptional({ format: 'date', description: 'From this London date, included' })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'To this London date, included' })
  @IsOptional()
  @IsIsoDate()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only entries by this practitioner (user id)' })
  @IsOptional()
  @IsUUID()
  practitionerId?: string;
}

export class CaseNoteAmendmentView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  text!: string;

  @ApiProperty({ nullable: true, type: String })
  childWords!: string | null;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ format: 'uuid' })
  amendedByUserId!: string;

  @ApiProperty({ format: 'uuid' })
  amendedByOrganisationId!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class CaseNoteView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  episodeId!: string;

  @ApiProperty({ format: 'uuid' })
  familyId!: string;

  @ApiProperty({ enum: ['family', 'child'] })
  subject!: 'family' | 'child';

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The child; null for a family entry' })
  personId!: string | null;

  @ApiProperty({ enum: CASE_ENTRY_KINDS })
  kind!: CaseEntryKind;

  @ApiProperty({ enum: VISIT_SETTINGS, nullable: true })
  visitSetting!: VisitSetting | null;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ format: 'uuid' })
  practitionerUserId!: string;

  @ApiProperty({ format: 'uuid' })
  practitionerOrganisationId!: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  seenPersonIds!: string[];

  @ApiProperty({ nullable: true, type: Boolean })
  childSeenAlone!: boolean | null;

  @ApiProperty({ nullable: true, type: String, description: 'As first recorded' })
  childWords!: string | null;

  @ApiProperty({ description: 'As first recorded; never changed' })
  text!: string;

  @ApiProperty({ description: 'The latest amendment’s text, or the original when never amended' })
  currentText!: string;

  @ApiProperty({ nullable: true, type: String })
  currentChildWords!: string | null;

  @ApiProperty()
  amendmentCount!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class CaseNoteDetail extends CaseNoteView {
  @ApiProperty({ type: [CaseNoteAmendmentView], description: 'Oldest first' })
  amendments!: CaseNoteAmendmentView[];
}

export class CreatedCaseNotes {
  @ApiProperty({ type: [CaseNoteView], description: 'One per child entry, or the one family entry' })
  items!: CaseNoteView[];
}
