import { Injectable } from '@nestjs/common';
import type { SqlCondition } from '../access/family-access.service';
import { DatabaseService } from '../platform/database/database.service';
import type { TransitionKind, TransitionView } from './dto/transition.dto';

const VIEW = `t.id, t.kind, t.family_id AS "familyId", t.episode_id AS "episodeId",
  t.social_care_involvement_id AS "socialCareInvolvementId", t.transition_on::text AS "transitionOn", t.reason,
  t.receiving_team AS "receivingTeam", t.receiving_organisation_id AS "receivingOrganisationId",
  t.lead_cp_practitioner_user_id AS "leadChildProtectionPractitionerUserId",
  t.recorded_by_user_id AS "recordedByUserId", t.created_at AS "createdAt"`;

export interface NewTransition {
  kind: TransitionKind;
  familyId: string;
  episodeId: string;
  socialCareInvolvementId: string | null;
  transitionOn: string;
  reason: string | null;
  /** Step-up to child protection: the Multi-Agency Child Protection Team and its lead practitioner. */
  macpt?: { organisationId: string; leadUserId: string };
}

/** The SQL behind step-up and step-down, and the family facts a transition and its MARF are checked against. */
@Injectable()
export class TransitionsRepository {
  constructor(private readonly db: DatabaseService) {}

  async insert(transition: NewTransition, recordedByUserId: string): Promise<TransitionView> {
    const [row] = await this.db.query<TransitionView>(
      `INSERT INTO transitions AS t (kind, family_id, episode_id, social_care_involvement_id, transition_on, reason,
                                     recorded_by_user_id, receiving_team, receiving_organisation_id,
                                     lead_cp_practitioner_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${VIEW}`,
      [
        transition.kind,
        transition.familyId,
        transition.episodeId,
        transition.socialCareInvolvementId,
        transition.transitionOn,
        transition.reason,
        recordedByUserId,
        transition.macpt ? 'macpt' : 'social_care',
        transition.macpt?.organisationId ?? null,
        transition.macpt?.leadUserId ?? null,
      ],
    );
    return row!;
  }

  async find(id: string): Promise<TransitionView | undefined> {
    const [row] = await this.db.query<TransitionView>(`SELECT ${VIEW} FROM transitions t WHERE t.id = $1`, [id]);
    return row;
  }

  /**
   * The family's transitions in id order after `afterId`, one more than the page; with `visible`
   * (placeholders from $4), only those the condition shows.
   */
  listOfFamily(
    familyId: string,
    afterId: string | null,
    limit: number,
    visible: SqlCondition = { sql: 'TRUE', params: [] },
  ): Promise<TransitionView[]> {
    return this.db.query<TransitionView>(
      `SELECT ${VIEW} FROM transitions t WHERE t.family_id = $1 AND ($2::uuid IS NULL OR t.id > $2::uuid)
          AND ${visible.sql}
        ORDER BY t.id LIMIT $3`,
      [familyId, afterId, limit + 1, ...visible.params],
    );
  }

  async familyExists(familyId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM families WHERE id = $1`, [familyId]);
    return rows.length > 0;
  }

  async familyOfEpisode(episodeId: string): Promise<string | undefined> {
    const [episode] = await this.db.query<{ familyId: string }>(
      `SELECT family_id AS "familyId" FROM episodes WHERE id = $1`,
      [episodeId],
    );
    return episode?.familyId;
  }

  async personOfInvolvement(involvementId: string): Promise<string | undefined> {
    const [involvement] = await this.db.query<{ personId: string }>(
      `SELECT person_id AS "personId" FROM social_care_involvements WHERE id = $1`,
      [involvementId],
    );
    return involvement?.personId;
  }

  /** Whether the person was a member of the family on `on` (a membership ended before then does not count). */
  async wasMemberOn(familyId: string, personId: string, on: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM family_members WHERE family_id = $1 AND person_id = $2 AND (ended_on IS NULL OR ended_on >= $3)`,
      [familyId, personId, on],
    );
    return rows.length > 0;
  }

  /** The family's current child members, longest-standing first. */
  async childMembers(familyId: string): Promise<string[]> {
    const rows = await this.db.query<{ personId: string }>(
      `SELECT m.person_id AS "personId" FROM family_members m JOIN persons p ON p.id = m.person_id
        WHERE m.family_id = $1 AND m.ended_on IS NULL AND p.person_type = 'child' ORDER BY m.started_on, m.id`,
      [familyId],
    );
    return rows.map((row) => row.personId);
  }

  /** Names of the organisations working with the family (allocated, by consent, as lead or on the TAF), at most 30. */
  async involvedOrganisationNames(familyId: string): Promise<string[]> {
    const rows = await this.db.query<{ name: string }>(
      `SELECT DISTINCT o.name FROM family_organisation_involvements i JOIN organisations o ON o.id = i.organisation_id
        WHERE i.family_id = $1 AND i.ended_on IS NULL AND i.basis IN ('allocation', 'consent', 'lead', 'taf_member')
        ORDER BY o.name LIMIT 30`,
      [familyId],
    );
    return rows.map((row) => row.name);
  }

  /** An active organisation's type, if it exists. */
  async activeOrganisationType(organisationId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ type: string }>(`SELECT type FROM organisations WHERE id = $1 AND active`, [
      organisationId,
    ]);
    return row?.type;
  }

  /** An active user's organisation and roles. */
  async activeUser(userId: string): Promise<{ organisationId: string; roles: string[] } | undefined> {
    const [row] = await this.db.query<{ organisationId: string; roles: string[] }>(
      `SELECT organisation_id AS "organisationId", roles FROM users WHERE id = $1 AND NOT disabled`,
      [userId],
    );
    return row;
  }

  async supportLevelLabel(code: string): Promise<string | undefined> {
    const [level] = await this.db.query<{ label: string }>(`SELECT label FROM support_levels WHERE code = $1`, [code]);
    return level?.label;
  }
}
