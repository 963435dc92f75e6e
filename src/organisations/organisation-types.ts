export const ORGANISATION_TYPES = [
  'school',
  'early_years',
  'childrens_centre',
  'family_hub',
  'health',
  'gp',
  'police',
  'voluntary',
  'housing',
  'local_authority',
  'strengthening_families',
  'mash',
  'social_care',
  'youth_justice',
  'other',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];
