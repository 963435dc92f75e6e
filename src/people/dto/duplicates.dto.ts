import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageQuery } from '../../platform/pagination/pagination';
import { EVIDENCE_WEIGHTS, type EvidenceKind } from '../duplicate-rules';
import { Person } from '../person.entity';

export class EvidenceView {
  @ApiProperty({ enum: Object.keys(EVIDENCE_WEIGHTS) })
  kind!: EvidenceKind;

  @ApiProperty({ description: 'What it adds to (or, negative, takes from) the score' })
  weight!: number;

  @ApiProperty({ example: 'surname sounds alike: Smyth/Smith' })
  text!: string;
}

/** Who a possible duplicate is: identification only, as a match summary (no case detail). */
export class DuplicatePersonView {
  @ApiProperty({ format: 'uuid' })
  personId!: string;

  @ApiProperty()
  firstName!: string;

  @ApiProperty()
  lastName!: string;

  @ApiProperty({ nullable: true, type: String, format: 'date' })
  dateOfBirth!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date' })
  expectedDateOfBirth!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'B69', description: 'Outward code only' })
  postcodeDistrict!: string | null;
}

export class PossibleDuplicateView extends DuplicatePersonView {
  @ApiProperty({ minimum: 0, maximum: 100 })
  score!: number;

  @ApiProperty({ description: 'The same NHS number or UPN' })
  certain!: boolean;

  @ApiProperty({ description: 'Score at or above DUPLICATE_CERTAIN_THRESHOLD: almost certainly the same person' })
  likely!: boolean;

  @ApiProperty({ type: [String], example: ['surname sounds alike: Smyth/Smith', 'same date of birth: 2016-04-12'] })
  reasons!: string[];

  @ApiProperty({ type: [EvidenceView] })
  evidence!: EvidenceView[];
}

export class PossibleDuplicateList {
  @ApiProperty({ type: [PossibleDuplicateView], description: 'Highest score first; only people the caller may see' })
  items!: PossibleDuplicateView[];

  @ApiProperty({
    description:
      'Whether a possible duplicate exists that the caller may not see: who it is is not said; ask the MASH to check',
  })
  hiddenMatchExists!: boolean;

  @ApiProperty({ nullable: true, type: String })
  advice!: string | null;
}

export class WorklistItemView {
  @ApiProperty({ type: DuplicatePersonView })
  person!: DuplicatePersonView;

  @ApiProperty({ type: DuplicatePersonView })
  otherPerson!: DuplicatePersonView;

  @ApiProperty({ minimum: 0, maximum: 100 })
  score!: number;

  @ApiProperty()
  certain!: boolean;

  @ApiProperty({ type: [String] })
  reasons!: string[];

  @ApiProperty({ type: [EvidenceView] })
  evidence!: EvidenceView[];

  @ApiProperty({ type: String, format: 'date-time', description: 'When the nightly refresh found the pair' })
  refreshedAt!: Date;
}

export class WorklistPage {
  @ApiProperty({ type: [WorklistItemView] })
  items!: WorklistItemView[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}

export class WorklistQuery extends PageQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100,
    description: 'Only pairs scoring at least this (default DUPLICATE_MATCH_THRESHOLD)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  minScore?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the pairs this person is in' })
  @IsOptional()
  @IsUUID()
  personId?: string;
}

/** A person just recorded, with the possible duplicates the caller may link to instead. */
export class CreatedPersonView extends Person {
  @ApiProperty({ type: PossibleDuplicateList })
  likelyMatches!: PossibleDuplicateList;
}
