import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from 'jsonwebtoken';
import { createFamily, giveConsent, openEpisode, startTaf } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { localSmtpServer } from '../helpers/smtp';
import { decide, decisionBody, eventually, marfBody, submitted, triage } from '../marf/marf-helpers';

/** Words of the case that must never leave in an e-mail (marfBody's child, family and narrative). */
const PERSONAL = ['Tobi', 'Adeyemi', 'hungry', 'shouting', '2018-02-03', 'Test User'];

describe('team notifications by e-mail through SMTP (a local smtp-server)', () => {
  const smtp = localSmtpServer({ refusals: 1 });
  const { messages } = smtp;
  const { t, referrer, mash, worker, lead, colleague } = setupTestApp(
    {
      referrer: ['practitioner'],
      mash: ['mash'],
      worker: {
        roles: ['practitioner'],
        organisation: { type: 'strengthening_families', name: 'Strengthening Families North' },
      },
      lead: ['practitioner'],
      colleague: { roles: ['practitioner'], sameOrganisationAs: 'lead' },
    },
    () => ({
      EMAIL_CHANNEL: 'smtp',
      SMTP_URL: smtp.url(),
      EMAIL_FROM: 'early-help@council.example',
      FRONTEND_URL: 'https://early-help.example',
    }),
  );

  it('e-mails the team mailbox on allocation and the referrer on the decision: a link and a reference only, retried', async () => {
    const team = worker.organisationId;
    await t.sql.query(`UPDATE organisations SET mailbox = 'sf-north@council.example' WHERE id = $1`, [team]);
    const marf = await submitted(t, referrer, marfBody());
    await triage(t, mash, marf.id, { rag: 'green', assigneeUserId: mash.id }).expect(200);
    const decided = await decide(
      t,
      mash,
      marf.id,
      decisionBody({ outcome: 'strengthening_families', leadOrganisationId: team }),
    ).expect(201);
    const episodeId = decided.body.episodeId as string;

    await eventually(async () => (await t.count(`outbound_emails WHERE sent_at IS NOT NULL`)) === 2, 25_000);
    const rows = await t.sql.query(
      `SELECT notification_kind, to_address, attempts, recipient_organisation_id FROM outbound_emails ORDER BY notification_kind`,
    );
    expect(rows.rows.map((row: { notification_kind: string; to_address: string }) => row)).toEqual([
      expect.objectContaining({
        notification_kind: 'episode_allocated',
        to_address: 'sf-north@council.example',
        recipient_organisation_id: team,
      }),
      expect.objectContaining({ notification_kind: 'marf_decided', recipient_organisation_id: null }),
    ]);
    expect(rows.rows.reduce((sum: number, row: { attempts: number }) => sum + row.attempts, 0)).toBe(3);
    // In-app for the team's member too, but no e-mail to them: the mailbox stands for the team.
    expect(await t.count(`notifications WHERE recipient_user_id = '${worker.id}' AND kind = 'episode_allocated'`)).toBe(
      1,
    );

    const allocation = messages.find((message) => message.to.includes('sf-north@council.example'))!;
    expect(allocation.raw).toContain('Subject: A family has been allocated to your team');
    expect(allocation.raw).toContain(`https://early-help.example/episodes/${episodeId}`);
    expect(allocation.raw).toContain(`EP-${episodeId.slice(0, 8).toUpperCase()}`);
    const decision = messages.find((message) => !message.to.includes('sf-north@council.example'))!;
    expect(decision.raw).toContain(`https://early-help.example/marfs/${marf.id}`);
    for (const message of messages) for (const word of PERSONAL) expect(message.raw).not.toContain(word);
  }, 60_000);

  it('e-mails each member when the organisation has no mailbox, and the owner of an assigned TAF action', async () => {
    const { familyId, motherId } = await createFamily(t, lead);
    await giveConsent(t, lead, familyId, motherId, [lead.organisationId]);
    const episodeId = await openEpisode(t, lead, familyId);
    const planId = await startTaf(t, lead, episodeId);
    const goal = await t
      .as(lead)
      .post(`/taf-plans/${planId}/goals`)
      .send({ description: 'School every day' })
      .expect(201);
    const before = messages.length;
    await t
      .as(lead)
      .post(`/taf-plans/${planId}/goals/${goal.body.id}/actions`)
      .send({ description: 'Walk to school together', ownerUserId: colleague.id, dueOn: '2026-12-20' })
      .expect(201);
    await eventually(async () => messages.length === before + 1, 25_000);
    const address = (await t.sql.query(`SELECT email FROM users WHERE id = $1`, [colleague.id])).rows[0].email;
    const [message] = messages.slice(before);
    expect(message!.to).toEqual([address]);
    expect(message!.raw).toContain('A TAF action has been assigned');
    expect(message!.raw).toContain(`https://early-help.example/taf-plans/${planId}`);
    expect(message!.raw).not.toContain('Walk to school');
  }, 60_000);
});

