/** The SQL of the TAF views the service returns. */

/** Plans with their last meeting, review due date and whether overdue on `$1` (the as-of date). */
export const PLAN_VIEW = `SELECT t.id, t.episode_id AS "episodeId", e.family_id AS "familyId", t.started_on::text AS "startedOn",
    t.review_interval_weeks AS "reviewIntervalWeeks", lm.last_meeting_on::text AS "lastMeetingOn",
    (coalesce(lm.last_meeting_on, t.started_on) + t.review_interval_weeks * 7)::text AS "reviewDueOn",
    (t.ended_on IS NULL AND e.closed_on IS NULL
      AND coalesce(lm.last_meeting_on, t.started_on) + t.review_interval_weeks * 7 < $1::date) AS overdue,
    t.ended_on::text AS "endedOn", t.version, t.created_at AS "createdAt"
  FROM taf_plans t JOIN episodes e ON e.id = t.episode_id
  LEFT JOIN LATERAL (SELECT max(held_on) AS last_meeting_on FROM taf_meetings m WHERE m.taf_plan_id = t.id) lm ON TRUE`;

/** A meeting with its attendees, children (and their views) and the goal progress recorded at it. */
export const MEETING_VIEW = `SELECT m.id, m.kind, m.held_on::text AS "heldOn", m.notes,
    EXISTS (SELECT 1 FROM taf_meeting_children c WHERE c.taf_meeting_id = m.id AND c.attended)
      AS "childAttended",
    coalesce((SELECT jsonb_agg(jsonb_build_object('organisationId', organisation_id, 'userId', user_id,
                'personId', person_id) ORDER BY id) FROM taf_meeting_attendees WHERE taf_meeting_id = m.id),
             '[]') AS attendees,
    coalesce((SELECT jsonb_agg(jsonb_build_object('personId', person_id, 'attended', attended,
                'views', views) ORDER BY id) FROM taf_meeting_children WHERE taf_meeting_id = m.id),
             '[]') AS children,
    coalesce((SELECT jsonb_agg(jsonb_build_object('goalId', taf_goal_id, 'rating', rating,
                'notes', notes) ORDER BY id) FROM taf_goal_progress WHERE taf_meeting_id = m.id),
             '[]') AS progress
  FROM taf_meetings m`;
