/** A support level as the rules need it. */
export interface LevelRow {
  code: string;
  vocabulary: 'continuum' | 'family_help' | 'both';
  measureGroup: string;
}

export type LevelChoice = { code: string } | { refused: string };

/** The vocabulary the partnership uses on `on`: Family Help from `familyHelpFrom`, null when it has not set the date. */
export function vocabularyOn(familyHelpFrom: string | null, on: string): 'continuum' | 'family_help' | null {
  if (!familyHelpFrom) return null;
  return on >= familyHelpFrom ? 'family_help' : 'continuum';
}

/**
 * The level an episode opened on `on` records for the level asked: the level itself when it is in
 * the vocabulary in use then (or in both, or no date is set); otherwise the one level of the same
 * measure group in that vocabulary (`multi_agency_early_help` ↔ `targeted_family_help`), or a
 * refusal when there is none (`specialist_family_help` before the switch).
 */
export function levelInUse(asked: LevelRow, levels: readonly LevelRow[], familyHelpFrom: string | null, on: string): LevelChoice {
  const vocabulary = vocabularyOn(familyHelpFrom, on);
  if (!vocabulary || asked.vocabulary === 'both' || asked.vocabulary === vocabulary) return { code: asked.code };
  const counterparts = levels.filter((level) => level.measureGroup === asked.measureGroup && level.vocabulary === vocabulary);
  if (counterparts.length === 1) return { code: counterparts[0]!.code };
  return {
    refused:
      `${asked.code} is a ${asked.vocabulary === 'family_help' ? 'Family Help' : 'continuum'} level; ` +
      `the partnership uses the ${vocabulary === 'family_help' ? 'Family Help' : 'continuum'} levels on ${on} ` +
      `(Family Help from ${familyHelpFrom})`,
  };
}
