import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { SocialCareInvolvementView } from './dto/social-care-involvement.dto';

const VIEW = `id, source_system AS "sourceSystem", source_id AS "sourceId", person_id AS "personId", kind,
  started_on::text AS "startedOn", ended_on::text AS "endedOn", allocated_worker_name AS "allocatedWorkerName",
  allocated_team_name AS "allocatedTeamName", team_contact AS "teamContact", version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The allocated social care team a MARF is refused for: the child already has a social worker. */
export interface AllocatedInvolvement {
  personId: string;
  kind: string;
  allocatedTeamName: string | null;
  teamContact: string | null;
}

/** An involvement as the social care system sends it, keyed by (sourceSystem, sourceId). */
export interface InvolvementRecord {
  sourceSystem: string;
  sourceId: string;
  personId: string;
  kind: string;
  startedOn: string;
  endedOn: string | null;
  allocatedWorkerName: string | null;
  allocatedTeamName: string | null;
  teamContact: string | null;
  recordedByUserId: string;
}

export interface InvolvementFilter {
  personId: string | null;
  open: boolean;
  afterId: string | null;
  limit: number;
}

/** The SQL behind social care involvements. */
@Injectable()
export class SocialCareRepository {
  constructor(private readonly db: DatabaseService) {}

  async personExists(personId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM persons WHERE id = $1`, [personId]);
    return rows.length > 0;
  }

  /**
   * Inserts the involvement or updates the one with its key. Only a real change bumps the
   * version: an unchanged resend returns undefined.
   */
  async upsert(record: InvolvementRecord): Promise<(SocialCareInvolvementView & { inserted: boolean }) | undefined> {
    const [row] = await this.db.query<SocialCareInvolvementView & { inserted: boolean }>(
      `INSERT INTO social_care_involvements AS s (source_system, source_id, person_id, kind, started_on, ended_on,
              allocated_worker_name, allocated_team_name, team_contact, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (source_system, source_id) DO UPDATE SET
              person_id = excluded.person_id, kind = excluded.kind, started_on = excluded.started_on,
              ended_on = excluded.ended_on, allocated_worker_name = excluded.allocated_worker_name,
              allocated_team_name = excluded.allocated_team_name, team_contact = excluded.team_contact,
              recorded_by_user_id = excluded.recorded_by_user_id, version = s.version + 1, updated_at = now()
        WHERE (s.person_id, s.kind, s.started_on, s.ended_on, s.allocated_worker_name, s.allocated_team_name,
               s.team_contact) IS DISTINCT FROM
              (excluded.person_id, excluded.kind, excluded.started_on, excluded.ended_on,
               excluded.allocated_worker_name, excluded.allocated_team_name, excluded.team_contact)
       RETURNING ${VIEW}, (xmax = 0) AS inserted`,
      [
        record.sourceSystem,
        record.sourceId,
        record.personId,
        record.kind,
        record.startedOn,
        record.endedOn,
        record.allocatedWorkerName,
        record.allocatedTeamName,
        record.teamContact,
        record.recordedByUserId,
      ],
    );
    return row;
  }

  async findBySource(sourceSystem: string, sourceId: string): Promise<SocialCareInvolvementView | undefined> {
    const [row] = await this.db.query<SocialCareInvolvementView>(
      `SELECT ${VIEW} FROM social_care_involvements WHERE source_system = $1 AND source_id = $2`,
      [sourceSystem, sourceId],
    );
    return row;
  }

  async find(id: string): Promise<SocialCareInvolvementView | undefined> {
    const [row] = await this.db.query<SocialCareInvolvementView>(
      `SELECT ${VIEW} FROM social_care_involvements WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** In id order, one more than the page. */
  list(filter: InvolvementFilter): Promise<SocialCareInvolvementView[]> {
    return this.db.query<SocialCareInvolvementView>(
      `SELECT ${VIEW} FROM social_care_involvements
        WHERE ($1::uuid IS NULL OR person_id = $1::uuid) AND (NOT $2::boolean OR ended_on IS NULL)
          AND ($3::uuid IS NULL OR id > $3::uuid)
        ORDER BY id LIMIT $4`,
      [filter.personId, filter.open, filter.afterId, filter.limit + 1],
    );
  }

  /** The latest-started involvement of these people, open on `on`, with an allocated worker. */
  async findAllocated(personIds: string[], on: string): Promise<AllocatedInvolvement | undefined> {
    const [row] = await this.db.query<AllocatedInvolvement>(
      `SELECT person_id AS "personId", kind, allocated_team_name AS "allocatedTeamName", team_contact AS "teamContact"
         FROM social_care_involvements
        WHERE person_id = ANY ($1::uuid[]) AND allocated_worker_name IS NOT NULL
          AND (ended_on IS NULL OR ended_on > $2::date)
        ORDER BY started_on DESC, id LIMIT 1`,
      [personIds, on],
    );
    return row;
  }
}
