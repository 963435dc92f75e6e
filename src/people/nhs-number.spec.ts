import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number';

describe('NHS number modulus 11 check', () => {
  it.each(['9434765919', '4010232137'])('accepts the valid number %s', (value) => {
    expect(isValidNhsNumber(value)).toBe(true);
  });

  it('maps a check value of 11 to a check digit of 0', () => {
    // 1*10 + 6*2 = 22, 22 mod 11 = 0, 11 - 0 = 11 -> 0
    expect(isValidNhsNumber('1000000060')).toBe(true);
    expect(isValidNhsNumber('1000000061')).toBe(false);
  });

  it('rejects every number whose check value is 10, whatever its last digit', () => {
    // 1*10 + 1*2 = 12, 12 mod 11 = 1, 11 - 1 = 10: no valid check digit exists
    for (let digit = 0; digit <= 9; digit++) expect(isValidNhsNumber(`100000001${digit}`)).toBe(false);
  });

  it('rejects a wrong check digit, transposed digits, wrong lengths and non-digits', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('9434765991')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
    expect(isValidNhsNumber('94347659l9')).toBe(false);
    expect(isValidNhsNumber('')).toBe(false);
  });

  it('normalises the spaced form people write', () => {
    expect(normaliseNhsNumber('943 476 5919')).toBe('9434765919');
    expect(isValidNhsNumber(normaliseNhsNumber('401-023-2137'))).toBe(true);
  });
});
