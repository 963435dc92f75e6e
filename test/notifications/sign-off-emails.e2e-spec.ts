import { createFamily, giveConsent, openEpisode } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { localSmtpServer } from '../helpers/smtp';
import { TestUser } from '../helpers/test-app';
import { eventually } from '../marf/marf-helpers';

/** Words of the case that must never leave in an e-mail: the family, its members, the comments. */
const PERSONAL = ['Okafor', 'Amara', 'Grace', '2016-04-12', 'attendance', 'TAF first', 'Goals met'];
const MAILBOX = 'tipton-hub@council.example';

describe('sign-off notifications: requested to the managers, returned to the author (SMTP)', () => {
  const hub = { type: 'family_hub', name: 'Tipton Family Hub' } as const;
  const smtp = localSmtpServer();
  const { messages } = smtp;
  const { t, worker, manager, deputy, stranger } = setupTestApp(
    {
      worker: { roles: ['practitioner'], organisation: hub },
      manager: { roles: ['manager'], organisation: hub },
      deputy: { roles: ['manager'], organisation: hub },
      stranger: { roles: ['manager'], organisation: { type: 'police', name: 'West Midlands Police' } },
    },
    () => ({ EMAIL_CHANNEL: 'smtp', SMTP_URL: smtp.url(), FRONTEND_URL: 'https://early-help.example' }),
  );
  let episodeId: string;
  let assessmentId: string;

  /** Who got an in-app notification of the kind for the record. */
  const recipients = async (kind: string, entityId: string): Promise<string[]> =>
    (
      await t.sql.query<{ recipient_user_id: string }>(
        `SELECT recipient_user_id FROM notifications WHERE kind = $1 AND entity_id = $2 ORDER BY recipient_user_id`,
        [kind, entityId],
      )
    ).rows.map((row) => row.recipient_user_id);
  const email = async (user: TestUser): Promise<string> =>
    (await t.sql.query<{ email: string }>(`SELECT email FROM users WHERE id = $1`, [user.id])).rows[0]!.email;
  /** The next e-mail(s) to arrive after `before`, once sent from the outbox. */
  const arrived = async (before: number, count = 1) => {
    await eventually(async () => messages.length >= before + count, 25_000);
    return messages.slice(before);
  };
  /** The one e-mail sent since `before`: to `to` alone, holding each of `texts`. */
  const expectEmail = async (before: number, to: string, ...texts: string[]) => {
    const [message] = await arrived(before);
    expect(message!.to).toEqual([to]);
    for (const text of texts) expect(message!.raw).toContain(text);
  };
  /** A manager returns the item at `path` (a sign-off route) with a comment. */
  const returnWithComment = (user: TestUser, path: string, comment: string) =>
    t.as(user).post(path).send({ decision: 'returned', comment }).expect(200);
  const RETURNED = 'Subject: A sign-off was returned to you';
  const noPersonalData = () => {
    for (const message of messages) for (const word of PERSONAL) expect(message.raw).not.toContain(word);
  };

  beforeAll(async () => {
    await t.sql.query(`UPDATE organisations SET mailbox = $2 WHERE id = $1`, [worker.organisationId, MAILBOX]);
    const family = await createFamily(t, worker);
    await giveConsent(t, worker, family.familyId, family.motherId, [worker.organisationId]);
    episodeId = await openEpisode(t, worker, family.familyId);
    const started = await t
      .as(worker)
      .post('/assessments')
      .send({ episodeId, needs: ['secure_housing'] })
      .expect(201);
    assessmentId = started.body.id as string;
  });

  it('a submitted EHA: in-app for each manager of the organisation, one e-mail to the team mailbox', async () => {
    const before = messages.length;
    await t.as(worker).post(`/assessments/${assessmentId}/submit`).set('If-Match', '"1"').send({}).expect(200);
    expect(await recipients('sign_off_requested', assessmentId)).toEqual([manager.id, deputy.id].sort());
    await expectEmail(
      before,
      MAILBOX,
      'Subject: A sign-off is waiting for you',
      `https://early-help.example/assessments/${assessmentId}`,
      `EHA-${assessmentId.slice(0, 8).toUpperCase()}`,
    );
    const listed = await t.as(deputy).get('/notifications?unread=true').expect(200);
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({ kind: 'sign_off_requested', entityType: 'assessment', entityId: assessmentId }),
    );
    // Another organisation's manager hears nothing of it.
    expect((await t.as(stranger).get('/notifications').expect(200)).body.items).toEqual([]);
  }, 60_000);

  it('a returned EHA: in-app and an e-mail to its author, without the comment', async () => {
    const before = messages.length;
    await returnWithComment(manager, `/assessments/${assessmentId}/sign-off`, 'Add the school’s view of attendance');
    expect(await recipients('sign_off_returned', assessmentId)).toEqual([worker.id]);
    await expectEmail(before, await email(worker), RETURNED, `https://early-help.example/assessments/${assessmentId}`);
    noPersonalData();
  }, 60_000);

  it('a closure request and its return: the managers, then the requester, with a link to the episode', async () => {
    let before = messages.length;
    await t
      .as(worker)
      .post(`/episodes/${episodeId}/closure-request`)
      .send({ reason: 'outcomes_met', notes: 'Goals met at the closing TAF' })
      .expect(201);
    expect(await recipients('sign_off_requested', episodeId)).toEqual([manager.id, deputy.id].sort());
    const link = `https://early-help.example/episodes/${episodeId}`;
    await expectEmail(before, MAILBOX, link, `EP-${episodeId.slice(0, 8).toUpperCase()}`);

    before = messages.length;
    await returnWithComment(deputy, `/episodes/${episodeId}/closure-sign-off`, 'Review the TAF first');
    expect(await recipients('sign_off_returned', episodeId)).toEqual([worker.id]);
    await expectEmail(before, await email(worker), RETURNED, link);
    noPersonalData();
  }, 60_000);

  it("a manager's own EHA: not to its author; without a mailbox, an e-mail to each other manager", async () => {
    await t.sql.query(`UPDATE organisations SET mailbox = NULL WHERE id = $1`, [worker.organisationId]);
    const family = await createFamily(t, manager);
    await giveConsent(t, manager, family.familyId, family.motherId, [manager.organisationId]);
    const own = await t
      .as(manager)
      .post('/assessments')
      .send({ episodeId: await openEpisode(t, manager, family.familyId), needs: ['neglect'] })
      .expect(201);
    const before = messages.length;
    await t.as(manager).post(`/assessments/${own.body.id}/submit`).set('If-Match', '"1"').send({}).expect(200);
    expect(await recipients('sign_off_requested', own.body.id as string)).toEqual([deputy.id]);
    await expectEmail(before, await email(deputy));
    // Nothing more is on its way (the author is not e-mailed).
    await eventually(async () => (await t.count(`outbound_emails WHERE sent_at IS NULL`)) === 0, 25_000);
    expect(messages.length).toBe(before + 1);
  }, 60_000);
});
