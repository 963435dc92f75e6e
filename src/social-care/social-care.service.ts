import { HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { londonToday } from '../calendar/working-days';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { decodeCursor, Page, pageSize, toPage } from '../platform/pagination/pagination';
import { ProblemException } from '../platform/problem/problem';
import type {
  SocialCareInvolvementQuery,
  SocialCareInvolvementView,
  UpsertSocialCareInvolvementDto,
} from './dto/social-care-involvement.dto';

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

function unprocessable(slug: string, field: string, message: string): ProblemException {
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, slug, 'Invalid involvement', message, {}, [
    { field, message },
  ]);
}

/**
 * Social care involvements as the children's social care system sends them. The sender's own id
 * (sourceSystem, sourceId) is the key, so a resent or updated record replaces, never duplicates.
 */
@Injectable()
export class SocialCareService {
  constructor(
    private readonly db: DatabaseService,
    private readonly audit: AuditService,
  ) {}

  /** Returns the involvement and whether it was created (false: updated or unchanged). */
  upsert(
    caller: AuthUser,
    dto: UpsertSocialCareInvolvementDto,
  ): Promise<{ involvement: SocialCareInvolvementView; created: boolean }> {
    if (dto.endedOn && dto.endedOn < dto.startedOn) {
      throw unprocessable('invalid-involvement', 'endedOn', 'endedOn is before startedOn');
    }
    return this.db.transaction(async () => {
      const person = await this.db.query(`SELECT 1 FROM persons WHERE id = $1`, [dto.personId]);
      if (person.length === 0) throw unprocessable('unknown-person', 'personId', `No person with id ${dto.personId}`);
      const values = [
        dto.sourceSystem,
        dto.sourceId,
        dto.personId,
        dto.kind,
        dto.startedOn,
        dto.endedOn ?? null,
        dto.allocatedWorkerName ?? null,
        dto.allocatedTeamName ?? null,
        dto.teamContact ?? null,
        caller.id,
      ];
      // Only a real change bumps the version: a resent record returns no row and is read back below.
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
        values,
      );
      if (!row) {
        const [unchanged] = await this.db.query<SocialCareInvolvementView>(
          `SELECT ${VIEW} FROM social_care_involvements WHERE source_system = $1 AND source_id = $2`,
          [dto.sourceSystem, dto.sourceId],
        );
        return { involvement: unchanged!, created: false };
      }
      const { inserted, ...involvement } = row;
      await this.audit.record({
        action: inserted ? 'create' : 'update',
        entityType: 'social_care_involvement',
        entityId: involvement.id,
        details: { kind: involvement.kind, personId: involvement.personId, ended: involvement.endedOn !== null },
      });
      return { involvement, created: inserted };
    });
  }

  async get(id: string): Promise<SocialCareInvolvementView> {
    const [row] = await this.db.query<SocialCareInvolvementView>(
      `SELECT ${VIEW} FROM social_care_involvements WHERE id = $1`,
      [id],
    );
    if (!row) throw new NotFoundException(`No social care involvement with id ${id}`);
    await this.audit.record({ action: 'read', entityType: 'social_care_involvement', entityId: id });
    return row;
  }

  async list(query: SocialCareInvolvementQuery): Promise<Page<SocialCareInvolvementView>> {
    const limit = pageSize(query);
    const [afterId] = decodeCursor(query.cursor, 1) ?? [];
    const rows = await this.db.query<SocialCareInvolvementView>(
      `SELECT ${VIEW} FROM social_care_involvements
        WHERE ($1::uuid IS NULL OR person_id = $1::uuid) AND (NOT $2::boolean OR ended_on IS NULL)
          AND ($3::uuid IS NULL OR id > $3::uuid)
        ORDER BY id LIMIT $4`,
      [query.personId ?? null, query.open ?? false, afterId ?? null, limit + 1],
    );
    return this.audit.readPage(
      toPage(rows, limit, (row) => [row.id]),
      { entityType: 'social_care_involvement', details: { personId: query.personId ?? null } },
    );
  }

  /**
   * The first of these children with an open involvement that has an allocated worker, if any:
   * "already allocated", which makes a MARF unnecessary.
   */
  async findAllocated(personIds: string[]): Promise<AllocatedInvolvement | undefined> {
    if (personIds.length === 0) return undefined;
    const [row] = await this.db.query<AllocatedInvolvement>(
      `SELECT person_id AS "personId", kind, allocated_team_name AS "allocatedTeamName", team_contact AS "teamContact"
         FROM social_care_involvements
        WHERE person_id = ANY ($1::uuid[]) AND allocated_worker_name IS NOT NULL
          AND (ended_on IS NULL OR ended_on > $2::date)
        ORDER BY started_on DESC, id LIMIT 1`,
      [personIds, londonToday()],
    );
    return row;
  }
}
