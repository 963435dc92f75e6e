/**
 * What the histories of a batch share: one app, one database, one set of organisations (each with
 * a practitioner and a manager, "as practitioner, across their own organisation"), a clock that
 * moves when every history is ready for it (`Timeline`), and list reads made once for every
 * history that is checking at that moment (`ListReader`). Access rests on (organisation, family)
 * and each history has families of its own, so the histories do not see into each other; a list
 * is compared on the history's own ids (`owner`).
 */
import type { TestClock } from '../../helpers/clock';
import type { Role } from '../../../src/platform/auth/auth-user';
import type { TestApp, TestUser } from '../../helpers/test-app';
import { Org, ORGANISATIONS } from './facts';

const ORGANISATION_TYPES: Record<Org, string> = {
  school: 'school',
  health: 'health',
  sf: 'strengthening_families',
  voluntary: 'voluntary',
  hub: 'family_hub',
  mash: 'mash',
  social_care: 'social_care',
};

export interface Response {
  status: number;
  body: Record<string, unknown>;
}

export class ReplayWorld {
  base = '';
  /** Per organisation: [practitioner, manager] (the MASH: two `mash` users). */
  readonly users = new Map<Org, TestUser[]>();
  readonly orgIds = new Map<Org, string>();
  readonly orgNames = new Map<Org, string>();
  readonly orgOf = new Map<string, Org>();
  /** User id -> email, so an import can name (and adopt) the practitioners. */
  readonly emails = new Map<string, string>();
  admin!: TestUser;
  /** The children's social care system (posts social care involvements for step-downs). */
  socialCareSystem!: TestUser;
  /** Real id -> the slot whose history made it (this batch). */
  readonly owner = new Map<string, number>();
  requests = 0;
  /** Requests by what they were for: writes, list reads, single reads. */
  readonly requestsBy = { write: 0, list: 0, notes: 0, single: 0, shared: 0 };
  readonly lists = new ListReader(this);
  /** Milliseconds spent emptying the tables between batches. */
  resetMs = 0;

  constructor(readonly t: TestApp) {}

  async setUp(): Promise<void> {
    const server = await this.t.app.listen(0, '127.0.0.1');
    this.base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const tag = Math.random().toString(36).slice(2, 8);
    for (const org of ORGANISATIONS) {
      const name = `${org} ${tag} (access model)`;
      const id = await this.t.organisation(ORGANISATION_TYPES[org] as never, name);
      this.orgIds.set(org, id);
      this.orgNames.set(org, name);
      this.orgOf.set(id, org);
      const roles: Role[][] = org === 'mash' ? [['mash'], ['mash']] : [['practitioner'], ['manager']];
      this.users.set(org, await Promise.all(roles.map((r) => this.t.user(r, id))));
    }
    this.admin = await this.t.user(['admin'], this.orgIds.get('mash'));
    this.socialCareSystem = await this.t.user(['social_care_system'], this.orgIds.get('social_care'));
    const rows = await this.t.sql.query<{ id: string; email: string }>(`SELECT id, email FROM users`);
    for (const row of rows.rows) this.emails.set(row.id, row.email);
  }

  /** Empties the case tables between batches (imports' legacy ids stay: each history's are its own). */
  async reset(): Promise<void> {
    const started = Date.now();
    await this.t.sql.query('TRUNCATE persons, families, marfs CASCADE');
    this.owner.clear();
    this.resetMs += Date.now() - started;
  }

  async call(user: TestUser, method: string, path: string, body?: unknown, extra: Record<string, string> = {}) {
    this.requests++;
    const headers: Record<string, string> = { Authorization: `Bearer ${user.token}`, ...extra };
    if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
    const init = {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    };
    // A read is retried once when the connection itself fails (a loaded machine may reset a
    // kept-alive socket); a write never is, so nothing is done twice.
    const attempt = () => fetch(`${this.base}${path}`, init);
    const response = await (method === 'GET' ? attempt().catch(attempt) : attempt());
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} } as Response;
  }
}

/**
 * List reads shared by the histories that check at the same moment: a history asks for
 * organisation O's list L after its check began (so after its last write), and a read of (O, L)
 * that started after that moment answers it too. At the end of a batch every history checks at
 * once, so each list is read once per organisation for the whole batch.
 */
export class ListReader {
  private seq = 0;
  private readonly reads = new Map<string, { started: number; response: Promise<Response> }>();
  /** Alternates the practitioner and the manager of an organisation between reads. */
  private turn = 0;

  constructor(private readonly world: ReplayWorld) {}

  /** A mark to pass to `read`: reads started after it are fresh for the caller. */
  mark(): number {
    return ++this.seq;
  }

  /** `user`: which of the organisation's users reads (0 practitioner, 1 manager); alternating when absent. */
  read(org: Org, path: string, since: number, user?: number): Promise<Response> {
    const key = `${org} ${user ?? ''} ${path}`;
    const current = this.reads.get(key);
    if (current && current.started > since) {
      this.world.requestsBy.shared++;
      return current.response;
    }
    this.world.requestsBy.list++;
    const reader = this.world.users.get(org)![user ?? this.turn++ % 2]!;
    const response = this.world.call(reader, 'GET', `${path}${path.includes('?') ? '&' : '?'}limit=200`);
    this.reads.set(key, { started: ++this.seq, response });
    return response;
  }
}

/**
 * Clock time shared by the histories of a batch: each history asks for the date it has reached
 * (never earlier than before), and the clock moves to the earliest date asked for once every
 * history still running is waiting, so all of them see the clock at their own date. A history
 * that has played all its facts `finish`es: it waits for the others, and all are checked together
 * at the last date (the clock never goes back, so the latest any of them reached).
 */
export class Timeline {
  private readonly waiting = new Map<number, { date: string; release: () => void }>();
  private running: number;
  private readonly finished: (() => void)[] = [];
  /** Taken when the last history finished: list reads started after it serve every history's last check. */
  finalMark = 0;

  constructor(
    private readonly clock: TestClock,
    slots: number,
    private readonly mark: () => number = () => 0,
  ) {
    this.running = slots;
  }

  until(slot: number, date: string): Promise<void> {
    if (date === this.clock.today()) return Promise.resolve();
    if (date < this.clock.today())
      throw new Error(`slot ${slot} asked for ${date}, the clock is at ${this.clock.today()}`);
    return new Promise((release) => {
      this.waiting.set(slot, { date, release });
      this.move();
    });
  }

  /** The history played its last fact: resolves (with the batch's last date) when every history has. */
  finish(): Promise<string> {
    return new Promise((release) => {
      this.finished.push(() => release(this.clock.today()));
      this.done();
    });
  }

  /** A history finished (or failed): the others no longer wait for it. */
  done(): void {
    this.running--;
    if (this.running === 0 && this.finished.length > 0) this.finalMark = this.mark();
    if (this.running === 0) for (const release of this.finished.splice(0)) release();
    this.move();
  }

  private move(): void {
    if (this.waiting.size === 0 || this.waiting.size < this.running) return;
    const date = [...this.waiting.values()].map((w) => w.date).sort()[0]!;
    this.clock.set(date);
    for (const [slot, w] of [...this.waiting]) {
      if (w.date !== date) continue;
      this.waiting.delete(slot);
      w.release();
    }
  }
}
