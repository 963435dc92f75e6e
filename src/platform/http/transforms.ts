/** class-transformer helpers for DTOs: surrounding whitespace is never part of a value. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const trimEach = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((item: unknown) => (typeof item === 'string' ? item.trim() : item)) : value;
