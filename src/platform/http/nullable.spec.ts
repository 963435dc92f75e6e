import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { Nullable, RequestValidationPipe, unexpectedNulls } from './nullable';
import { ProblemException } from '../problem/problem';

class Child {
  @IsOptional()
  @IsString()
  words?: string;

  @Nullable()
  @IsOptional()
  @IsString()
  nickname?: string | null;
}

class CreateThing {
  @IsString()
  name!: string;

  @IsOptional()
  @IsString()
  note?: string;

  @Nullable()
  @IsOptional()
  @IsString()
  middleNames?: string | null;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => Child)
  children?: Child[];
}

class UpdateThing extends PartialType(CreateThing) {}

const pipe = new RequestValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

async function fieldsRefused(body: unknown, metatype: new () => unknown = CreateThing): Promise<string[]> {
  try {
    await pipe.transform(body, { type: 'body', metatype });
    return [];
  } catch (error) {
    const response = (error as ProblemException).getResponse() as { message?: string[] };
    return response.message ?? [];
  }
}

describe('the null rule', () => {
  it('refuses null in an optional field that is not @Nullable, and accepts it where it is', async () => {
    expect(await fieldsRefused({ name: 'x', middleNames: null })).toEqual([]);
    expect(await fieldsRefused({ name: 'x', note: null })).toEqual(['note must not be null']);
  });

  it('reports a null next to the other errors, once per field', async () => {
    const messages = await fieldsRefused({ name: null, note: null });
    expect(messages).toEqual(['name must be a string', 'note must not be null']);
  });

  it('follows PartialType, nested DTOs and array items', async () => {
    expect(await fieldsRefused({ note: null }, UpdateThing)).toEqual(['note must not be null']);
    expect(await fieldsRefused({ middleNames: null }, UpdateThing)).toEqual([]);
    expect(await fieldsRefused({ name: 'x', children: [{ words: null, nickname: null }, null] }, CreateThing)).toEqual(
      expect.arrayContaining(['children.0.words must not be null']),
    );
  });

  it('leaves plain objects alone: only DTO fields have a schema to say what is nullable', () => {
    expect(unexpectedNulls({ free: null })).toEqual([]);
  });
});
