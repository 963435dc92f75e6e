import type { Ethnicity } from '../../people/person-rules';
import type { Random } from './random';

/**
 * Sandwell's children are very diverse: 57.1% of school children are from minority ethnic groups,
 * the largest Indian and Pakistani (Early Help Strategy 2022-24). Weights per 1,000 children.
 */
export const CHILD_ETHNICITY: Record<Ethnicity, number> = {
  white_british: 440,
  white_irish: 3,
  white_gypsy_or_irish_traveller: 3,
  white_roma: 6,
  white_other: 45,
  mixed_white_black_caribbean: 38,
  mixed_white_black_african: 10,
  mixed_white_asian: 14,
  mixed_other: 18,
  asian_indian: 105,
  asian_pakistani: 80,
  asian_bangladeshi: 25,
  asian_chinese: 4,
  asian_other: 22,
  black_african: 70,
  black_caribbean: 28,
  black_other: 14,
  other_arab: 12,
  other_any: 24,
  not_stated: 15,
};

type NameSet = { surnames: readonly string[]; female: readonly string[]; male: readonly string[]; language: string };

const ENGLISH: NameSet = {
  surnames: [
    'Smith',
    'Jones',
    'Walsh',
    'Taylor',
    'Brown',
    'Davies',
    'Evans',
    'Wilson',
    'Thomas',
    'Roberts',
    'Hughes',
    'Lewis',
    'Wood',
    'Green',
    'Hall',
    'Baker',
    'Price',
    'Turner',
    'Hill',
    'Cooper',
    'Parker',
    'Morris',
    'Bennett',
  ],
  female: [
    'Mia',
    'Olivia',
    'Amelia',
    'Isla',
    'Ava',
    'Lily',
    'Grace',
    'Freya',
    'Poppy',
    'Ella',
    'Ruby',
    'Kerry',
    'Gemma',
    'Stacey',
    'Leanne',
    'Sophie',
    'Chloe',
    'Jade',
    'Emma',
    'Lauren',
  ],
  male: [
    'Oliver',
    'Harry',
    'Jack',
    'George',
    'Noah',
    'Leo',
    'Charlie',
    'Freddie',
    'Alfie',
    'Jacob',
    'Thomas',
    'Dean',
    'Lee',
    'Craig',
    'Wayne',
    'Ryan',
    'Jamie',
    'Liam',
    'Kyle',
    'Daniel',
  ],
  language: 'English',
};
const PUNJABI: NameSet = {
  surnames: ['Singh', 'Kaur', 'Sandhu', 'Gill', 'Dhillon', 'Sidhu', 'Bains', 'Johal', 'Sahota', 'Patel', 'Sharma'],
  female: ['Simran', 'Harleen', 'Jasleen', 'Navneet', 'Priya', 'Anaya', 'Manpreet', 'Gurleen', 'Amrit', 'Kiran'],
  male: ['Arjun', 'Harjit', 'Gurpreet', 'Jaspal', 'Ravi', 'Amar', 'Sukhdev', 'Karan', 'Jasvir', 'Rohan'],
  language: 'Punjabi',
};
const URDU: NameSet = {
  surnames: ['Khan', 'Hussain', 'Ahmed', 'Ali', 'Iqbal', 'Akhtar', 'Mahmood', 'Rashid', 'Butt', 'Shah', 'Mirza'],
  female: ['Aisha', 'Maryam', 'Zara', 'Fatima', 'Hafsa', 'Amina', 'Sana', 'Noor', 'Rukhsana', 'Samina'],
  male: ['Muhammad', 'Ibrahim', 'Yusuf', 'Adam', 'Zayn', 'Hamza', 'Imran', 'Tariq', 'Asif', 'Bilal'],
  language: 'Urdu',
};
const BENGALI: NameSet = {
  surnames: ['Miah', 'Begum', 'Rahman', 'Uddin', 'Islam', 'Chowdhury', 'Hoque'],
  female: ['Nusrat', 'Tahmina', 'Shirin', 'Ruma', 'Afia', 'Mim'],
  male: ['Abdul', 'Rahim', 'Sayed', 'Jamal', 'Rafiq', 'Shahid'],
  language: 'Bengali',
};
const AFRICAN: NameSet = {
  surnames: ['Okafor', 'Mensah', 'Adeyemi', 'Osei', 'Mwangi', 'Abdi', 'Nkemelu', 'Boateng', 'Eze', 'Danso'],
  female: ['Chloe', 'Blessing', 'Grace', 'Amara', 'Zainab', 'Esther', 'Adaeze', 'Precious', 'Favour', 'Abena'],
  male: ['David', 'Samuel', 'Emmanuel', 'Kwame', 'Tobi', 'Daniel', 'Joshua', 'Chidi', 'Kofi', 'Yaw'],
  language: 'English',
};
const CARIBBEAN: NameSet = {
  surnames: ['Campbell', 'Williams', 'Francis', 'Brown', 'Clarke', 'Reid', 'Graham', 'Thompson'],
  female: ['Shanice', 'Tanisha', 'Jada', 'Keisha', 'Amani', 'Nia'],
  male: ['Tyrone', 'Marcus', 'Jermaine', 'Reuben', 'Kai', 'Andre'],
  language: 'English',
};
const EUROPEAN: NameSet = {
  surnames: ['Kowalski', 'Nowak', 'Popescu', 'Ionescu', 'Kazlauskas', 'Horvath', 'Wisniewski', 'Dumitru'],
  female: ['Zuzanna', 'Natalia', 'Ioana', 'Maria', 'Julia', 'Andreea', 'Oliwia'],
  male: ['Jakub', 'Andrei', 'Filip', 'Mateusz', 'Stefan', 'Lukas', 'Bogdan'],
  language: 'Polish',
};
const ARABIC: NameSet = {
  surnames: ['Haddad', 'Mansour', 'Saleh', 'Hassan', 'Karim', 'Nasser'],
  female: ['Layla', 'Huda', 'Rania', 'Yasmin', 'Salma'],
  male: ['Omar', 'Khalid', 'Ahmad', 'Hadi', 'Sami'],
  language: 'Arabic',
};
const CHINESE: NameSet = {
  surnames: ['Wong', 'Chen', 'Li', 'Zhang', 'Lam'],
  female: ['Mei', 'Ling', 'Xin', 'Yan'],
  male: ['Wei', 'Jun', 'Hao', 'Ming'],
  language: 'Cantonese',
};

