import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageOf } from '../../platform/http/page-types';

export const IMPORT_STATUSES = ['receiving', 'queued', 'applying', 'completed', 'failed'] as const;

export class ImportUploadQuery {
  @ApiPropertyOptional({
    example: 'ehm-export-2026-11.ndjson',
    description: 'Name of the uploaded file, for the record',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[\w .()+,=@-]+$/, { message: 'fileName may hold letters, digits, spaces and . _ - ( ) + , = @' })
  fileName?: string;
}

export class ImportKindCounts {
  @ApiProperty({ description: 'Valid lines of this kind in the file' }) staged!: number;
  @ApiProperty({ description: 'Records inserted' }) created!: number;
  @ApiProperty({ description: 'Records adopted: already in the system under the same name or email' })
  matched!: number;
  @ApiProperty({ description: 'Legacy ids imported before: left as they are' }) unchanged!: number;
  @ApiProperty({ description: 'Rows refused (see the errors)' }) errors!: number;
}

// The map's values refer to ImportKindCounts by $ref: register it, or the reference dangles.
@ApiExtraModels(ImportKindCounts)
export class ImportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: IMPORT_STATUSES }) status!: string;
  @ApiProperty({ enum: ['api', 'cli', 'seed'] }) source!: string;
  @ApiProperty({ nullable: true, type: String }) fileName!: string | null;
  @ApiProperty({ description: 'Lines read from the file so far' }) linesRead!: number;
  @ApiProperty({ description: 'Lines that were valid records, waiting to be or already applied' })
  recordsStaged!: number;
  @ApiProperty({ description: 'Staged records applied so far (created, matched, unchanged or refused)' })
  recordsDone!: number;
  @ApiProperty() recordsCreated!: number;
  @ApiProperty() recordsMatched!: number;
  @ApiProperty() recordsUnchanged!: number;
  @ApiProperty({ description: 'Rows refused, at reading or at applying' }) errorCount!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(ImportKindCounts) },
    description: 'Counts by record kind',
  })
  kinds!: Record<string, ImportKindCounts>;
  @ApiProperty({ nullable: true, type: String, description: 'Why the import stopped, if it failed' })
  failure!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
}

export class ImportErrorView {
  @ApiProperty({ description: 'Line number in the file, from 1' }) line!: number;
  @ApiProperty({ nullable: true, type: String }) kind!: string | null;
  @ApiProperty({ nullable: true, type: String }) legacyId!: string | null;
  @ApiProperty({ example: 'dateOfBirth: must be a date (YYYY-MM-DD)' }) message!: string;
}

export class ImportPage extends PageOf(ImportView) {}
export class ImportErrorPage extends PageOf(ImportErrorView) {}
