import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQuery } from '../../platform/pagination/pagination';

export const DOCUMENT_TARGET_TYPES = ['family', 'episode', 'assessment', 'taf_plan', 'marf'] as const;
export type DocumentTargetType = (typeof DOCUMENT_TARGET_TYPES)[number];

/** The multipart body of POST /documents, as documented (the service reads it streamed). */
export class UploadDocumentForm {
  @ApiProperty({ enum: DOCUMENT_TARGET_TYPES, description: 'What the document is attached to (send before `file`)' })
  targetType!: DocumentTargetType;

  @ApiProperty({ format: 'uuid', description: 'The id of that record (send before `file`)' })
  targetId!: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description: 'A short title, e.g. "Signed consent form" (send before `file`)',
  })
  title?: string;

  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'The file: PDF, PNG, JPEG or DOCX by default (DOCUMENT_TYPES), recognised from its content',
  })
  file!: unknown;
}

export class DocumentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ enum: DOCUMENT_TARGET_TYPES }) targetType!: DocumentTargetType;
  @ApiProperty({ format: 'uuid' }) targetId!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ description: 'The name it was uploaded with (path removed)' }) fileName!: string;
  @ApiProperty({ description: 'The type recognised from the content, not the name' }) contentType!: string;
  @ApiProperty() byteSize!: number;
  @ApiProperty({ description: 'SHA-256 of the content, hex' }) sha256!: string;
  @ApiProperty({ format: 'uuid' }) uploadedByUserId!: string;
  @ApiProperty({ format: 'uuid' }) uploadedByOrganisationId!: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deletedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) deletedByUserId!: string | null;
  @ApiProperty({ type: String, nullable: true }) deletionReason!: string | null;
}

export class DocumentQuery extends PageQuery {
  @ApiProperty({ enum: DOCUMENT_TARGET_TYPES })
  @IsIn(DOCUMENT_TARGET_TYPES)
  targetType!: DocumentTargetType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  targetId!: string;

  @ApiPropertyOptional({ description: 'Also list soft-deleted documents (metadata only)', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeDeleted?: boolean;
}

export class DeleteDocumentDto {
  @ApiProperty({ minLength: 3, maxLength: 1000, description: 'Why it is deleted (kept with the document)' })
  @IsString()
  @Length(3, 1000)
  reason!: string;
}