function nameSet(ethnicity: Ethnicity): NameSet {
  switch (ethnicity) {
    case 'asian_indian':
      return PUNJABI;
    case 'asian_pakistani':
    case 'asian_other':
      return URDU;
    case 'asian_bangladeshi':
      return BENGALI;
    case 'asian_chinese':
      return CHINESE;
    case 'black_african':
    case 'mixed_white_black_african':
      return AFRICAN;
    case 'black_caribbean':
    case 'black_other':
    case 'mixed_white_black_caribbean':
      return CARIBBEAN;
    case 'white_other':
    case 'white_roma':
      return EUROPEAN;
    case 'other_arab':
      return ARABIC;
    default:
      return ENGLISH;
  }
}

export function surnameFor(rng: Random, ethnicity: Ethnicity): string {
  return rng.pick(nameSet(ethnicity).surnames);
}

export function firstNameFor(rng: Random, ethnicity: Ethnicity, sex: string): string {
  const set = nameSet(ethnicity);
  return rng.pick(sex === 'female' ? set.female : sex === 'male' ? set.male : [...set.female, ...set.male]);
}

/** English for most; the family's community language for about a third of minority ethnic families. */
export function firstLanguageFor(rng: Random, ethnicity: Ethnicity): string {
  const language = nameSet(ethnicity).language;
  if (language === 'English') return 'English';
  if (ethnicity === 'white_roma') return rng.chance(0.7) ? 'Romanian' : 'Romani';
  if (ethnicity === 'white_other') return rng.pick(['Polish', 'Romanian', 'Lithuanian', 'English']);
  return rng.chance(0.35) ? language : 'English';
}

export function staffName(rng: Random): string {
  const set = rng.pick([ENGLISH, ENGLISH, ENGLISH, PUNJABI, URDU, AFRICAN, CARIBBEAN, EUROPEAN]);
  return `${rng.pick([...set.female, ...set.male])} ${rng.pick(set.surnames)}`;
}
