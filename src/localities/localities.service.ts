import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import { keysetPage } from '../platform/database/keyset';
import { RecordWriter } from '../platform/database/record-writer';
import type { Page } from '../platform/pagination/pagination';
import { CreateLocalityDto, LocalityQuery, UpdateLocalityDto } from './dto/locality.dto';
import { Locality } from './locality.entity';

@Injectable()
export class LocalitiesService {
  constructor(
    private readonly db: DatabaseService,
    private readonly records: RecordWriter,
  ) {}

  create(dto: CreateLocalityDto): Promise<Locality> {
    return this.records.create(Locality, 'locality', { name: dto.name, code: dto.code ?? null });
  }

  update(id: string, version: number, dto: UpdateLocalityDto): Promise<Locality> {
    return this.records.update(Locality, 'locality', id, version, dto);
  }

  get(id: string): Promise<Locality> {
    return this.records.findOrFail(Locality, id, 'locality');
  }

  list(query: LocalityQuery): Promise<Page<Locality>> {
    const qb = this.db.repository(Locality).createQueryBuilder('locality');
    return keysetPage(qb, { field: 'name', column: 'locality.name' }, query);
  }
}
