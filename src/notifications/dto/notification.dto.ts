import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQuery } from '../../platform/pagination/pagination';

export class NotificationQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only notifications not yet marked read', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

/** What happened to which record, by id only: the client fetches the record itself. */
export class NotificationView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'marf_decided' })
  kind!: string;

  @ApiProperty({ example: 'marf' })
  entityType!: string;

  @ApiProperty({ format: 'uuid' })
  entityId!: string;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty({ nullable: true, type: String })
  readAt!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'When it was sent by email/webhook (or logged)' })
  deliveredAt!: string | null;
}
