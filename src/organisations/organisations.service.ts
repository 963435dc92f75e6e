import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import { keysetPage } from '../platform/database/keyset';
import { RecordWriter } from '../platform/database/record-writer';
import type { Page } from '../platform/pagination/pagination';
import { CreateOrganisationDto, OrganisationQuery, UpdateOrganisationDto } from './dto/organisation.dto';
import { Organisation } from './organisation.entity';

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly records: RecordWriter,
  ) {}

  create(dto: CreateOrganisationDto): Promise<Organisation> {
    return this.records.create(Organisation, 'organisation', {
      name: dto.name,
      type: dto.type,
      localityId: dto.localityId ?? null,
      odsCode: dto.odsCode ?? null,
      contactEmail: dto.contactEmail ?? null,
      contactPhone: dto.contactPhone ?? null,
      mailbox: dto.mailbox ?? null,
    });
  }

  update(id: string, version: number, dto: UpdateOrganisationDto): Promise<Organisation> {
    return this.records.update(Organisation, 'organisation', id, version, dto);
  }

  get(id: string): Promise<Organisation> {
    return this.records.findOrFail(Organisation, id, 'organisation');
  }

  findByName(name: string): Promise<Organisation | null> {
    return this.db
      .repository(Organisation)
      .createQueryBuilder('organisation')
      .where('lower(organisation.name) = lower(:name)', { name })
      .getOne();
  }

  list(query: OrganisationQuery): Promise<Page<Organisation>> {
    const qb = this.db.repository(Organisation).createQueryBuilder('organisation');
    if (query.type) qb.andWhere('organisation.type = :type', { type: query.type });
    if (query.localityId) qb.andWhere('organisation.locality_id = :localityId', { localityId: query.localityId });
    return keysetPage(qb, { field: 'name', column: 'organisation.name' }, query);
  }
}
