import { applyDecorators } from '@nestjs/common';
import { IsDateString, Matches } from 'class-validator';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date `YYYY-MM-DD` that exists (no 2023-02-29). */
export const IsIsoDate = () =>
  applyDecorators(
    Matches(ISO_DATE, { message: '$property must be a date YYYY-MM-DD' }),
    IsDateString({ strict: true }, { message: '$property must be a date YYYY-MM-DD' }),
  );
