export interface GlossaryTerm {
  term: string;
  plain: string;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An all-capitals acronym (TAF, SEND) matches only in capitals, so "send a letter" is left alone. */
export function isAcronym(term: string): boolean {
  return term === term.toUpperCase() && /\p{Lu}/u.test(term);
}

/** Whether `text` contains `term` as whole words, by the rules `plainLanguage` replaces with. */
export function containsTerm(text: string, term: string): boolean {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escape(term)}(?![\\p{L}\\p{N}])`, isAcronym(term) ? 'u' : 'iu');
  return pattern.test(text);
}

/**
 * Replaces each glossary term in `text` with its plain words, in one pass (longest terms first,
 * so "Team Around the Family" wins over "Team"), whole words only; replacements are not re-read.
 */
export function plainLanguage(text: string, glossary: readonly GlossaryTerm[]): string {
  if (glossary.length === 0) return text;
  const terms = [...glossary].sort((a, b) => b.term.length - a.term.length);
  const byKey = new Map(terms.map((entry) => [entry.term.toLowerCase(), entry]));
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${terms.map((entry) => escape(entry.term)).join('|')})(?![\\p{L}\\p{N}])`,
    'giu',
  );
  return text.replace(pattern, (match) => {
    const entry = byKey.get(match.toLowerCase());
    if (!entry) return match;
    if (isAcronym(entry.term) && match !== entry.term) return match;
    return entry.plain;
  });
}
