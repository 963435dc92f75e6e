/**
 * Plays model facts through the real API, one history (a slot of the batch) per `Replay`. Writes
 * are made by the organisation's practitioner in even slots and its manager in odd ones ("as
 * practitioner, across their own organisation", so the same answers are expected).
 */
import { randomUUID } from 'node:crypto';
import { adultBody, childBody, freshNhsNumber } from '../../helpers/case-factory';
import type { TestClock } from '../../helpers/clock';
import type { TestUser } from '../../helpers/test-app';
import type { Fact, Org } from './facts';
import { attackFile, familyFile } from './imports';
import type { ReplayWorld } from './world';

/** A write the service refused for a reason of its own (409/422): the model then skips the fact. */
export class Refused extends Error {}

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

export class Replay {
  /** Model id -> real id, for this history. */
  readonly ids: IdMap;
  readonly nhs = new Map<string, string>();
  private firstMember = new Map<string, string>();
  private adultOf = new Map<string, string>();
  private tafMemberIds = new Map<string, string>();
  private planOfEpisode = new Map<string, string>();
  /** Case note (model id) -> its episode (model id). */
  readonly episodeOfNote = new Map<string, string>();
  /** The legacy ids of this history's imports start with this. */
  private readonly legacyPrefix = `AM${randomUUID().slice(0, 8)}-`;
  refused = 0;
  /** Survey mode: writes that failed (not 409/422) and were worked around. */
  readonly writeFailures: string[] = [];

  constructor(
    readonly world: ReplayWorld,
    readonly slot: number,
    private readonly clock: TestClock,
    private readonly survey = false,
  ) {
    this.ids = new IdMap(world, slot);
  }

  private writer(org: Org): TestUser {
    return this.world.users.get(org)![this.slot % 2]!;
  }

