import { canMove, sameWords, withChildNeeds } from './need-codes';

describe('EHA status transitions', () => {
  it('moves draft → submitted → completed and withdraws from draft or submitted only', () => {
    expect(canMove('draft', 'submitted')).toBe(true);
    expect(canMove('submitted', 'completed')).toBe(true);
    expect(canMove('draft', 'completed')).toBe(false);
    expect(canMove('draft', 'withdrawn')).toBe(true);
    expect(canMove('submitted', 'withdrawn')).toBe(true);
    expect(canMove('completed', 'withdrawn')).toBe(false);
    expect(canMove('withdrawn', 'draft')).toBe(false);
  });
});

describe('sameWords', () => {
  it('treats words differing only in case, spacing and punctuation as copied', () => {
    expect(sameWords('I like school.', 'i like  school')).toBe(true);
    expect(sameWords('I like school', 'I like football')).toBe(false);
    expect(sameWords('...', '!!!')).toBe(false);
  });
});

describe('withChildNeeds', () => {
  it("keeps the family's needs in order and adds each child's once, after them", () => {
    expect(
      withChildNeeds(
        ['secure_housing', 'neglect'],
        [{ needs: ['send', 'neglect'] }, { needs: ['young_carer', 'send'] }],
      ),
    ).toEqual(['secure_housing', 'neglect', 'send', 'young_carer']);
    expect(withChildNeeds([], [])).toEqual([]);
  });
});
