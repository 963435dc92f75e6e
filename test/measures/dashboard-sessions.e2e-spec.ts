import { DashboardSessions } from '../../src/platform/auth/dashboard-sessions';
import { runCli } from '../helpers/cli';
import { setupTestApp } from '../helpers/setup';

/**
 * Browser sessions for the dashboard in local mode: a one-time link from the CLI, a secure
 * http-only same-site cookie for /dashboard only, CSRF tokens on forms, sign-out and expiry.
 * (The OpenID Connect flow of idp mode runs in a real browser: test/dashboard/browser.e2e-spec.ts.)
 */
describe('dashboard sign-in (local mode)', () => {
  let analystEmail: string;
  const html = { Accept: 'text/html,application/xhtml+xml' };

  const { t, analyst } = setupTestApp({ analyst: ['analyst'] });
  beforeAll(async () => {
    analystEmail = (await t.sql.query<{ email: string }>(`SELECT email FROM users WHERE id = $1`, [analyst.id]))
      .rows[0]!.email;
  });

  /** Signs in with a one-time link (as `cli dashboard-link` makes); the session cookie's `name=value`. */
  async function signIn(): Promise<string> {
    const url = await t.app.get(DashboardSessions).issueLink(analyst.id);
    const token = new URL(url).searchParams.get('token')!;
    const page = await t.http().get(`/dashboard/sign-in/link?token=${token}`).set(html).expect(200);
    expect(page.text).toContain('<form method="post" action="/dashboard/sign-in/link">');
    const signedIn = await t.http().post('/dashboard/sign-in/link').type('form').send({ token }).expect(303);
    expect(signedIn.headers.location).toBe('/dashboard');
    const cookie = (signedIn.headers['set-cookie'] as unknown as string[])[0]!;
    expect(cookie).toMatch(
      /^eh_dashboard_session=[A-Za-z0-9_-]{43}; Path=\/dashboard; Max-Age=28800; HttpOnly; Secure; SameSite=Lax$/,
    );
    // The link works once.
    await t.http().post('/dashboard/sign-in/link').type('form').send({ token }).expect(400);
    return cookie.split(';')[0]!;
  }

  const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)![1]!;

  it('sends a browser without a session to the sign-in page, and a script without a token gets 401', async () => {
    const redirected = await t.http().get('/dashboard/measures/marf_received').set(html).expect(303);
    expect(redirected.headers.location).toBe('/dashboard/sign-in?next=%2Fdashboard%2Fmeasures%2Fmarf_received');
    const signInPage = await t.http().get('/dashboard/sign-in').set(html).expect(200);
    expect(signInPage.text).toContain('dashboard-link --email');
    await t.http().get('/dashboard').expect(401);
  });

  it('signs in with a one-time link; the cookie opens the dashboard pages but not the JSON API', async () => {
    const cookie = await signIn();
    const page = await t.http().get('/dashboard').set(html).set('Cookie', cookie).expect(200);
    expect(page.text).toContain('Sign out');
    await t.http().get('/measures').set('Cookie', cookie).expect(401);
    await t.http().post('/measure-commentary/marf_received').set('Cookie', cookie).send({}).expect(401);
    const audit = await t.sql.query(
      `SELECT count(*) FROM audit_events WHERE entity_type IN ('dashboard_session', 'dashboard_sign_in_link')`,
    );
    expect(Number(audit.rows[0].count)).toBe(1);
  });

  it('saves commentary from the form only with the session CSRF token', async () => {
    const cookie = await signIn();
    await t.sql.query(
      `INSERT INTO measure_values (measure_key, period_kind, period_key, period_start, period_end, breakdown,
                                   breakdown_value, numerator, value)
       VALUES ('marf_received', 'month', '2025-01', '2025-01-01', '2025-01-31', 'all', 'all', 7, 7)`,
    );
    const page = await t.http().get('/dashboard/measures/marf_received').set(html).set('Cookie', cookie).expect(200);
    expect(page.text).toContain('<textarea id="commentary-text" name="text"');
    const csrf = csrfOf(page.text);
    const before = await t.count('measure_commentary');
    await t
      .http()
      .post('/dashboard/measures/marf_received/commentary')
      .set('Cookie', cookie)
      .type('form')
      .send({ periodKey: '2025-01', text: 'Forged' })
      .expect(403);
    await t
      .http()
      .post('/dashboard/measures/marf_received/commentary')
      .set('Cookie', cookie)
      .type('form')
      .send({ csrf: `${csrf.slice(0, -1)}x`, periodKey: '2025-01', text: 'Forged' })
      .expect(403);
    expect(await t.count('measure_commentary')).toBe(before);
    const saved = await t
      .http()
      .post('/dashboard/measures/marf_received/commentary')
      .set('Cookie', cookie)
      .type('form')
      .send({ csrf, periodKey: '2025-01', text: 'January was quiet.' })
      .expect(303);
    expect(saved.headers.location).toBe('/dashboard/measures/marf_received?saved=1');
    const shown = await t.http().get(saved.headers.location).set(html).set('Cookie', cookie).expect(200);
    expect(shown.text).toContain('Commentary saved.');
    expect(shown.text).toContain('January was quiet.');
  });

  it('signs out (with the CSRF token): the cookie is cleared and no longer works', async () => {
    const cookie = await signIn();
    const page = await t.http().get('/dashboard').set(html).set('Cookie', cookie).expect(200);
    await t.http().post('/dashboard/sign-out').set('Cookie', cookie).type('form').send({}).expect(403);
    const out = await t
      .http()
      .post('/dashboard/sign-out')
      .set('Cookie', cookie)
      .type('form')
      .send({ csrf: csrfOf(page.text) })
      .expect(303);
    expect(out.headers.location).toBe('/dashboard/signed-out');
    expect((out.headers['set-cookie'] as unknown as string[])[0]).toContain(
      'eh_dashboard_session=; Path=/dashboard; Max-Age=0',
    );
    await t.http().get('/dashboard').set(html).set('Cookie', cookie).expect(303);
  });

  it('ends a session at its expiry', async () => {
    const cookie = await signIn();
    await t.http().get('/dashboard').set(html).set('Cookie', cookie).expect(200);
    await t.sql.query(`UPDATE dashboard_sessions SET expires_at = now() - interval '1 second' WHERE ended_at IS NULL`);
    const expired = await t.http().get('/dashboard').set(html).set('Cookie', cookie).expect(303);
    expect(expired.headers.location).toBe('/dashboard/sign-in?next=%2Fdashboard');
    await t.http().get('/dashboard').set('Cookie', cookie).expect(401);
  });

  it('cli dashboard-link prints a link that signs in once; refuses an unknown email; a made-up link is refused', async () => {
    const cli = await runCli(t, ['dashboard-link', '--email', analystEmail]);
    expect(cli.code).toBe(0);
    const { url } = JSON.parse(cli.stdout) as { url: string };
    expect(url).toMatch(/^http:\/\/localhost:3000\/dashboard\/sign-in\/link\?token=[A-Za-z0-9_-]{43}$/);
    const token = new URL(url).searchParams.get('token')!;
    await t.http().post('/dashboard/sign-in/link').type('form').send({ token }).expect(303);
    await t.http().post('/dashboard/sign-in/link').type('form').send({ token: 'made-up' }).expect(400);
    const audit = await t.sql.query(`SELECT count(*) FROM audit_events WHERE entity_type = 'dashboard_sign_in_link'`);
    expect(Number(audit.rows[0].count)).toBe(1);
    await t.sql.query(`UPDATE users SET disabled = true WHERE email = 'nobody@example.org'`);
    const unknown = await runCli(t, ['dashboard-link', '--email', 'nobody@example.org']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no active user');
  }, 120_000);
  it('makes a board pack for a month as a queued job with progress, and downloads the PDF', async () => {
    const cookie = await signIn();
    await t.sql.query(
      `INSERT INTO measure_targets (measure_key, financial_year, direction, target, amber_threshold, set_by_user_id)
       VALUES ('marf_received', '2024-25', 'higher_is_better', 5, 3, $1)`,
      [analyst.id],
    );
    const list = await t.http().get('/dashboard/board-packs').set(html).set('Cookie', cookie).expect(200);
    await t
      .http()
      .post('/dashboard/board-packs')
      .set('Cookie', cookie)
      .type('form')
      .send({ period: '2025-01' })
      .expect(403);
    await t
      .http()
      .post('/dashboard/board-packs')
      .set('Cookie', cookie)
      .type('form')
      .send({ csrf: csrfOf(list.text), period: '2025-13' })
      .expect(422);
    const requested = await t
      .http()
      .post('/dashboard/board-packs')
      .set('Cookie', cookie)
      .type('form')
      .send({ csrf: csrfOf(list.text), period: '2025-01' })
      .expect(303);
    const statusUrl = requested.headers.location as string;
    expect(statusUrl).toMatch(/^\/dashboard\/board-packs\/[0-9a-f-]{36}$/);
    let status = '';
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      const page = await t.http().get(statusUrl).set(html).set('Cookie', cookie).expect(200);
      status = page.text;
      if (/Status: <strong>(completed|failed)/.test(status)) break;
      expect(status).toContain('<progress id="pack-progress"');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toContain('Status: <strong>completed</strong>');
    const pdf = await t
      .http()
      .get(`${statusUrl}/pdf`)
      .set('Cookie', cookie)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="board-pack-2025-01.pdf"');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  }, 90_000);
});
