import { sameWords } from '../assessments/need-codes';

export interface EntryWords {
  text: string;
  childWords?: string | null;
}

/**
 * Which field of a child's entry repeats a sibling's entry at the same moment: nothing is copied
 * between siblings, so the live API and the import both refuse it, naming the field.
 */
export function copiedFromSibling(sibling: EntryWords, entry: EntryWords): 'text' | 'childWords' | undefined {
  if (sameWords(sibling.text, entry.text)) return 'text';
  if (entry.childWords && sibling.childWords && sameWords(sibling.childWords, entry.childWords)) return 'childWords';
  return undefined;
}
