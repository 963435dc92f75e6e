/**
 * The legacy EHM files the access model imports (docs/import-format.md): a family with its
 * members, an episode, a consent and a Lead Professional assignment (each maybe ended), and the
 * attack: a later file attaching a consent and an assignment to that family by its legacy id.
 * Organisations and users are named as the live ones are, so the import adopts them.
 */
import { randomUUID } from 'node:crypto';
import { addDays } from './calendar';
import type { Fact, ImportedFamily, Org } from './facts';
import type { ReplayWorld } from './world';

const at = (date: string) => `${date}T12:00:00Z`;

/** Organisation and user lines that adopt the live organisations (by name) and practitioners (by email). */
function adopted(world: ReplayWorld, prefix: string, orgs: Org[]): Record<string, unknown>[] {
  return [...new Set(orgs)].flatMap((org) => {
    const user = world.users.get(org)![0]!;
    return [
      { kind: 'organisation', legacyId: `${prefix}ORG-${org}`, name: world.orgNames.get(org), type: orgType(org) },
      {
        kind: 'user',
        legacyId: `${prefix}U-${org}`,
        email: world.emails.get(user.id),
        name: `Practitioner of ${org}`,
        organisation: `${prefix}ORG-${org}`,
        roles: user.roles,
      },
    ];
  });
}

function orgType(org: Org): string {
  return { sf: 'strengthening_families', hub: 'family_hub' }[org as string] ?? org;
}

/** The lines of an `importFamily` fact; `prefix` makes the legacy ids the history's own. */
export function familyFile(
  world: ReplayWorld,
  fact: ImportedFamily,
  today: string,
  prefix: string,
  nhsNumber: string,
): Record<string, unknown>[] {
  const on = (daysAgo: number) => addDays(today, -daysAgo);
  const org = (o: Org) => `${prefix}ORG-${o}`;
  const orgs: Org[] = [fact.recorder, ...(fact.consent?.orgs ?? []), ...(fact.lead ? [fact.lead.org] : [])];
  const opened = on(fact.openedDaysAgo);
  const lines: Record<string, unknown>[] = [
    ...adopted(world, prefix, orgs),
    ...[fact.adult, fact.child].map((person, i) => ({
      kind: 'person',
      legacyId: `${prefix}${person}`,
      personType: i === 0 ? 'adult' : 'child',
      firstName: i === 0 ? 'Legacy' : `Child${person}`,
      lastName: `Imported${prefix.slice(0, 4)}`,
      dateOfBirth: i === 0 ? '1988-04-02' : '2015-09-10',
      sex: 'female',
      ...(i === 1 ? { nhsNumber } : {}),
      createdByOrganisation: org(fact.recorder),
      recordedAt: at(opened),
    })),
    {
      kind: 'family',
      legacyId: `${prefix}${fact.family}`,
      name: `Family ${fact.family}`,
      createdByOrganisation: org(fact.recorder),
      recordedAt: at(opened),
      members: [
        { person: `${prefix}${fact.adult}`, relationship: 'mother', livesInHousehold: true },
        { person: `${prefix}${fact.child}`, relationship: 'child', livesInHousehold: true },
      ],
    },
    {
      kind: 'episode',
      legacyId: `${prefix}${fact.episode}`,
      family: `${prefix}${fact.family}`,
      openedOn: opened,
      route: 'partner_request',
      level: 'multi_agency_early_help',
      ...(fact.closedDaysAgo === null ? {} : { closedOn: on(fact.closedDaysAgo), closureReason: 'outcomes_met' }),
    },
  ];
  if (fact.consent) {
    const c = fact.consent;
    lines.push({
      kind: 'consent',
      legacyId: `${prefix}${c.consent}`,
      family: `${prefix}${fact.family}`,
      givenBy: `${prefix}${fact.adult}`,
      givenOn: on(c.givenDaysAgo),
      scopes: ['assessment', 'information_sharing'],
      organisations: c.orgs.map(org),
      recordedByOrganisation: org(fact.recorder),
      ...(c.withdrawnDaysAgo === null ? {} : { withdrawnAt: at(on(c.withdrawnDaysAgo)), withdrawalReason: 'Withdrew' }),
    });
  }
  if (fact.lead) {
    const l = fact.lead;
    lines.push({
      kind: 'lead_professional_assignment',
      legacyId: `${prefix}LP-${fact.episode}`,
      episode: `${prefix}${fact.episode}`,
      user: `${prefix}U-${l.org}`,
      organisation: org(l.org),
      reason: 'Closest relationship',
      startedAt: at(on(l.startedDaysAgo)),
      ...(l.endedDaysAgo === null ? {} : { endedAt: at(on(l.endedDaysAgo)), endReason: 'Moved on' }),
    });
  }
  return lines;
}

/** The attack's lines: a consent and an open assignment on the earlier import's family and episode, by legacy id. */
export function attackFile(
  world: ReplayWorld,
  fact: Extract<Fact, { kind: 'importAttack' }>,
  today: string,
  prefix: string,
  adult: string,
): Record<string, unknown>[] {
  const own = `${prefix}X${randomUUID().slice(0, 8)}-`;
  return [
    ...adopted(world, own, [...fact.orgs, fact.lead]),
    {
      kind: 'consent',
      legacyId: `${own}CONSENT`,
      family: `${prefix}${fact.family}`,
      givenBy: `${prefix}${adult}`,
      givenOn: addDays(today, -1),
      scopes: ['assessment', 'information_sharing'],
      organisations: fact.orgs.map((o) => `${own}ORG-${o}`),
      recordedByOrganisation: `${own}ORG-${fact.orgs[0]}`,
    },
    {
      kind: 'lead_professional_assignment',
      legacyId: `${own}LP`,
      episode: `${prefix}${fact.episode}`,
      user: `${own}U-${fact.lead}`,
      organisation: `${own}ORG-${fact.lead}`,
      reason: 'Attached by legacy id',
      startedAt: at(addDays(today, -1)),
    },
  ];
}
