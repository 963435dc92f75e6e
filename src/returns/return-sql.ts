/** The period, set on the connection before the COPY (COPY takes no parameters). */
export const FROM = `current_setting('eh.return_from')::date`;
export const TO = `current_setting('eh.return_to')::date`;

/** Text a spreadsheet would read as a formula gets a leading apostrophe (OWASP CSV injection). */
export const SAFE = (column: string) =>
  `CASE WHEN left(${column}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || ${column} ELSE ${column} END`;
