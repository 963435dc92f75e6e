/**
 * Plays model facts through the real API and compares every read with the model. One `Replay`
 * per test file: the organisations and their practitioners are made once; `reset` empties the
 * case tables between histories so each starts from nothing.
 */
import { randomUUID } from 'node:crypto';
import { adultBody, childBody, freshNhsNumber } from '../../helpers/case-factory';
import type { TestClock } from '../../helpers/clock';
import type { Role } from '../../../src/platform/auth/auth-user';
import type { TestApp, TestUser } from '../../helpers/test-app';
import { Expected, Fact, Org, ORGANISATIONS, Sight } from './model';

const ROLES: Record<Org, Role[]> = {
  school: ['practitioner'],
  health: ['practitioner'],
  sf: ['practitioner'],
  voluntary: ['practitioner'],
  hub: ['practitioner'],
  mash: ['mash'],
  social_care: ['practitioner'],
};

const ORGANISATION_TYPES: Record<Org, string> = {
  school: 'school',
  health: 'health',
  sf: 'strengthening_families',
  voluntary: 'voluntary',
  hub: 'family_hub',
  mash: 'mash',
  social_care: 'social_care',
};

interface Response {
  status: number;
  body: Record<string, unknown>;
}

/** A number in [0, 1) from a text (FNV-1a), to sample single reads reproducibly. */
function sampled(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash / 2 ** 32;
}

function sameSights(a: Map<string, Sight>, b: Map<string, Sight>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, sight] of a) if (b.get(id) !== sight) return false;
  return true;
}

/** A write the service refused for a reason of its own (409/422): the model then skips the fact. */
export class Refused extends Error {}

/**
 * What the histories of one batch share: one app, one database, and for each slot (a history
 * played concurrently with the others) its own organisations and users, so the slots' records
 * stay apart; only the MASH and social care, who read every family, see the other slots' records,
 * and their lists are compared on the slot's own records only.
 */
export class ReplayWorld {
  base = '';
  readonly slots: { users: Map<Org, TestUser>; orgIds: Map<Org, string> }[] = [];
  /** Real id -> the slot whose history made it (this batch). */
  readonly owner = new Map<string, number>();
  requests = 0;
  /** Requests by what they were for: writes, list reads, single reads. */
  readonly requestsBy = { write: 0, list: 0, single: 0 };

  constructor(readonly t: TestApp) {}

  async setUp(slots: number): Promise<void> {
    const server = await this.t.app.listen(0, '127.0.0.1');
    this.base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    for (let slot = 0; slot < slots; slot++) {
      const users = new Map<Org, TestUser>();
      const orgIds = new Map<Org, string>();
      for (const org of ORGANISATIONS) {
        const id = await this.t.organisation(ORGANISATION_TYPES[org] as never, `${org} ${slot} (access model)`);
        orgIds.set(org, id);
        // Odd slots read and write as the organisation's manager: "as practitioner, across their own
        // organisation" (domain.md), so the same answers are expected.
        const roles: Role[] = slot % 2 === 1 && ROLES[org][0] === 'practitioner' ? ['manager'] : ROLES[org];
        users.set(org, await this.t.user(roles, id));
      }
      this.slots.push({ users, orgIds });
    }
  }

  /** Empties the case tables between batches. */
  async reset(): Promise<void> {
    await this.t.sql.query('TRUNCATE persons, families, marfs CASCADE');
    this.owner.clear();
  }
}

/** Model id -> real id for one history, registering each real id as the slot's. */
class IdMap extends Map<string, string> {
  constructor(
    private readonly world: ReplayWorld,
    private readonly slot: number,
  ) {
    super();
  }

  override set(modelId: string, realId: string): this {
    this.world.owner?.set(realId, this.slot);
    return super.set(modelId, realId);
  }
}

/**
 * Clock time shared by the histories of a batch: each history asks for the date it has reached
 * (never earlier than before), and the clock moves to the earliest date asked for once every
 * history still running is waiting, so all of them see the clock at their own date.
 */
export class Timeline {
  private readonly waiting = new Map<number, { date: string; release: () => void }>();
  private running: number;

