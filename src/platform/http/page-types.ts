import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** The OpenAPI schema of `{ items, nextCursor }` for a given item class. */
export function PageOf<T>(item: Type<T>): Type<{ items: T[]; nextCursor: string | null }> {
  class PageClass {
    @ApiProperty({ type: [item] })
    items!: T[];

    @ApiProperty({ nullable: true, type: String, description: 'Pass as ?cursor= for the next page; null on the last' })
    nextCursor!: string | null;
  }
  Object.defineProperty(PageClass, 'name', { value: `${item.name}Page` });
  return PageClass;
}
