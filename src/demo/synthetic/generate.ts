import { londonToday } from '../../calendar/working-days';
import { type FamilyEvent, playHistory } from './history';
import { pickReferrer } from './marfs';
import { buildPartnership } from './partnership';
import { generateFamily } from './people';
import { TOWN_WEIGHTS } from './places';
import { addDays, Random } from './random';
import { familyCount, type Scale } from './scales';

export interface GenerateOptions {
  /** The London date the history ends on (default: today). */
  today?: string;
}

/**
 * A whole synthetic partnership as import lines (`{"kind": ..., "legacyId": ...}\n`): the
 * organisations and staff first, then family by family their people and case history. Streams:
 * only the partnership's organisations and staff are held, whatever the scale. The same scale and
 * day give the same lines, so seeding again changes nothing.
 */
export function* generatePartnership(scale: Scale, options: GenerateOptions = {}): Generator<string> {
  const today = options.today ?? londonToday();
  const last = addDays(today, -1);
  const span = scale.years * 365;
  const start = addDays(today, -span);
  const partnership = buildPartnership(scale);
  yield* partnership.lines;

  const families = familyCount(scale);
  const marfs = scale.marfsPerYear * scale.years;
  // Most families are known through MARFs (some several times); a few only through requests for help.
  const withMarfs = 0.9;
  const extraMarfs = Math.max(0, ((marfs / families) * scale.marfDrawFactor) / withMarfs - 1);
  const requests = (0.03 * marfs) / families;
  const prefix = `DEMO-${scale.name.toUpperCase()}`;
  const out: string[] = [];
  for (let index = 1; index <= families; index++) {
    const rng = new Random(scale.name, 'family', index);
    const events: FamilyEvent[] = [];
    const marfCount = rng.chance(withMarfs) ? 1 + rng.poisson(extraMarfs) : 0;
    const requestCount = Math.max(marfCount === 0 ? 1 : 0, rng.poisson(requests));
    for (let n = 0; n < marfCount; n++) events.push({ date: addDays(start, rng.int(0, span - 1)), type: 'marf' });
    for (let n = 0; n < requestCount; n++) events.push({ date: addDays(start, rng.int(0, span - 1)), type: 'request' });
    const knownFrom = events.reduce((first, event) => (event.date < first ? event.date : first), last);
    const town = rng.weighted(TOWN_WEIGHTS);
    const firstReferrer = pickReferrer(rng, partnership);
    const family = generateFamily(
      { rng, prefix, index, nhsBase: scale.nhsBase, knownFrom, last, today, createdBy: firstReferrer.legacyId, town },
      out,
    );
    playHistory({ rng, prefix, index, family, partnership, events, firstReferrer, last, today }, out);
    yield* out;
    out.length = 0;
  }
}