  constructor(
    private readonly clock: TestClock,
    slots: number,
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

  /** A history finished (or failed): the others no longer wait for it. */
  done(): void {
    this.running--;
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

export class Replay {
  private readonly users: Map<Org, TestUser>;
  private readonly orgIds: Map<Org, string>;
  /** Model id -> real id, for this history. */
  readonly ids: IdMap;
  private readonly t: TestApp;
  private nhs = new Map<string, string>();
  private firstMember = new Map<string, string>();
  private tafMemberIds = new Map<string, string>();
  private planOfEpisode = new Map<string, string>();
  /** Case note (model id) -> its episode (model id). */
  private episodeOfNote = new Map<string, string>();
  refused = 0;
  /** Survey mode: writes that failed (not 409/422) and were worked around. */
  readonly writeFailures: string[] = [];
  /** Ids a MASH or social care list showed that no history of the batch had made yet (checked after). */
  readonly strangers: { id: string; problem: string }[] = [];

  constructor(
    private readonly world: ReplayWorld,
    private readonly slot: number,
    private readonly clock: TestClock,
    private readonly survey = false,
  ) {
    this.t = world.t;
    this.users = world.slots[slot]!.users;
    this.orgIds = world.slots[slot]!.orgIds;
    this.ids = new IdMap(world, slot);
  }

  private async call(
    org: Org,
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<Response> {
    this.world.requests++;
    const headers: Record<string, string> = { Authorization: `Bearer ${this.users.get(org)!.token}`, ...extraHeaders };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method === 'POST' && path === '/marfs') headers['Idempotency-Key'] = randomUUID();
    const init = {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    };
    // A read is retried once when the connection itself fails (a loaded machine may reset a
    // kept-alive socket); a write never is, so nothing is done twice.
    const attempt = () => fetch(`${this.world.base}${path}`, init);
    const response = await (method === 'GET' ? attempt().catch(attempt) : attempt());
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  /** A write that must succeed, or be refused by a business rule (409/422), never a 404/403/5xx. */
  private async write(
    org: Org,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Record<string, unknown>> {
    if (method !== 'GET') this.world.requestsBy.write++;
    const response = await this.call(org, method, path, body, headers);
    if (response.status === 409 || response.status === 422) {
      this.refused++;
      throw new Refused(`${method} ${path} by ${org}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    if (response.status >= 300) {
      throw new Error(
        `${method} ${path} by ${org}: expected success, got ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
    return response.body;
  }

  private id(modelId: string): string {
    const id = this.ids.get(modelId);
    if (!id) throw new Error(`no real id for ${modelId}`);
    return id;
  }

  private async newChild(
    by: Org,
    modelId: string,
    body: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const nhsNumber = freshNhsNumber();
    this.nhs.set(modelId, nhsNumber);
    return { ...childBody({ nhsNumber, firstName: `Child${modelId}` }), ...body };
  }

  /**
   * Performs one fact through the API; `Refused` when the service declined it for a reason of its
   * own. For a decision to early help, returns the allocation the service reported.
   */
  async perform(fact: Fact): Promise<{ allocationLapsesOn?: string } | undefined> {
    switch (fact.kind) {
      case 'check':
        return undefined;
      case 'advance':
        // The spec moves the shared clock (Timeline) before the next fact.
        return undefined;
      case 'createFamily': {
        const family = await this.write('mash', 'POST', '/families', { name: `Family ${fact.family}` });
        const adult = await this.write('mash', 'POST', '/people', adultBody());
        const child = await this.write('mash', 'POST', '/people', await this.newChild('mash', fact.child));
        this.ids
          .set(fact.family, family.id as string)
          .set(fact.adult, adult.id as string)
          .set(fact.child, child.id as string);
        for (const [person, relationship] of [
          [adult.id, 'mother'],
          [child.id, 'child'],
        ] as const) {
          const body = { personId: person, relationship, livesInHousehold: true };
          if (this.survey) {
            // Survey mode goes on past a failed write so later reads can still be compared.
            const response = await this.call('mash', 'POST', `/families/${String(family.id)}/members`, body);
            if (response.status === 201) continue;
            this.writeFailures.push(`POST /families/{id}/members by mash: ${response.status}`);
            await this.t.sql.query(
              `INSERT INTO family_members (family_id, person_id, relationship, lives_in_household, started_on)
               VALUES ($1, $2, $3, true, $4)`,
              [family.id, person, relationship, this.clock.today()],
            );
            continue;
          }
          await this.write('mash', 'POST', `/families/${String(family.id)}/members`, body);
        }
        this.firstMember.set(fact.family, adult.id as string);
        return undefined;
      }
      case 'submitMarf': {
        const marf = await this.write(fact.by, 'POST', '/marfs', {
          children: fact.newChild
            ? [{ newPerson: await this.newChild(fact.by, fact.child) }]
            : [{ personId: this.id(fact.child) }],
          ...(fact.newFamily ? { newFamily: { name: `Family ${fact.family}` } } : { familyId: this.id(fact.family) }),
          concernCategories: ['neglect'],
          narrative: 'Concern described by the referrer',
          immediateRisk: false,
          parentsAware: true,
          earlyHelpTried: false,
          agenciesInvolved: [],
        });
        this.ids.set(fact.marf, marf.id as string);
        if (fact.newFamily) this.ids.set(fact.family, marf.familyId as string);
        if (fact.newChild) {
          this.ids.set(fact.child, (marf.childPersonIds as string[])[0]!);
          this.firstMember.set(fact.family, (marf.childPersonIds as string[])[0]!);
        }
        return undefined;
      }
      case 'decideMarf': {
        const marf = this.id(fact.marf);
        await this.write('mash', 'POST', `/marfs/${marf}/triage`, {
          rag: 'amber',
          assigneeUserId: this.users.get('mash')!.id,
        });
        const decision = await this.write('mash', 'POST', `/marfs/${marf}/decision`, {
          outcome: fact.outcome,
          rationale: 'Rationale',
          quality: 'adequate',
          earlyHelpEvidenced: false,
          feedbackToReferrer: 'Feedback',
          ...(fact.lead ? { leadOrganisationId: this.orgIds.get(fact.lead) } : {}),
        });
        if (fact.episode) {
          const episodeId =
            (decision.episodeId as string | undefined) ??
            (
              await this.t.sql.query<{ id: string }>(
                `SELECT id FROM episodes WHERE family_id = $1 AND closed_on IS NULL`,
                [decision.familyId],
              )
            ).rows[0]?.id;
          if (!episodeId) throw new Error(`decision of ${fact.marf}: no episode opened or joined`);
          this.ids.set(fact.episode, episodeId);
          const allocation = decision.allocation as { organisationId?: string; lapsesOn?: string } | undefined;
          return { allocationLapsesOn: allocation?.lapsesOn };
        }
        return undefined;
      }
      case 'recordConsent': {
        const consent = await this.write(fact.by, 'POST', `/families/${this.id(fact.family)}/consents`, {
          givenByPersonId: this.firstMember.get(fact.family),
          givenOn: this.clock.today(),
          scopes: ['assessment', 'information_sharing'],
          organisationIds: fact.orgs.map((o) => this.orgIds.get(o)),
        });
        this.ids.set(fact.consent, consent.id as string);
        return undefined;
      }
      case 'changeConsent':
        await this.write('mash', 'PATCH', `/consents/${this.id(fact.consent)}`, {
          organisationIds: fact.orgs.map((o) => this.orgIds.get(o)),
        });
        return undefined;
      case 'withdrawConsent':
        await this.write('mash', 'POST', `/consents/${this.id(fact.consent)}/withdraw`, {
          reason: 'Family withdrew consent',
        });
        return undefined;
      case 'linkPerson':
        await this.write(fact.by, 'POST', `/families/${this.id(fact.family)}/members`, {
          personId: this.id(fact.person),
          identifier: { nhsNumber: this.nhs.get(fact.person) },
          relationship: 'child',
          livesInHousehold: false,
        });
        return undefined;
      case 'startAssessment': {
        const assessment = await this.write(fact.by, 'POST', '/assessments', { episodeId: this.id(fact.episode) });
        this.ids.set(fact.assessment, assessment.id as string);
        return undefined;
      }
      case 'recordNote': {
        const notes = await this.write(fact.by, 'POST', `/episodes/${this.id(fact.episode)}/case-notes`, {
          kind: 'note',
          occurredAt: new Date(this.clock.now().getTime() - 60_000).toISOString(),
          text: 'Spoke with the family',
        });
        this.ids.set(fact.note, (notes.items as { id: string }[])[0]!.id);
        this.episodeOfNote.set(fact.note, fact.episode);
        return undefined;
      }
      case 'assignLead':
        await this.write('mash', 'PUT', `/episodes/${this.id(fact.episode)}/lead-professional`, {
          userId: this.users.get(fact.org)!.id,
          reason: 'Closest relationship with the family',
        });
        return undefined;
      case 'addTafMember': {
        if (fact.newPlan) {
          const plan = await this.write('mash', 'POST', '/taf-plans', { episodeId: this.id(fact.episode) });
          this.ids.set(fact.plan, plan.id as string);
        }
        const member = await this.write('mash', 'POST', `/taf-plans/${this.id(fact.plan)}/members`, {
          organisationId: this.orgIds.get(fact.org),
        });
        this.tafMemberIds.set(`${fact.episode}/${fact.org}`, member.id as string);
        this.planOfEpisode.set(fact.episode, this.id(fact.plan));
        return undefined;
      }
      case 'endTafMember': {
        const planId = this.planOfEpisode.get(fact.episode)!;
        await this.write(
          'mash',
          'POST',
          `/taf-plans/${planId}/members/${this.tafMemberIds.get(`${fact.episode}/${fact.org}`)}/end`,
          {},
        );
        return undefined;
      }
      case 'closeEpisode': {
        // Closing is an update: it carries the version last read (If-Match).
        const episode = await this.write('mash', 'GET', `/episodes/${this.id(fact.episode)}`);
        await this.write(
          'mash',
          'POST',
          `/episodes/${this.id(fact.episode)}/close`,
          { reason: 'outcomes_met' },
          { 'If-Match': `"${String(episode.version)}"` },
        );
        return undefined;
      }
    }
  }

  /**
   * Every list, and a share `singles` (0 to 1) of the single reads, for one organisation's
   * practitioner against the model: mismatches as text. Which single reads are made is a function
   * of the history's `salt`, so a seed replays the same ones. Single reads of records the
   * organisation must not see are expected to be 404 (the same answer as a record that does not exist).
   * With `previous` (the model's answers at the last check), a list whose expected answer has not
   * changed since is not read again.
   */
  async check(org: Org, expected: Expected, singles: number, salt = 0, previous?: Expected): Promise<string[]> {
    const problems: string[] = [];
    const reverse = new Map([...this.ids].map(([model, real]) => [real, model]));
    const single = async (path: string, modelId: string, sight: Sight | undefined) => {
      if (!sight || sight === 'either') return;
      if (singles < 1 && sampled(`${salt} ${org} ${path} ${modelId}`) >= singles) return;
      this.world.requestsBy.single++;
      const response = await this.call(org, 'GET', path.replace(':id', this.id(modelId)));
      const want = sight === 'yes' ? 200 : 404;
      if (response.status !== want)
        problems.push(`${org}: GET ${path.replace(':id', modelId)} expected ${want}, got ${response.status}`);
    };
    const list = async (path: string, sights: Map<string, Sight>, before?: Map<string, Sight>) => {
      if (before && sameSights(sights, before)) return;
      this.world.requestsBy.list++;
      const response = await this.call(org, 'GET', `${path}${path.includes('?') ? '&' : '?'}limit=200`);
      if (response.status !== 200) {
        problems.push(`${org}: GET ${path} expected 200, got ${response.status}`);
        return;
      }
      const got = new Set<string>();
      for (const item of response.body.items as { id: string }[]) {
        const mine = reverse.get(item.id);
        if (mine) got.add(mine);
        else if (!this.world.owner.has(item.id))
          // Another history of the batch may have made it a moment ago: checked after the batch.
          this.strangers.push({ id: item.id, problem: `${org}: GET ${path} lists ${item.id}, made by no history` });
        else if (this.world.owner.get(item.id) === this.slot)
          problems.push(`${org}: GET ${path} lists ${item.id}, not yet made in this history`);
      }
      for (const [id, sight] of sights) {
        if (sight === 'yes' && !got.has(id)) problems.push(`${org}: GET ${path} lacks ${id}`);
        if (sight === 'no' && got.has(id)) problems.push(`${org}: GET ${path} lists ${id}`);
      }
      for (const id of got)
        if (!sights.has(id)) problems.push(`${org}: GET ${path} lists ${id}, not a record of this kind`);
    };
    const jobs: Promise<void>[] = [
      list('/families', expected.families, previous?.families),
      list('/episodes', expected.episodes, previous?.episodes),
      list('/assessments', expected.assessments, previous?.assessments),
      list('/taf-plans', expected.tafPlans, previous?.tafPlans),
      list('/marfs', expected.marfList, previous?.marfList),
    ];
    for (const [episode, sight] of expected.episodes) {
      if (sight !== 'yes') continue;
      const notesOf = (e: Expected) =>
        new Map([...e.caseNotes].filter(([note]) => this.episodeOfNote.get(note) === episode));
      const before = previous && previous.episodes.get(episode) === 'yes' ? notesOf(previous) : undefined;
      jobs.push(list(`/episodes/${this.id(episode)}/case-notes`, notesOf(expected), before));
    }
    if (singles > 0) {
      for (const [family, sight] of expected.families) {
        jobs.push(single(`/families/:id`, family, sight));
        jobs.push(single(`/families/:id/members`, family, expected.members.get(family)));
        jobs.push(single(`/families/:id/consents`, family, expected.consents.get(family)));
        jobs.push(single(`/families/:id/chronology`, family, expected.chronology.get(family)));
        jobs.push(single(`/families/:id/involvements`, family, expected.involvements.get(family)));
      }
      for (const [person, sight] of expected.people) jobs.push(single(`/people/:id`, person, sight));
      for (const [episode, sight] of expected.episodes) jobs.push(single(`/episodes/:id`, episode, sight));
      for (const [a, sight] of expected.assessments) jobs.push(single(`/assessments/:id`, a, sight));
      for (const [p, sight] of expected.tafPlans) jobs.push(single(`/taf-plans/:id`, p, sight));
      for (const [n, sight] of expected.caseNotes) jobs.push(single(`/case-notes/:id`, n, sight));
      for (const [m, sight] of expected.marfs) jobs.push(single(`/marfs/:id`, m, sight));
    }
    await Promise.all(jobs);
    return problems;
  }
}
