import { containsTerm, plainLanguage } from './plain-language';

const glossary = [
  { term: 'TAF', plain: "your family's support meeting" },
  { term: 'Team Around the Family', plain: "your family's support meeting" },
  { term: 'Lead Professional', plain: 'your main worker' },
  { term: 'SEND', plain: 'special educational needs and disabilities' },
  { term: 'section 47', plain: 'an enquiry to make sure a child is safe' },
];

describe('plainLanguage', () => {
  it('replaces whole terms, longest first, case-insensitively except acronyms', () => {
    expect(plainLanguage('Next TAF with the lead professional; Team Around the Family review', glossary)).toBe(
      "Next your family's support meeting with the your main worker; your family's support meeting review",
    );
    expect(plainLanguage('We will send a letter about SEND support', glossary)).toBe(
      'We will send a letter about special educational needs and disabilities support',
    );
    expect(plainLanguage('TAFFY and section 470 stay', glossary)).toBe('TAFFY and section 470 stay');
    expect(plainLanguage('After the Section 47 enquiry', glossary)).toBe(
      'After the an enquiry to make sure a child is safe enquiry',
    );
  });

  it('containsTerm finds what plainLanguage would replace', () => {
    expect(containsTerm('the taf meeting', 'TAF')).toBe(false);
    expect(containsTerm('the TAF meeting', 'TAF')).toBe(true);
    expect(containsTerm('our lead professional', 'Lead Professional')).toBe(true);
  });
});
