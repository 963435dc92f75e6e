import { RegistryKey } from '../platform/registrations/registrations';

/**
 * One kind of dated event on a family, contributed by the feature that owns it. `sql` selects,
 * for the family in `$1`, `entity_type`, `entity_id` (text) and `details` (jsonb: ids and codes
 * only, never free text), and when it happened:
 * - an event with a time (a MARF received at 09:12) selects `occurred_at` (timestamptz);
 * - a `dateOnly` event (an episode opened on a date) selects `occurred_on` (date) and
 *   `recorded_at` (timestamptz: when the row was written, or NULL when the table does not say).
 */
export interface ChronologyProvider {
  kind: string;
  sql: string;
  dateOnly?: boolean;
}

/** Features list their chronology sources under this key in their `<feature>.registrations.ts`. */
export const CHRONOLOGY_SOURCES = new RegistryKey<ChronologyProvider>('chronology');
