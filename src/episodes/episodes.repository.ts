import { Injectable } from '@nestjs/common';
import type { SqlCondition } from '../access/family-access.service';
import { DatabaseService } from '../platform/database/database.service';
import type { EpisodeView } from './dto/episode.dto';
import type { EpisodeRoute } from './episode-rules';

/** The episode as the API shows it; `awaitingConsent` while an allocation has not become consent. */
/**
 * The organisation whose user opened the episode in alias `e` itself (a partner request or a
 * self-referral: its `recorder`), or NULL.
 */
export const OPENED_BY_ORGANISATION = (e: string) =>
  `(SELECT u.organisation_id FROM users u WHERE u.id = ${e}.opened_by_user_id
     AND ${e}.route IN ('partner_request', 'self_referral'))`;

/** The open TAF plan's next review date for alias `e`: the last meeting (else the start) plus its interval. */
export const REVIEW_DUE_ON = (e: string) =>
  `(SELECT coalesce((SELECT max(m.held_on) FROM taf_meetings m WHERE m.taf_plan_id = t.id), t.started_on)
           + t.review_interval_weeks * 7
      FROM taf_plans t WHERE t.episode_id = ${e}.id AND t.ended_on IS NULL)`;

export const EPISODE_VIEW = `e.id, e.family_id AS "familyId", e.opened_on::text AS "openedOn", e.route, e.level,
  e.referring_organisation_id AS "referringOrganisationId", e.lead_organisation_id AS "leadOrganisationId",
  (e.re_referral_of_episode_id IS NOT NULL) AS "reReferral", e.re_referral_of_episode_id AS "reReferralOfEpisodeId",
  e.closed_on::text AS "closedOn", e.closure_reason AS "closureReason", e.closure_notes AS "closureNotes",
  e.reason_code AS "reasonCode", e.end_reason_code AS "endReasonCode", e.reopened_at AS "reopenedAt",
  (SELECT lp.user_id FROM lead_professional_assignments lp WHERE lp.episode_id = e.id AND lp.ended_at IS NULL)
    AS "leadProfessionalUserId", ${REVIEW_DUE_ON('e')}::text AS "reviewDueOn",
  EXISTS (SELECT 1 FROM family_organisation_involvements a WHERE a.episode_id = e.id AND a.basis = 'allocation'
           AND a.ended_on IS NULL) AS "awaitingConsent", e.version, e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

export interface NewEpisode {
  familyId: string;
  openedOn: string;
  route: EpisodeRoute;
  level: string;
  referringOrganisationId: string | null;
  leadOrganisationId: string | null;
  reReferralOfEpisodeId: string | null;
  openedByUserId: string | null;
}

export interface EpisodeListFilter {
  /** The access condition on `e.family_id`, numbered from $1. */
  visible: SqlCondition;
  familyId?: string;
  open?: boolean;
  leadOrganisationId?: string;
  leadProfessionalUserId?: string;
  level?: string;
  openedFrom?: string;
  openedTo?: string;
  closedFrom?: string;
  closedTo?: string;
  /** Only episodes whose TAF review was due before this date. */
  reviewOverdueOn?: string;
  sort: 'newest' | 'due_review';
  /** The cursor's keyset: [openedOn, id] (newest) or [reviewDueOn or '9999-12-31', id] (due_review). */
  after?: [string, string];
  limit: number;
}

export interface EpisodeClosure {
  closedOn: string;
  reason: string;
  notes: string | null;
  /** CIN reason for closure. */
  endReasonCode: string;
  /** CIN primary need, when given at closure (kept otherwise). */
  reasonCode?: string;
}

/** The SQL behind Early Help episodes: the view, the family lock that keeps one open, lists and state changes. */
@Injectable()
export class EpisodesRepository {
  constructor(private readonly db: DatabaseService) {}

  /** `lock` takes the episode's row lock until the transaction ends. */
  async find(id: string, options: { lock?: boolean } = {}): Promise<EpisodeView | undefined> {
    const [episode] = await this.db.query<EpisodeView>(
      `SELECT ${EPISODE_VIEW} FROM episodes e WHERE e.id = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return episode;
  }

  /** The filtered list, newest first or by due review, keyset-paged on (sort key, id). */
  list(filter: EpisodeListFilter): Promise<EpisodeView[]> {
    const params: unknown[] = [...filter.visible.params];
    const where = [filter.visible.sql];
    const add = (clause: string, ...values: unknown[]) => {
      let sql = clause;
      for (const value of values) {
        params.push(value);
        sql = sql.replace('$?', `$${params.length}`);
      }
      where.push(sql);
    };
    const currentLead = `(SELECT lp.%s FROM lead_professional_assignments lp WHERE lp.episode_id = e.id AND lp.ended_at IS NULL)`;
    if (filter.familyId) add('e.family_id = $?::uuid', filter.familyId);
    if (filter.open !== undefined) add('(e.closed_on IS NULL) = $?::boolean', filter.open);
    if (filter.leadOrganisationId) {
      add(
        `coalesce(${currentLead.replace('%s', 'organisation_id')}, e.lead_organisation_id) = $?::uuid`,
        filter.leadOrganisationId,
      );
    }
    if (filter.leadProfessionalUserId) {
      add(
        `e.id IN (SELECT lp.episode_id FROM lead_professional_assignments lp WHERE lp.user_id = $?::uuid AND lp.ended_at IS NULL)`,
        filter.leadProfessionalUserId,
      );
    }
    if (filter.level) add('e.level = $?', filter.level);
    if (filter.openedFrom) add('e.opened_on >= $?::date', filter.openedFrom);
    if (filter.openedTo) add('e.opened_on <= $?::date', filter.openedTo);
    if (filter.closedFrom) add('e.closed_on >= $?::date', filter.closedFrom);
    if (filter.closedTo) add('e.closed_on <= $?::date', filter.closedTo);
    if (filter.reviewOverdueOn) add(`e.closed_on IS NULL AND ${REVIEW_DUE_ON('e')} < $?::date`, filter.reviewOverdueOn);
    const key = filter.sort === 'newest' ? 'e.opened_on' : `coalesce(${REVIEW_DUE_ON('e')}, DATE '9999-12-31')`;
    const direction = filter.sort === 'newest' ? 'DESC' : 'ASC';
    if (filter.after) {
      add(`(${key}, e.id) ${direction === 'DESC' ? '<' : '>'} ($?::date, $?::uuid)`, ...filter.after);
    }
    params.push(filter.limit);
    return this.db.query<EpisodeView>(
      `SELECT ${EPISODE_VIEW} FROM episodes e WHERE ${where.join(' AND ')}
        ORDER BY ${key} ${direction}, e.id ${direction} LIMIT $${params.length}`,
      params,
    );
  }

  /**
   * Locks the family's row until the transaction ends, so that two openings for the same family
   * run one after the other. False when there is no such family.
   */
  async lockFamily(familyId: string): Promise<boolean> {
    const family = await this.db.query(`SELECT id FROM families WHERE id = $1 FOR UPDATE`, [familyId]);
    return family.length > 0;
  }

  async findOpenForFamily(familyId: string): Promise<EpisodeView | undefined> {
    const [open] = await this.db.query<EpisodeView>(
      `SELECT ${EPISODE_VIEW} FROM episodes e WHERE e.family_id = $1 AND e.closed_on IS NULL`,
      [familyId],
    );
    return open;
  }

  /** The family's most recently closed episode. */
  async findLatestClosed(familyId: string): Promise<{ id: string; closedOn: string } | undefined> {
    const [previous] = await this.db.query<{ id: string; closedOn: string }>(
      `SELECT id, closed_on::text AS "closedOn" FROM episodes WHERE family_id = $1 AND closed_on IS NOT NULL
        ORDER BY closed_on DESC, created_at DESC LIMIT 1`,
      [familyId],
    );
    return previous;
  }

  /** An episode of the family other than this one that is open or opened on or after `closedOn`. */
  async findLaterId(familyId: string, id: string, closedOn: string): Promise<string | undefined> {
    const later = await this.db.query<{ id: string }>(
      `SELECT id FROM episodes WHERE family_id = $1 AND id <> $2 AND (closed_on IS NULL OR opened_on >= $3)`,
      [familyId, id, closedOn],
    );
    return later[0]?.id;
  }

  async insert(episode: NewEpisode): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO episodes (family_id, opened_on, route, level, referring_organisation_id, lead_organisation_id,
                             re_referral_of_episode_id, opened_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        episode.familyId,
        episode.openedOn,
        episode.route,
        episode.level,
        episode.referringOrganisationId,
        episode.leadOrganisationId,
        episode.reReferralOfEpisodeId,
        episode.openedByUserId,
      ],
    );
    return row!.id;
  }

  async close(id: string, closure: EpisodeClosure): Promise<void> {
    await this.db.query(
      `UPDATE episodes SET closed_on = $2, closure_reason = $3, closure_notes = $4, end_reason_code = $5,
                           reason_code = coalesce($6, reason_code), version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id, closure.closedOn, closure.reason, closure.notes, closure.endReasonCode, closure.reasonCode ?? null],
    );
  }

  /** Records the reason for involvement (a primary need code) chosen when the episode opened. */
  async setReasonCode(id: string, code: string): Promise<void> {
    await this.db.query(`UPDATE episodes SET reason_code = $2 WHERE id = $1`, [id, code]);
  }

  /** Clears the closure and records when and why the episode was re-opened. */
  async reopen(id: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE episodes SET closed_on = NULL, closure_reason = NULL, closure_notes = NULL, end_reason_code = NULL,
                           reopened_at = now(),
                           reopen_reason = $2, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, reason],
    );
  }

  /** The organisation that opened the episode itself (its recorder), or null (e.g. a MASH decision opened it). */
  async openedByOrganisationId(episodeId: string): Promise<string | null> {
    const [row] = await this.db.query<{ id: string | null }>(
      `SELECT ${OPENED_BY_ORGANISATION('e')} AS id FROM episodes e WHERE e.id = $1`,
      [episodeId],
    );
    return row?.id ?? null;
  }

  async supportLevelExists(code: string): Promise<boolean> {
    const level = await this.db.query(`SELECT 1 FROM support_levels WHERE code = $1`, [code]);
    return level.length > 0;
  }

  /** Whether the organisation exists, active or not. */
  async organisationExists(id: string): Promise<boolean> {
    const found = await this.db.query(`SELECT 1 FROM organisations WHERE id = $1`, [id]);
    return found.length > 0;
  }
}
