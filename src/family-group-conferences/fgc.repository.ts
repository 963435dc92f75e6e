import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { FgcAttendeeView, FgcPlanItemView, FgcView } from './dto/fgc.dto';

const FGC_VIEW = `f.id, f.episode_id AS "episodeId", f.family_id AS "familyId",
  CASE WHEN f.reviewed_on IS NOT NULL THEN 'reviewed' WHEN f.held_on IS NOT NULL THEN 'held'
       WHEN f.coordinator_user_id IS NOT NULL THEN 'preparing' ELSE 'requested' END AS status,
  to_char(f.requested_on, 'YYYY-MM-DD') AS "requestedOn", f.reason, f.first_response AS "firstResponse",
  f.coordinator_user_id AS "coordinatorUserId", f.preparation, to_char(f.held_on, 'YYYY-MM-DD') AS "heldOn",
  f.private_family_time AS "privateFamilyTime", to_char(f.reviewed_on, 'YYYY-MM-DD') AS "reviewedOn",
  f.plan_held AS "planHeld", f.review_notes AS "reviewNotes"
  FROM family_group_conferences f`;

export type FgcRow = Omit<FgcView, 'attendees' | 'plan'>;

export interface NewAttendee {
  kind: string;
  personId: string | null;
  userId: string | null;
}

/** The SQL behind Family Group Conferences. */
@Injectable()
export class FgcRepository {
  constructor(private readonly db: DatabaseService) {}

  async insert(values: {
    episodeId: string;
    familyId: string;
    requestedOn: string;
    reason: string;
    firstResponse: boolean;
    requestedByUserId: string;
  }): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO family_group_conferences (episode_id, family_id, requested_on, reason, first_response, requested_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [values.episodeId, values.familyId, values.requestedOn, values.reason, values.firstResponse, values.requestedByUserId],
    );
    return row!.id;
  }

  async find(id: string, options: { lock?: boolean } = {}): Promise<FgcRow | undefined> {
    const [row] = await this.db.query<FgcRow>(`SELECT ${FGC_VIEW} WHERE f.id = $1${options.lock ? ' FOR UPDATE' : ''}`, [
      id,
    ]);
    return row;
  }

  attendees(id: string): Promise<FgcAttendeeView[]> {
    return this.db.query<FgcAttendeeView>(
      `SELECT a.kind, a.person_id AS "personId", a.user_id AS "userId",
              coalesce(p.first_name || ' ' || p.last_name, u.name) AS name
         FROM fgc_attendees a LEFT JOIN persons p ON p.id = a.person_id LEFT JOIN users u ON u.id = a.user_id
        WHERE a.fgc_id = $1 ORDER BY a.kind, name, a.id`,
      [id],
    );
  }

  plan(id: string): Promise<FgcPlanItemView[]> {
    return this.db.query<FgcPlanItemView>(
      `SELECT child_person_id AS "childPersonId", words FROM fgc_plan_items WHERE fgc_id = $1 ORDER BY position`,
      [id],
    );
  }

  async activeUser(userId: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM users WHERE id = $1 AND NOT disabled`, [userId])).length > 0;
  }

  /** Current members of the family, and of its network, among `personIds`. */
  async familyPeople(familyId: string, personIds: string[]): Promise<{ members: Set<string>; network: Set<string> }> {
    const rows = await this.db.query<{ person_id: string; source: string; relationship: string }>(
      `SELECT person_id, 'member' AS source, relationship FROM family_members
        WHERE family_id = $1 AND person_id = ANY($2::uuid[]) AND ended_on IS NULL
       UNION ALL
       SELECT person_id, 'network', relationship FROM family_network_members
        WHERE family_id = $1 AND person_id = ANY($2::uuid[]) AND ended_on IS NULL`,
      [familyId, personIds],
    );
    return {
      members: new Set(rows.filter((row) => row.source === 'member').map((row) => row.person_id)),
      network: new Set(rows.filter((row) => row.source === 'network').map((row) => row.person_id)),
    };
  }

  /** Children (persons of type child) among current members of the family. */
  async childMembers(familyId: string, personIds: string[]): Promise<Set<string>> {
    const rows = await this.db.query<{ person_id: string }>(
      `SELECT m.person_id FROM family_members m JOIN persons p ON p.id = m.person_id AND p.person_type = 'child'
        WHERE m.family_id = $1 AND m.person_id = ANY($2::uuid[]) AND m.ended_on IS NULL`,
      [familyId, personIds],
    );
    return new Set(rows.map((row) => row.person_id));
  }

  async prepare(id: string, coordinatorUserId: string, preparation: string | null): Promise<void> {
    await this.db.query(
      `UPDATE family_group_conferences SET coordinator_user_id = $2, preparation = coalesce($3, preparation) WHERE id = $1`,
      [id, coordinatorUserId, preparation],
    );
  }

  async hold(id: string, heldOn: string, privateFamilyTime: boolean, attendees: NewAttendee[], plan: FgcPlanItemView[]) {
    await this.db.query(`UPDATE family_group_conferences SET held_on = $2, private_family_time = $3 WHERE id = $1`, [
      id,
      heldOn,
      privateFamilyTime,
    ]);
    await this.db.query(
      `INSERT INTO fgc_attendees (fgc_id, kind, person_id, user_id)
       SELECT $1, a.kind, a.person_id, a.user_id
         FROM jsonb_to_recordset($2::jsonb) AS a(kind text, person_id uuid, user_id uuid)`,
      [id, JSON.stringify(attendees.map((a) => ({ kind: a.kind, person_id: a.personId, user_id: a.userId })))],
    );
    await this.db.query(
      `INSERT INTO fgc_plan_items (fgc_id, position, child_person_id, words)
       SELECT $1, p.position, p.child_person_id, p.words
         FROM jsonb_to_recordset($2::jsonb) AS p(position integer, child_person_id uuid, words text)`,
      [
        id,
        JSON.stringify(
          plan.map((item, index) => ({ position: index + 1, child_person_id: item.childPersonId, words: item.words })),
        ),
      ],
    );
  }

  async review(id: string, reviewedOn: string, planHeld: boolean, notes: string | null): Promise<void> {
    await this.db.query(
      `UPDATE family_group_conferences SET reviewed_on = $2, plan_held = $3, review_notes = $4 WHERE id = $1`,
      [id, reviewedOn, planHeld, notes],
    );
  }
}
