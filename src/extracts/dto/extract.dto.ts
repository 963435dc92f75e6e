import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional } from 'class-validator';

export class ExtractQuery {
  @ApiProperty({ example: '2022-04-01' })
  @IsDateString({ strict: true })
  from!: string;

  @ApiProperty({ example: '2023-03-31' })
  @IsDateString({ strict: true })
  to!: string;

  @ApiPropertyOptional({ enum: ['csv', 'ndjson'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'ndjson'])
  format?: 'csv' | 'ndjson';
}

export class ExtractView {
  @ApiProperty({ example: 'episodes' }) name!: string;
  @ApiProperty() description!: string;
}
