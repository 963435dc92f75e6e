import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';
import { IsIsoDate } from '../../platform/http/iso-date';

export class RequestFgcDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() episodeId!: string;

  @ApiProperty({ format: 'date' }) @IsIsoDate() requestedOn!: string;

  @ApiProperty({ maxLength: 2000, description: 'Why the family is referred to the FGC service' })
  @IsString()
  @Length(1, 2000)
  reason!: string;

  @ApiProperty({
    description: 'The FGC is the first response: held early, before any child protection conference',
  })
  @IsBoolean()
  firstResponse!: boolean;
}

export class PrepareFgcDto {
  @ApiProperty({ format: 'uuid', description: 'The FGC coordinator (a user)' }) @IsUUID() coordinatorUserId!: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'Preparation with the family and their network' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  preparation?: string;
}

export const ATTENDEE_KINDS = ['family_member', 'network', 'professional'] as const;

export class FgcAttendeeDto {
  @ApiProperty({ enum: ATTENDEE_KINDS }) @IsIn(ATTENDEE_KINDS) kind!: (typeof ATTENDEE_KINDS)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'A family member or network person (not for professionals)' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A professional (a user)' })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class FgcPlanItemDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The child this part of the plan is for, where the family says so' })
  @IsOptional()
  @IsUUID()
  childPersonId?: string;

  @ApiProperty({ maxLength: 4000, description: "In the family's own words, as they wrote or said it" })
  @IsString()
  @Length(1, 4000)
  words!: string;
}

export class HoldFgcDto {
  @ApiProperty({ format: 'date' }) @IsIsoDate() heldOn!: string;

  @ApiProperty({ description: 'Private family time was held (the family planned alone)' })
  @IsBoolean()
  privateFamilyTime!: boolean;

  @ApiProperty({ type: [FgcAttendeeDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FgcAttendeeDto)
  attendees!: FgcAttendeeDto[];

  @ApiProperty({ type: [FgcPlanItemDto], description: 'The family plan agreed' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FgcPlanItemDto)
  plan!: FgcPlanItemDto[];
}

export class ReviewFgcDto {
  @ApiProperty({ format: 'date' }) @IsIsoDate() reviewedOn!: string;
  @ApiProperty({ description: "The family's plan held: the family kept to it and the worries were met" })
  @IsBoolean()
  planHeld!: boolean;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @Length(1, 4000) notes?: string;
}

export class FgcAttendeeView {
  @ApiProperty({ enum: ATTENDEE_KINDS }) kind!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) personId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId!: string | null;
  @ApiProperty() name!: string;
}

export class FgcPlanItemView {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) childPersonId!: string | null;
  @ApiProperty() words!: string;
}

export class FgcView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ enum: ['requested', 'preparing', 'held', 'reviewed'] }) status!: string;
  @ApiProperty({ format: 'date' }) requestedOn!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() firstResponse!: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) coordinatorUserId!: string | null;
  @ApiProperty({ nullable: true, type: String }) preparation!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) heldOn!: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) privateFamilyTime!: boolean | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) reviewedOn!: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) planHeld!: boolean | null;
  @ApiProperty({ nullable: true, type: String }) reviewNotes!: string | null;
  @ApiProperty({ type: [FgcAttendeeView] }) attendees!: FgcAttendeeView[];
  @ApiProperty({ type: [FgcPlanItemView] }) plan!: FgcPlanItemView[];
}
