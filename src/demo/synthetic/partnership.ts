import type { OrganisationType } from '../../organisations/organisation-types';
import type { Role } from '../../platform/auth/auth-user';
import { DEMO_ORGANISATIONS, DEMO_USERS } from '../demo-partnership';
import { AREAS, TOWNS } from './places';
import { Random } from './random';
import { staffName } from './names';
import type { Scale } from './scales';

export interface SyntheticOrganisation {
  legacyId: string;
  name: string;
  type: OrganisationType;
  town: string;
  /** Practitioner legacy ids; a demo login appears more than once so it gets a fair share of cases. */
  practitioners: string[];
}

/** The partnership's organisations and staff: small enough to keep whole while families stream. */
export interface Partnership {
  lines: string[];
  byType: Map<OrganisationType, SyntheticOrganisation[]>;
  mash: string[];
  strengtheningFamilies: SyntheticOrganisation;
  socialCare: SyntheticOrganisation;
  mashOrganisation: SyntheticOrganisation;
}

interface TypePlan {
  /** Sandwell-sized count; scaled by the scale's organisation factor. */
  count: number;
  min: number;
  /** One partnership-wide service whatever the scale (its staff grow instead). */
  single?: boolean;
  /** Practitioners per organisation (Sandwell-sized for the partnership-wide services). */
  staff: number;
  scaleStaff?: boolean;
  managers?: number;
  name(index: number): string;
  /** The town of the organisation named by the index (default: its neighbourhood's). */
  town?(index: number): string;
}

const area = (index: number) => AREAS[index % AREAS.length]!;
const numbered = (index: number, base: string) =>
  index < AREAS.length ? base : `${base} ${Math.floor(index / AREAS.length) + 1}`;
const byArea = (suffixes: readonly string[]) => (index: number) => {
  const [name] = area(index);
  const suffix = suffixes[Math.floor(index / AREAS.length) % suffixes.length]!;
  const round = Math.floor(index / (AREAS.length * suffixes.length));
  return `${name} ${suffix}${round > 0 ? ` ${round + 1}` : ''}`;
};

const PLANS: Record<OrganisationType, TypePlan> = {
  school: {
    count: 118,
    min: 8,
    staff: 2,
    name: byArea(['Primary School', 'Academy', 'Junior School', 'Infant School', 'High School', 'Primary Academy']),
  },
  early_years: { count: 60, min: 4, staff: 1, name: byArea(['Day Nursery', 'Pre-School', 'Nursery School']) },
  childrens_centre: { count: 12, min: 2, staff: 3, managers: 1, name: byArea(["Children's Centre"]) },
  family_hub: {
    count: 6,
    min: 6,
    staff: 6,
    managers: 1,
    name: (index) => (index < TOWNS.length ? `${TOWNS[index]} Family Hub` : `${area(index)[0]} Family Hub`),
    town: (index) => (index < TOWNS.length ? TOWNS[index]! : area(index)[1]),
  },
  gp: { count: 45, min: 4, staff: 1, name: byArea(['Medical Practice', 'Surgery', 'Health Centre']) },
  health: {
    count: 6,
    min: 3,
    staff: 8,
    managers: 1,
    name: (index) =>
      [
        'Sandwell School Nursing Service',
        'Sandwell CAMHS',
        'Sandwell Community Midwifery',
        'Sandwell Hospital Emergency Department',
        'Black Country Adult Mental Health Service',
      ][index] ?? `${area(index)[0]} Community Health Team`,
    town: (index) => (index < 5 ? 'West Bromwich' : area(index)[1]),
  },
  police: {
    count: 3,
    min: 1,
    staff: 5,
    scaleStaff: true,
    name: (index) =>
      ['West Midlands Police Public Protection Unit', 'West Midlands Police Sandwell Neighbourhood Team'][index] ??
      `West Midlands Police ${area(index)[0]} Team`,
  },
  voluntary: {
    count: 25,
    min: 3,
    staff: 2,
    name: byArea(['Community Trust', 'Youth Project', 'Family Support Network', 'Foodbank', 'Parents Forum']),
  },
  housing: {
    count: 4,
    min: 1,
    staff: 2,
    name: (index) => `${index < TOWNS.length ? TOWNS[index] : area(index)[0]} Housing Office`,
    town: (index) => (index < TOWNS.length ? TOWNS[index]! : area(index)[1]),
  },
  local_authority: {
    count: 2,
    min: 1,
    staff: 2,
    name: (index) => ['Sandwell Council Attendance Service'][index] ?? `Sandwell Council Service ${index}`,
  },
  strengthening_families: { count: 1, min: 1, single: true, staff: 60, scaleStaff: true, managers: 6, name: () => '' },
  mash: { count: 1, min: 1, single: true, staff: 18, scaleStaff: true, managers: 2, name: () => '' },
  social_care: { count: 1, min: 1, single: true, staff: 0, name: () => '' },
  youth_justice: { count: 1, min: 1, staff: 3, name: (index) => numbered(index, 'Sandwell Youth Justice Service') },
  other: {
    count: 2,
    min: 1,
    staff: 1,
    name: (index) => ['Sandwell Adult Learning', 'Sandwell Jobcentre Plus'][index] ?? `Sandwell Partner ${index}`,
  },
};

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const line = (record: Record<string, unknown>) => `${JSON.stringify(record)}\n`;

