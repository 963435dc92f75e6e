import type { OrganisationType } from '../organisations/organisation-types';
import type { Role } from '../platform/auth/auth-user';

/** The demo partnership's named organisations and users: the seed writes them, the generator builds around them. */

/** Sandwell's six towns: the partnership's localities. */
export const SANDWELL_TOWNS = ['Oldbury', 'Rowley Regis', 'Smethwick', 'Tipton', 'Wednesbury', 'West Bromwich'];

export const DEMO_ORGANISATIONS: { name: string; type: OrganisationType; town?: string }[] = [
  { name: "Sandwell Children's Trust Strengthening Families", type: 'strengthening_families', town: 'West Bromwich' },
  { name: 'Sandwell MASH', type: 'mash', town: 'Oldbury' },
  { name: "Sandwell Children's Social Care", type: 'social_care', town: 'Oldbury' },
  { name: 'Sandwell Council Early Help Partnerships', type: 'local_authority', town: 'Oldbury' },
  { name: 'Tipton Family Hub', type: 'family_hub', town: 'Tipton' },
  { name: "Wednesbury Children's Centre", type: 'childrens_centre', town: 'Wednesbury' },
  { name: 'Smethwick Primary School', type: 'school', town: 'Smethwick' },
  { name: 'Rowley Regis Academy', type: 'school', town: 'Rowley Regis' },
  { name: 'Sandwell Health Visiting Service', type: 'health', town: 'West Bromwich' },
  { name: 'West Midlands Police Sandwell', type: 'police', town: 'West Bromwich' },
  { name: 'Krunch Youth Charity', type: 'voluntary', town: 'West Bromwich' },
];

export const DEMO_USERS: { email: string; name: string; organisation: string; roles: Role[] }[] = [
  {
    email: 'admin@demo.early-help.test',
    name: 'Demo Admin',
    organisation: 'Sandwell Council Early Help Partnerships',
    roles: ['admin'],
  },
  {
    email: 'auditor@demo.early-help.test',
    name: 'Demo Auditor',
    organisation: 'Sandwell Council Early Help Partnerships',
    roles: ['auditor'],
  },
  {
    email: 'analyst@demo.early-help.test',
    name: 'Demo Analyst',
    organisation: 'Sandwell Council Early Help Partnerships',
    roles: ['analyst'],
  },
  { email: 'mash@demo.early-help.test', name: 'Demo MASH Worker', organisation: 'Sandwell MASH', roles: ['mash'] },
  {
    email: 'social-care-feed@demo.early-help.test',
    name: 'Social Care System',
    organisation: "Sandwell Children's Social Care",
    roles: ['social_care_system'],
  },
  {
    email: 'sf.worker@demo.early-help.test',
    name: 'Demo Family Support Worker',
    organisation: "Sandwell Children's Trust Strengthening Families",
    roles: ['practitioner'],
  },
  {
    email: 'sf.manager@demo.early-help.test',
    name: 'Demo Team Manager',
    organisation: "Sandwell Children's Trust Strengthening Families",
    roles: ['practitioner', 'manager'],
  },
  {
    email: 'school.dsl@demo.early-help.test',
    name: 'Demo Designated Safeguarding Lead',
    organisation: 'Smethwick Primary School',
    roles: ['practitioner'],
  },
  {
    email: 'hub.worker@demo.early-help.test',
    name: 'Demo Family Hub Practitioner',
    organisation: 'Tipton Family Hub',
    roles: ['practitioner'],
  },
];