describe('team notifications by e-mail through GOV.UK Notify (a local stand-in for its API)', () => {
  const serviceId = '11111111-2222-4333-8444-555555555555';
  const secret = '66666666-7777-4888-9999-000000000000';
  const templateId = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
  let server: Server;
  let notifyPort = 0;
  const calls: { path: string; issuer: string; body: Record<string, unknown> }[] = [];
  let failuresLeft = 1;

  const readBody = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => resolve(text));
    });

  beforeAll(async () => {
    server = createServer((request, response) => {
      void readBody(request).then((text) => {
        // As Notify does: a JWT signed with the key's secret, issued by the service id.
        const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
        let issuer = '';
        try {
          issuer = (verify(token, secret, { algorithms: ['HS256'] }) as { iss: string }).iss;
        } catch {
          response.statusCode = 403;
          return response.end(JSON.stringify({ errors: [{ error: 'AuthError' }] }));
        }
        const body = JSON.parse(text) as Record<string, unknown>;
        if (failuresLeft-- > 0) {
          response.statusCode = 500;
          return response.end(JSON.stringify({ errors: [{ error: 'Exception', message: 'Internal server error' }] }));
        }
        calls.push({ path: request.url ?? '', issuer, body });
        response.statusCode = 201;
        response.setHeader('Content-Type', 'application/json');
        response.end(
          JSON.stringify({ id: `notify-${calls.length}`, reference: body.reference, template: { id: templateId } }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    notifyPort = (server.address() as AddressInfo).port;
  });
  const { t, referrer, mash } = setupTestApp({ referrer: ['practitioner'], mash: ['mash'] }, () => ({
    EMAIL_CHANNEL: 'notify',
    NOTIFY_API_KEY: `test_key-${serviceId}-${secret}`,
    NOTIFY_TEMPLATE_ID: templateId,
    NOTIFY_BASE_URL: `http://127.0.0.1:${notifyPort}`,
    FRONTEND_URL: 'https://early-help.example',
  }));
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends through the official client with the template, the link and the reference as personalisation, retried', async () => {
    const marf = await submitted(t, referrer, marfBody());
    await triage(t, mash, marf.id, { rag: 'green', assigneeUserId: mash.id }).expect(200);
    await decide(t, mash, marf.id, decisionBody()).expect(201);
    await eventually(async () => (await t.count(`outbound_emails WHERE sent_at IS NOT NULL`)) === 1, 25_000);
    const [row] = (await t.sql.query(`SELECT id, attempts, provider_reference, channel FROM outbound_emails`)).rows;
    expect(row).toMatchObject({ attempts: 2, provider_reference: 'notify-1', channel: 'notify' });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.path).toBe('/v2/notifications/email');
    expect(call!.issuer).toBe(serviceId);
    const address = (await t.sql.query(`SELECT email FROM users WHERE id = $1`, [referrer.id])).rows[0].email;
    expect(call!.body).toMatchObject({
      template_id: templateId,
      email_address: address,
      personalisation: {
        subject: 'The MASH has decided a MARF you sent',
        link: `https://early-help.example/marfs/${marf.id}`,
        reference: `MARF-${marf.id.slice(0, 8).toUpperCase()}`,
      },
      reference: row.id,
    });
    for (const word of PERSONAL) expect(JSON.stringify(call!.body)).not.toContain(word);
  }, 60_000);
});