/**
 * Organisations by type at realistic counts for the scale, each in one of the six towns, with their
 * staff. The demo partnership's organisations and logins (DemoSeedService) come first, under the
 * same names and emails, so the import adopts them. Legacy ids depend only on type and index, so
 * every scale names the same organisation the same way.
 */
export function buildPartnership(scale: Scale): Partnership {
  const lines: string[] = [];
  const byType = new Map<OrganisationType, SyntheticOrganisation[]>();
  const demoUsersByOrganisation = new Map<string, typeof DEMO_USERS>();
  for (const user of DEMO_USERS) {
    demoUsersByOrganisation.set(user.organisation, [...(demoUsersByOrganisation.get(user.organisation) ?? []), user]);
  }
  const mash: string[] = [];
  for (const [type, plan] of Object.entries(PLANS) as [OrganisationType, TypePlan][]) {
    const named = DEMO_ORGANISATIONS.filter((organisation) => organisation.type === type);
    const count = plan.single ? 1 : Math.max(plan.min, named.length, Math.round(plan.count * scale.organisationFactor));
    const organisations: SyntheticOrganisation[] = [];
    const used = new Set(named.map((organisation) => organisation.name.toLowerCase()));
    let next = 0;
    for (let index = 0; index < count; index++) {
      const demo = named[index];
      let name = demo?.name;
      let town = demo?.town;
      while (!name || !town) {
        // Generated names skip the demo organisations' (a Family Hub per town, Tipton's being the demo's).
        const candidate = next++;
        if (used.has(plan.name(candidate).toLowerCase())) continue;
        name = plan.name(candidate);
        town =
          plan.town?.(candidate) ?? (candidate < AREAS.length ? area(candidate)[1] : TOWNS[candidate % TOWNS.length]!);
      }
      used.add(name.toLowerCase());
      const legacyId = `DEMO-ORG-${type}-${index}`;
      lines.push(line({ kind: 'organisation', legacyId, name, type, locality: town }));
      const organisation: SyntheticOrganisation = { legacyId, name, type, town, practitioners: [] };
      const rng = new Random('staff', legacyId);
      const domain = `${slug(name)}.example.org`;
      const staff = plan.scaleStaff ? Math.max(2, Math.round(plan.staff * scale.organisationFactor)) : plan.staff;
      const managers = plan.managers
        ? Math.max(1, Math.round(plan.managers * (plan.scaleStaff ? scale.organisationFactor : 1)))
        : 0;
      for (let n = 0; n < staff + managers; n++) {
        const userId = `${legacyId}-U${n}`;
        const manager = n >= staff;
        const roles: Role[] =
          type === 'mash'
            ? manager
              ? ['mash', 'manager']
              : ['mash']
            : manager
              ? ['practitioner', 'manager']
              : ['practitioner'];
        const fullName = staffName(rng);
        const email = `${slug(fullName).replace('-', '.')}.${n}@${domain}`;
        lines.push(line({ kind: 'user', legacyId: userId, email, name: fullName, organisation: legacyId, roles }));
        if (type === 'mash') mash.push(userId);
        else if (!manager) organisation.practitioners.push(userId);
      }
      for (const [n, user] of (demoUsersByOrganisation.get(name) ?? []).entries()) {
        const userId = `${legacyId}-DEMO${n}`;
        lines.push(
          line({
            kind: 'user',
            legacyId: userId,
            email: user.email,
            name: user.name,
            organisation: legacyId,
            roles: user.roles,
          }),
        );
        const share = Math.max(1, Math.round(organisation.practitioners.length / 6));
        if (user.roles.includes('practitioner')) {
          for (let k = 0; k < share; k++) organisation.practitioners.push(userId);
        }
        if (user.roles.includes('mash'))
          for (let k = 0; k < Math.max(1, Math.round(mash.length / 6)); k++) mash.push(userId);
      }
      organisations.push(organisation);
    }
    byType.set(type, organisations);
  }
  return {
    lines,
    byType,
    mash,
    strengtheningFamilies: byType.get('strengthening_families')![0]!,
    socialCare: byType.get('social_care')![0]!,
    mashOrganisation: byType.get('mash')![0]!,
  };
}

/** An organisation of the type; the demo logins' organisations are three times as likely. */
export function pickOrganisation(rng: Random, partnership: Partnership, type: OrganisationType): SyntheticOrganisation {
  const organisations = partnership.byType.get(type)!;
  const demo = DEMO_ORGANISATIONS.filter((organisation) => organisation.type === type).length;
  const roll = rng.int(0, organisations.length - 1 + demo * 2);
  return roll < organisations.length ? organisations[roll]! : organisations[(roll - organisations.length) % demo]!;
}

/** A practitioner of the organisation (or, for a type without practitioners, undefined). */
export function pickPractitioner(rng: Random, organisation: SyntheticOrganisation): string | undefined {
  return organisation.practitioners.length ? rng.pick(organisation.practitioners) : undefined;
}
