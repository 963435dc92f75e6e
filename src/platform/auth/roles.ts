/** The roles that do casework on families (episodes, EHAs, TAF plans, Lead Professionals, notes). */
export const CASEWORK_ROLES = ['practitioner', 'manager', 'mash'] as const;
