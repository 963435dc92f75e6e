import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsIsoDate } from '../../platform/http/iso-date';
import { Nullable } from '../../platform/http/nullable';

export class SupportLevelView {
  @ApiProperty({ example: 'targeted_family_help' }) code!: string;
  @ApiProperty({ example: 'Targeted Family Help', description: "The partnership's label" }) label!: string;
  @ApiProperty({ enum: ['continuum', 'family_help', 'both'] }) vocabulary!: string;
  @ApiProperty({
    enum: ['universal', 'single_agency', 'targeted', 'specialist', 'statutory'],
    description: 'The group measures count the level in, the same for old and new names (docs/measures.md)',
  })
  measureGroup!: string;
  @ApiProperty() rank!: number;
  @ApiProperty() multiAgency!: boolean;
}

export class VocabularyView {
  @ApiProperty({ enum: ['continuum', 'family_help'] }) code!: string;
  @ApiProperty() label!: string;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'Family Help: episodes opened on or after this date use its levels (null: not switched)',
  })
  inUseFrom!: string | null;
}

export class SupportLevelList {
  @ApiProperty({ type: [SupportLevelView], description: 'By rank, then code' }) items!: SupportLevelView[];
  @ApiProperty({ type: [VocabularyView] }) vocabularies!: VocabularyView[];
}

export class UpdateSupportLevelDto {
  @ApiProperty({ maxLength: 200, description: "The partnership's name for the level" })
  @IsString()
  @Length(1, 200)
  label!: string;
}

export class SetFamilyHelpDateDto {
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'The date from which new episodes use the Family Help levels; null to switch back off',
  })
  @Nullable()
  @IsIsoDate()
  inUseFrom!: string | null;
}
