import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PERIOD_KINDS, type PeriodKind } from '../../periods';
import { DRILL_DOWNS, type DrillDown } from '../dashboard-data.service';

export class DashboardMeasureQuery {
  @ApiPropertyOptional({ enum: DRILL_DOWNS, description: 'The breakdown to drill into, for the headline period' })
  @IsOptional()
  @IsIn(DRILL_DOWNS)
  by?: DrillDown;

  @ApiPropertyOptional({ description: 'Set after the commentary form is saved: shows "Commentary saved"' })
  @IsOptional()
  @IsIn(['1'])
  saved?: string;
}

export const CSV_BREAKDOWNS = ['all', ...DRILL_DOWNS] as const;

export class DashboardCsvQuery {
  @ApiPropertyOptional({ enum: CSV_BREAKDOWNS, default: 'all' })
  @IsOptional()
  @IsIn(CSV_BREAKDOWNS)
  by?: (typeof CSV_BREAKDOWNS)[number];

  @ApiPropertyOptional({ enum: PERIOD_KINDS, description: "Default: the dashboard's period kind for the measure" })
  @IsOptional()
  @IsIn(PERIOD_KINDS)
  period?: PeriodKind;
}
