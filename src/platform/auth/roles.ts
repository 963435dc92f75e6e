/** The roles that do casework on families (episodes, EHAs, TAF plans, Lead Professionals, notes). */
export const CASEWORK_ROLES = ['practitioner', 'manager', 'mash'] as const;

/** Who works the duplicate-people worklist and merges records: the MASH and data-quality officers. */
export const DUPLICATE_ROLES = ['mash', 'data_quality'] as const;

/** The roles that answer data protection requests (subject access exports): admin and the data protection officer. */
export const DATA_PROTECTION_ROLES = ['admin', 'data_protection'] as const;
