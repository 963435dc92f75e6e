import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDateString, IsOptional, IsString, Length, Matches } from 'class-validator';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateBankHolidayDto {
  @ApiProperty({ format: 'date', example: '2027-06-07', description: 'A weekday that is not a working day' })
  @Matches(ISO_DATE, { message: 'date must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  date!: string;

  @ApiProperty({ example: 'Coronation bank holiday' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100)
  name!: string;
}

export class BankHolidayQuery {
  @ApiPropertyOptional({ format: 'date', description: 'From this date (inclusive)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'from must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'To this date (inclusive)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'to must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  to?: string;
}

export class BankHolidayView {
  @ApiProperty({ format: 'date' })
  date!: string;

  @ApiProperty()
  name!: string;
}

export class BankHolidayList {
  @ApiProperty({ type: [BankHolidayView] })
  items!: BankHolidayView[];
}
