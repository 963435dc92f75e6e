import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { NetworkMemberView } from './dto/family-network.dto';

const NETWORK_VIEW = `n.id, n.family_id AS "familyId", n.person_id AS "personId", p.first_name AS "firstName",
  p.last_name AS "lastName", n.relationship, n.offer, to_char(n.started_on, 'YYYY-MM-DD') AS "startedOn",
  to_char(n.ended_on, 'YYYY-MM-DD') AS "endedOn"
  FROM family_network_members n JOIN persons p ON p.id = n.person_id`;

export interface NewNetworkMember {
  familyId: string;
  personId: string;
  relationship: string;
  offer: string;
  startedOn: string;
  addedByUserId: string;
}

/** The SQL behind the family network. */
@Injectable()
export class FamilyNetworkRepository {
  constructor(private readonly db: DatabaseService) {}

  /** The person's active network entry for the family, locked. */
  async lockActive(familyId: string, personId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ id: string }>(
      `SELECT id FROM family_network_members WHERE family_id = $1 AND person_id = $2 AND ended_on IS NULL FOR UPDATE`,
      [familyId, personId],
    );
    return row?.id;
  }

  async insert(member: NewNetworkMember): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO family_network_members (family_id, person_id, relationship, offer, started_on, added_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [member.familyId, member.personId, member.relationship, member.offer, member.startedOn, member.addedByUserId],
    );
    return row!.id;
  }

  async find(familyId: string, id: string, options: { lock?: boolean } = {}): Promise<NetworkMemberView | undefined> {
    const [row] = await this.db.query<NetworkMemberView>(
      `SELECT ${NETWORK_VIEW} WHERE n.family_id = $1 AND n.id = $2${options.lock ? ' FOR UPDATE OF n' : ''}`,
      [familyId, id],
    );
    return row;
  }

  list(familyId: string, includeEnded: boolean): Promise<NetworkMemberView[]> {
    return this.db.query<NetworkMemberView>(
      `SELECT ${NETWORK_VIEW} WHERE n.family_id = $1 AND ($2 OR n.ended_on IS NULL) ORDER BY n.started_on, n.created_at, n.id`,
      [familyId, includeEnded],
    );
  }

  async end(id: string, on: string): Promise<void> {
    await this.db.query(`UPDATE family_network_members SET ended_on = GREATEST($2::date, started_on) WHERE id = $1`, [
      id,
      on,
    ]);
  }
}
