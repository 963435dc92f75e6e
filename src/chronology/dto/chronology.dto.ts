import { ApiProperty } from '@nestjs/swagger';

export class ChronologyEventView {
  @ApiProperty({
    description:
      'When it happened (ISO 8601 UTC). An event recorded with a date only (an episode opened, a TAF ' +
      'meeting held) is at midnight UTC of that date: read its date from occurredOn.',
  })
  occurredAt!: string;

  @ApiProperty({
    format: 'date',
    description:
      'The London date it happened on. The list is in this order: by date, then within a day by time, a ' +
      'date-only event taking the time it was recorded (the end of the day when that is not known), so a ' +
      'MARF decided at 11:40 comes before the episode the decision opened that day.',
  })
  occurredOn!: string;

  @ApiProperty({ example: 'consent_given', description: 'What happened; each feature adds its own kinds' })
  kind!: string;

  @ApiProperty({ example: 'consent' })
  entityType!: string;

  @ApiProperty()
  entityId!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Ids and codes, never free text' })
  details!: Record<string, unknown>;
}
