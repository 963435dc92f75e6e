import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import { Consent } from './consent.entity';

/** The data behind consents: the consent rows (through TypeORM) and the checks a new or changed consent needs. */
@Injectable()
export class ConsentRepository {
  constructor(private readonly db: DatabaseService) {}

  /** The family's consents, oldest given first. */
  listForFamily(familyId: string): Promise<Consent[]> {
    return this.db.repository(Consent).find({ where: { familyId }, order: { givenOn: 'ASC', createdAt: 'ASC' } });
  }

  /** The consent with its row locked until the transaction ends. */
  async findForUpdate(id: string): Promise<Consent | undefined> {
    const consent = await this.db.repository(Consent).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    return consent ?? undefined;
  }

  save(consent: Consent): Promise<Consent> {
    return this.db.repository(Consent).save(consent);
  }

  /** Those of the ids that are organisations. */
  async knownOrganisationIds(organisationIds: string[]): Promise<string[]> {
    const known = await this.db.query<{ id: string }>(`SELECT id FROM organisations WHERE id = ANY($1::uuid[])`, [
      organisationIds,
    ]);
    return known.map((row) => row.id);
  }
}