  /** A write that must succeed, or be refused by a business rule (409/422), never a 404/403/5xx. */
  private async write(
    who: Org | TestUser,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Record<string, unknown>> {
    if (method !== 'GET') this.world.requestsBy.write++;
    const user = typeof who === 'string' ? this.writer(who) : who;
    if (method === 'POST' && path === '/marfs') headers = { ...headers, 'Idempotency-Key': randomUUID() };
    const response = await this.world.call(user, method, path, body, headers);
    const label = typeof who === 'string' ? who : user.roles.join();
    if (response.status === 409 || response.status === 422) {
      this.refused++;
      throw new Refused(`${method} ${path} by ${label}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    if (response.status >= 300) {
      throw new Error(
        `${method} ${path} by ${label}: expected success, got ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
    return response.body;
  }

  id(modelId: string): string {
    const id = this.ids.get(modelId);
    if (!id) throw new Error(`no real id for ${modelId}`);
    return id;
  }

  private newChild(modelId: string): Record<string, unknown> {
    const nhsNumber = freshNhsNumber();
    this.nhs.set(modelId, nhsNumber);
    return childBody({ nhsNumber, firstName: `Child${modelId}` });
  }

  /**
   * Performs one fact through the API; `Refused` when the service declined it for a reason of its
   * own. For a decision to early help, returns the allocation the service reported.
   */
  async perform(fact: Fact): Promise<{ allocationLapsesOn?: string } | undefined> {
    switch (fact.kind) {
      case 'check':
      case 'advance':
        // The spec moves the shared clock (Timeline) before the next fact.
        return undefined;
      case 'createFamily': {
        const family = await this.write('mash', 'POST', '/families', { name: `Family ${fact.family}` });
        const adult = await this.write('mash', 'POST', '/people', adultBody());
        const child = await this.write('mash', 'POST', '/people', this.newChild(fact.child));
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
            const response = await this.world.call(
              this.writer('mash'),
              'POST',
              `/families/${String(family.id)}/members`,
              body,
            );
            if (response.status === 201) continue;
            this.writeFailures.push(`POST /families/{id}/members by mash: ${response.status}`);
            await this.world.t.sql.query(
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
          children: fact.newChild ? [{ newPerson: this.newChild(fact.child) }] : [{ personId: this.id(fact.child) }],
          ...(fact.newFamily ? { newFamily: { name: `Family ${fact.family}` } } : { familyId: this.id(fact.family) }),
          concernCategories: ['neglect'],
          // A health referrer says where the contact came from (CIN census source 3A to 3F).
          ...(fact.by === 'health' ? { contactSource: '3A' } : {}),
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
          assigneeUserId: this.writer('mash').id,
        });
        const decision = await this.write('mash', 'POST', `/marfs/${marf}/decision`, {
          outcome: fact.outcome,
          rationale: 'Rationale',
          quality: 'adequate',
          earlyHelpEvidenced: false,
          feedbackToReferrer: 'Feedback',
          ...(fact.lead ? { leadOrganisationId: this.world.orgIds.get(fact.lead) } : {}),
        });
        if (!fact.episode) return undefined;
        if (typeof decision.episodeId !== 'string') throw new Error(`decision of ${fact.marf}: no episodeId`);
        this.ids.set(fact.episode, decision.episodeId);
        const allocation = decision.allocation as { lapsesOn?: string } | undefined;
        return { allocationLapsesOn: allocation?.lapsesOn };
      }
      case 'stepDown': {
        // Social care closes its involvement with the child today and steps the family down.
        const involvement = await this.write(this.world.socialCareSystem, 'POST', '/social-care-involvements', {
          sourceSystem: 'access-model',
          sourceId: randomUUID(),
          personId: this.id(fact.child),
          kind: 'child_in_need',
          startedOn: '2024-06-03',
          endedOn: this.clock.today(),
          allocatedTeamName: 'Children in need team',
        });
        const transition = await this.write('mash', 'POST', '/transitions', {
          kind: 'step_down',
          transitionOn: this.clock.today(),
          familyId: this.id(fact.family),
          socialCareInvolvementId: involvement.id,
          leadOrganisationId: this.world.orgIds.get(fact.lead),
        });
        this.ids.set(fact.episode, transition.episodeId as string);
        return undefined;
      }
      case 'importFamily': {
        const nhsNumber = freshNhsNumber();
        this.nhs.set(fact.child, nhsNumber);
        await this.importFile(familyFile(this.world, fact, this.clock.today(), this.legacyPrefix, nhsNumber));
        for (const [kind, id] of [
          ['family', fact.family],
          ['person', fact.adult],
          ['person', fact.child],
          ['episode', fact.episode],
        ] as const) {
          this.ids.set(id, await this.recordOf(kind, id));
        }
        this.firstMember.set(fact.family, this.id(fact.adult));
        this.adultOf.set(fact.family, fact.adult);
        return undefined;
      }
      case 'importAttack':
        await this.importFile(
          attackFile(this.world, fact, this.clock.today(), this.legacyPrefix, this.adultOf.get(fact.family)!),
          // The import may refuse an assignment to an episode that has one: refused or applied, it grants nothing.
          true,
        );
        return undefined;
      case 'recordConsent': {
        const consent = await this.write(fact.by, 'POST', `/families/${this.id(fact.family)}/consents`, {
          givenByPersonId: this.firstMember.get(fact.family),
          givenOn: this.clock.today(),
          scopes: ['assessment', 'information_sharing'],
          organisationIds: fact.orgs.map((o) => this.world.orgIds.get(o)),
        });
        this.ids.set(fact.consent, consent.id as string);
        return undefined;
      }
      case 'changeConsent':
        await this.write('mash', 'PATCH', `/consents/${this.id(fact.consent)}`, {
          organisationIds: fact.orgs.map((o) => this.world.orgIds.get(o)),
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
          userId: this.world.users.get(fact.org)![0]!.id,
          reason: 'Closest relationship with the family',
        });
        return undefined;
      case 'addTafMember': {
        if (fact.newPlan) {
          const plan = await this.write('mash', 'POST', '/taf-plans', { episodeId: this.id(fact.episode) });
          this.ids.set(fact.plan, plan.id as string);
        }
        const member = await this.write('mash', 'POST', `/taf-plans/${this.id(fact.plan)}/members`, {
          organisationId: this.world.orgIds.get(fact.org),
        });
        this.tafMemberIds.set(`${fact.episode}/${fact.org}`, member.id as string);
        this.planOfEpisode.set(fact.episode, this.id(fact.plan));
        return undefined;
      }
      case 'endTafMember': {
        const planId = this.planOfEpisode.get(fact.episode)!;
        const memberId = this.tafMemberIds.get(`${fact.episode}/${fact.org}`)!;
        await this.write('mash', 'POST', `/taf-plans/${planId}/members/${memberId}/end`, {});
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

  /** `POST /imports` as the admin, waiting for the import to finish; every line must be applied. */
  private async importFile(lines: Record<string, unknown>[], refusalsAllowed = false): Promise<void> {
    const body = `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
    const accepted = await this.write(this.world.admin, 'POST', '/imports', body, {
      'Content-Type': 'application/x-ndjson',
    });
    // Waits on the imports table (a poll through the API would cost a request, and an audit row, each time).
    const deadline = Date.now() + 60_000;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const [row] = (
        await this.world.t.sql.query<{ status: string }>(`SELECT status FROM imports WHERE id = $1`, [accepted.id])
      ).rows;
      if (row?.status === 'completed' || row?.status === 'failed') {
        const errors = await this.world.call(this.world.admin, 'GET', `/imports/${String(accepted.id)}/errors`);
        const items = (errors.body.items as unknown[] | undefined) ?? [];
        if (row.status === 'failed' || (items.length > 0 && !refusalsAllowed))
          throw new Error(`import ${row.status}: ${JSON.stringify(items).slice(0, 600)}\n${body}`);
        return;
      }
      if (Date.now() > deadline) throw new Error(`import ${String(accepted.id)} did not finish: ${row?.status}`);
    }
  }

  private async recordOf(kind: string, modelId: string): Promise<string> {
    const result = await this.world.t.sql.query<{ record_id: string }>(
      `SELECT record_id FROM import_legacy_ids WHERE kind = $1 AND legacy_id = $2`,
      [kind, `${this.legacyPrefix}${modelId}`],
    );
    if (!result.rows[0]) throw new Error(`import made no ${kind} for ${modelId}`);
    return result.rows[0].record_id;
  }
}
