import { ApiProperty } from '@nestjs/swagger';

export class ChronologyEventView {
  @ApiProperty({ description: 'When it happened (ISO 8601 UTC); dates without a time are at midnight UTC' })
  occurredAt!: string;

  @ApiProperty({ example: 'consent_given', description: 'What happened; each feature adds its own kinds' })
  kind!: string;

  @ApiProperty({ example: 'consent' })
  entityType!: string;

  @ApiProperty()
  entityId!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Ids and codes, never free text' })
  details!: Record<string, unknown>;
}
