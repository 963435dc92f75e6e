/// <reference lib="dom" />
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/measures/dashboard/board-pack.service';
import { addDays, londonDate } from '../../src/calendar/working-days';
import { MeasureRegistry } from '../../src/measures/measure-registry';
import { periodContaining } from '../../src/measures/periods';
import { setupTestApp } from '../helpers/setup';
import type { TestApp } from '../helpers/test-app';

/**
 * The dashboard in a real browser (Debian's Chromium driven by playwright-core) signed in through a
 * real OpenID provider (oidc-provider, started here): sign in with the authorization-code flow and
 * PKCE, see the page, drill into a breakdown, download a CSV and a board pack, check the pages with
 * axe-core (WCAG 2.2 AA) and by keyboard, expire the session, sign out.
 * UPDATE_SCREENSHOTS=1 rewrites docs/screenshots/ (the board pack's first page needs pdftoppm).
 */
const CHROMIUM = '/usr/bin/chromium';
const describeWithChromium = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) {
  process.stderr.write(
    `dashboard browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does)\n`,
  );
}

const SECRET = 'dashboard-browser-test-client-secret';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const result = await page.evaluate(
    (tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    WCAG_TAGS,
  );
  return result.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
}

describeWithChromium('dashboard in a browser, signed in through an OpenID provider', () => {
  let provider: ChildProcess;
  let context: BrowserContext;
  let page: Page;
  let app: string;
  let appPort: number;
  let issuer: string;
  const profile = mkdtempSync(join(tmpdir(), 'eh-browser-test-'));
  const screenshots = process.env.UPDATE_SCREENSHOTS === '1';

  // The provider first (the app's environment names it), and closed after the browser, before the app.
  beforeAll(async () => {
    let idpPort: number;
    [appPort, idpPort] = [await freePort(), await freePort()];
    app = `http://localhost:${appPort}`;
    issuer = `http://localhost:${idpPort}`;
    provider = spawn(
      process.execPath,
      ['test/dashboard/oidc-provider.mjs', String(idpPort), `${app}/dashboard/auth/callback`, SECRET],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      provider.once('exit', (code) => reject(new Error(`oidc-provider exited with ${code}`)));
      provider.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    provider?.kill();
  }, 60_000);
  const { t, analyst } = setupTestApp({ analyst: ['analyst'] }, () => ({
    AUTH_MODE: 'idp',
    JWT_JWKS_URI: `${issuer}/jwks`,
    JWT_ISSUER: issuer,
    JWT_AUDIENCE: 'dashboard',
    OIDC_CLIENT_ID: 'dashboard',
    OIDC_CLIENT_SECRET: SECRET,
    PUBLIC_URL: app,
  }));
  beforeAll(async () => {
    await t.app.listen(appPort);
    await seedValues(t, analyst.id);
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
  }, 60_000);

  /** Through the provider's login and consent pages, back to the dashboard. */
  async function signInAtProvider(): Promise<void> {
    await page.getByRole('link', { name: 'Sign in with your organisation account' }).click();
    for (let step = 0; step < 4 && !page.url().startsWith(app); step++) {
      const login = page.locator('input[name="login"]');
      if (await login.count()) {
        await login.fill(analyst.id);
        await page.locator('input[name="password"]').fill('any');
      }
      await Promise.all([page.waitForLoadState('load'), page.locator('button[type="submit"]').first().click()]);
    }
  }

  it('sends the browser to sign in, through the OpenID provider (code flow with PKCE), back to the dashboard', async () => {
    await page.goto(`${app}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
    await signInAtProvider();
    expect(page.url()).toBe(`${app}/dashboard`);
    await expectHeading('Early Help partnership dashboard');
    const cookies = await context.cookies(`${app}/dashboard`);
    const session = cookies.find((cookie) => cookie.name === 'eh_dashboard_session')!;
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/dashboard' });
    expect(await page.locator('#tile-marf_received').locator('..').textContent()).toContain('last complete month');
    expect(await axeViolations(page)).toEqual([]);
    if (screenshots) {
      mkdirSync('docs/screenshots', { recursive: true });
      await page.screenshot({ path: 'docs/screenshots/dashboard.png', fullPage: false });
    }
  }, 120_000);

  it('works by keyboard: a skip link first, then the page, and every chart point is focusable with its value', async () => {
    const tabTo = async (times: number) => {
      const reached: string[] = [];
      for (let i = 0; i < times; i++) {
        await page.keyboard.press('Tab');
        reached.push(
          await page.evaluate(() => {
            const element = document.activeElement as HTMLElement | null;
            return `${element?.tagName.toLowerCase()}:${element?.getAttribute('aria-label') ?? element?.textContent?.trim()}`;
          }),
        );
      }
      return reached;
    };
    await page.goto(`${app}/dashboard`);
    expect(await tabTo(1)).toEqual(['a:Skip to main content']);
    await page.keyboard.press('Enter');
    expect(await tabTo(1)).toEqual(['a:Board packs: every measure for a month as a PDF']);
    await page.goto(`${app}/dashboard/measures/marf_received`);
    const reached = await tabTo(12);
    expect(reached).toContain('a:All measures');
    expect(reached.some((entry) => /^circle:\d{4}-\d{2}: \d+$/.test(entry))).toBe(true);
  }, 45_000);

  it('drills into the locality breakdown and downloads it as CSV', async () => {
    await page.goto(`${app}/dashboard`);
    await page.getByRole('link', { name: 'MARFs received', exact: true }).click();
    await expectHeading('MARFs received');
    await page.getByRole('link', { name: 'Locality' }).click();
    expect(page.url()).toBe(`${app}/dashboard/measures/marf_received?by=locality`);
    const table = page.getByRole('table', { name: /MARFs received by locality/ });
    expect(await table.textContent()).toContain('Tipton');
    expect(await axeViolations(page)).toEqual([]);
    if (screenshots) await page.screenshot({ path: 'docs/screenshots/drill-down.png', fullPage: false });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download locality breakdown (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('marf_received-month-locality.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toContain('measure,title,unit,period_kind,period');
    expect(csv).toContain('Tipton');
  }, 45_000);

  it('makes a board pack, follows its progress and downloads the PDF', async () => {
    await page.goto(`${app}/dashboard/board-packs`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Make the board pack' }).click();
    await page.locator('#download-pack').waitFor({ timeout: 75_000 });
    expect(await axeViolations(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-pack').click()]);
    expect(download.suggestedFilename()).toMatch(/^board-pack-\d{4}-\d{2}\.pdf$/);
    const path = (await download.path())!;
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    if (screenshots) {
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', path, 'docs/screenshots/board-pack']);
    }
  }, 90_000);

  it('sends an expired session back to sign in, and signs out', async () => {
    await t.sql.query(`UPDATE dashboard_sessions SET expires_at = now() - interval '1 second'`);
    await page.goto(`${app}/dashboard/measures/marf_received`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
    await signInAtProvider();
    expect(page.url()).toBe(`${app}/dashboard/measures/marf_received`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expectHeading('You have signed out');
    await page.goto(`${app}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
  }, 45_000);

  async function expectHeading(text: string): Promise<void> {
    expect(await page.locator('h1').first().textContent()).toBe(text);
  }
});

/**
 * Thirteen complete months (and five quarters) and the period in progress of seven measures, with a
 * locality breakdown of marf_received, a target for two measures and a commentary: a page that
 * looks like the board's, for the screenshots.
 */
async function seedValues(t: TestApp, analystId: string): Promise<void> {
  const locality = await t.sql.query<{ id: string }>(`INSERT INTO localities (name) VALUES ('Tipton') RETURNING id`);
  const other = await t.sql.query<{ id: string }>(`INSERT INTO localities (name) VALUES ('Wednesbury') RETURNING id`);
  // Seven measures: the first tiles of the page and marf_received (more charts only slow the axe check down).
  const shown = [
    'active_lead_professionals',
    'children_open_multi_agency_eh',
    'children_open_taf',
    'contact_to_early_help',
    'contact_to_referral',
    'domestic_abuse_contacts',
    'marf_received',
  ];
  const measures = t.app
    .get(MeasureRegistry)
    .all()
    .filter((measure) => shown.includes(measure.key));
  await t.sql.query(
    `WITH run AS (
       INSERT INTO measure_runs (trigger, from_date, to_date, status, finished_at)
       VALUES ('manual', current_date - 420, current_date, 'completed', now()) RETURNING id),
     period AS (
       SELECT 'month' AS kind, to_char(m, 'YYYY-MM') AS key, m::date AS start,
              (m + interval '1 month - 1 day')::date AS finish, row_number() OVER (ORDER BY m) AS n
         FROM generate_series(date_trunc('month', current_date) - interval '13 months', date_trunc('month', current_date), interval '1 month') AS m
       UNION ALL
       SELECT 'quarter', to_char(q, 'YYYY') || '-Q' || to_char(q, 'Q'), q::date, (q + interval '3 months - 1 day')::date,
              row_number() OVER (ORDER BY q)
         FROM generate_series(date_trunc('quarter', current_date) - interval '15 months', date_trunc('quarter', current_date), interval '3 months') AS q),
     measure AS (SELECT * FROM unnest($3::text[], $4::text[]) AS m (measure_key, unit)),
     figure AS (
       SELECT measure.measure_key, measure.unit, period.kind, period.key AS period_key, period.start, period.finish, b.breakdown, b.value AS breakdown_value,
              b.share * (20 + 3 * period.n + (period.n % 4) * 5 + length(measure.measure_key)) AS numerator,
              b.share * (60 + 2 * length(measure.measure_key)) AS denominator
         FROM measure, period,
              (VALUES ('all', 'all', 2), ('locality', $1, 1), ('locality', $2, 1)) AS b (breakdown, value, share)
        WHERE b.breakdown = 'all' OR measure.measure_key = 'marf_received')
     INSERT INTO measure_values (measure_key, period_kind, period_key, period_start, period_end, breakdown,
                                 breakdown_value, numerator, denominator, value, run_id)
     SELECT measure_key, kind, period_key, start, finish, breakdown, breakdown_value, numerator,
            CASE WHEN unit = 'percentage' THEN denominator END,
            CASE WHEN unit = 'percentage' THEN round(numerator * 100.0 / denominator, 2) ELSE numerator END, run.id
       FROM figure, run`,
    [locality.rows[0]!.id, other.rows[0]!.id, measures.map((m) => m.key), measures.map((m) => m.unit)],
  );
  const year = periodContaining('financial_year', addDays(periodContaining('month', londonDate(new Date())).start, -1));
  await t.sql.query(
    `INSERT INTO measure_targets (measure_key, financial_year, direction, target, amber_threshold, set_by_user_id)
     VALUES ('active_lead_professionals', $1, 'higher_is_better', 80, 70, $2),
            ('children_open_multi_agency_eh', $1, 'higher_is_better', 120, 90, $2),
            ('children_open_taf', $1, 'lower_is_better', 40, 60, $2)`,
    [year.key, analystId],
  );
  const lastMonth = periodContaining('month', addDays(periodContaining('month', londonDate(new Date())).start, -1));
  await t.sql.query(
    `INSERT INTO measure_commentary (measure_key, period_kind, period_key, body, written_by_user_id)
     VALUES ('active_lead_professionals', 'month', $1, 'Two new Family Hub practitioners took on cases this month.', $2)`,
    [lastMonth.key, analystId],
  );
}
