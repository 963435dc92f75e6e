import type { ProblemException } from '../platform/problem/problem';
import { fieldProblem } from '../platform/problem/problem-type';
import { PERSON_PROBLEMS } from './people.problems';
import type { Person } from './person.entity';
import { childAgeProblem } from './person-rules';

function invalidPerson(field: string, message: string): ProblemException {
  return fieldProblem(PERSON_PROBLEMS.invalidPerson, field, message);
}

/** The birth-date rules that hold between fields, checked on the merged record so updates obey them too. */
export function assertBirthDates(
  person: Pick<Person, 'personType' | 'dateOfBirth' | 'expectedDateOfBirth' | 'sendStatus'>,
  options: { checkAge: boolean; today: string },
): void {
  const today = options.today;
  if (person.dateOfBirth && person.expectedDateOfBirth) {
    throw invalidPerson('expectedDateOfBirth', 'give either dateOfBirth or expectedDateOfBirth, not both');
  }
  if (person.personType === 'child' && !person.dateOfBirth && !person.expectedDateOfBirth) {
    throw invalidPerson('dateOfBirth', 'a child needs a dateOfBirth, or an expectedDateOfBirth when unborn');
  }
  if (person.personType === 'adult' && person.expectedDateOfBirth) {
    throw invalidPerson('expectedDateOfBirth', 'only an unborn child has an expected date of birth');
  }
  if (person.dateOfBirth && person.dateOfBirth > today) {
    throw invalidPerson('dateOfBirth', 'dateOfBirth is in the future; record an unborn child by expectedDateOfBirth');
  }
  // Only when the age-defining fields are written: a child who has since turned 18 stays editable.
  if (person.personType === 'child' && options.checkAge) {
    const problem = childAgeProblem(person, today);
    if (problem) throw invalidPerson('personType', problem);
  }
}
