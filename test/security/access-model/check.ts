/**
 * Compares what one history's organisations read through the API with the model: every list
 * (exactly the visible ids of the history: every id the model says is visible present, every id
 * it says is not absent), a share of the single reads (200 when visible, 404 when not: the answer
 * of a record that does not exist), and at the last check the involvements each family lists.
 */
import type { AccessModel } from './model';
import type { Expected, Org, Sight } from './facts';
import type { Replay } from './replay';

/** A number in [0, 1) from a text (FNV-1a), to sample single reads reproducibly. */
function sampled(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash / 2 ** 32;
}

function sameSights(a: Map<string, Sight>, b: Map<string, Sight>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, sight] of a) if (b.get(id) !== sight) return false;
  return true;
}

export interface CheckOptions {
  /** The share of single reads made (0 to 1), chosen by `salt` so a seed replays the same ones. */
  singles: number;
  salt: number;
  /** The model's answers at the previous check: a list whose expected answer is unchanged is not read again. */
  previous?: Expected;
  /** From `world.lists.mark()` when the check began: list reads started after it answer this history too. */
  since: number;
}

/** Ids a MASH or social care list showed that no history of the batch had made (checked after the batch). */
export type Strangers = { id: string; problem: string }[];

export async function checkOrganisation(
  replay: Replay,
  org: Org,
  expected: Expected,
  options: CheckOptions,
  strangers: Strangers,
): Promise<string[]> {
  const { world, slot } = replay;
  const problems: string[] = [];
  const reverse = new Map([...replay.ids].map(([model, real]) => [real, model]));
  const single = async (path: string, modelId: string, sight: Sight | undefined) => {
    if (!sight || sight === 'either') return;
    if (options.singles < 1 && sampled(`${options.salt} ${org} ${path} ${modelId}`) >= options.singles) return;
    world.requestsBy.single++;
    // A MARF is read by the history's own writer, as GET /marfs is: its referrer basis is the practitioner
    // who sent it and their organisation's managers, not the organisation's other practitioners.
    const which = path === '/marfs/:id' ? slot % 2 : sampled(`${options.salt} ${path} ${modelId}`) < 0.5 ? 0 : 1;
    const user = world.users.get(org)![which]!;
    const response = await world.call(user, 'GET', path.replace(':id', replay.id(modelId)));
    const want = sight === 'yes' ? 200 : 404;
    if (response.status !== want)
      problems.push(`${org}: GET ${path.replace(':id', modelId)} expected ${want}, got ${response.status}`);
  };
  const compare = (path: string, items: { id: string }[], sights: Map<string, Sight>) => {
    const got = new Set<string>();
    for (const item of items) {
      const mine = reverse.get(item.id);
      if (mine) got.add(mine);
      else if (!world.owner.has(item.id))
        // Another history of the batch may have made it a moment ago: checked after the batch.
        strangers.push({ id: item.id, problem: `${org}: GET ${path} lists ${item.id}, made by no history` });
      else if (world.owner.get(item.id) === slot)
        problems.push(`${org}: GET ${path} lists ${item.id}, not yet made in this history`);
    }
    for (const [id, sight] of sights) {
      if (sight === 'yes' && !got.has(id)) problems.push(`${org}: GET ${path} lacks ${id}`);
      if (sight === 'no' && got.has(id)) problems.push(`${org}: GET ${path} lists ${id}`);
    }
    for (const id of got)
      if (!sights.has(id)) problems.push(`${org}: GET ${path} lists ${id}, not a record of this kind`);
  };
  const list = async (path: string, sights: Map<string, Sight>, before?: Map<string, Sight>, shared = true) => {
    if (before && sameSights(sights, before)) return;
    let response;
    // A practitioner's GET /marfs is the MARFs they sent themselves, a manager's their organisation's:
    // read by the history's own writer.
    if (shared) response = await world.lists.read(org, path, options.since, path === '/marfs' ? slot % 2 : undefined);
    else {
      world.requestsBy.notes++;
      response = await world.call(world.users.get(org)![slot % 2]!, 'GET', `${path}?limit=200`);
    }
    if (response.status !== 200) {
      problems.push(`${org}: GET ${path} expected 200, got ${response.status}`);
      return;
    }
    compare(path, response.body.items as { id: string }[], sights);
  };
  const previous = options.previous;
  const jobs: Promise<void>[] = [
    list('/families', expected.families, previous?.families),
    list('/episodes', expected.episodes, previous?.episodes),
    list('/assessments', expected.assessments, previous?.assessments),
    list('/taf-plans', expected.tafPlans, previous?.tafPlans),
    list('/marfs', expected.marfList, previous?.marfList),
  ];
  for (const [episode, sight] of expected.episodes) {
    if (sight !== 'yes') continue;
    const notesOf = (e: Expected) =>
      new Map([...e.caseNotes].filter(([note]) => replay.episodeOfNote.get(note) === episode));
    const before = previous && previous.episodes.get(episode) === 'yes' ? notesOf(previous) : undefined;
    jobs.push(list(`/episodes/${replay.id(episode)}/case-notes`, notesOf(expected), before, false));
  }
  if (options.singles > 0) {
    for (const [family, sight] of expected.families) {
      jobs.push(single(`/families/:id`, family, sight));
      jobs.push(single(`/families/:id/members`, family, expected.members.get(family)));
      jobs.push(single(`/families/:id/consents`, family, expected.consents.get(family)));
      jobs.push(single(`/families/:id/chronology`, family, expected.chronology.get(family)));
      jobs.push(single(`/families/:id/involvements`, family, expected.involvements.get(family)));
    }
    for (const [person, sight] of expected.people) jobs.push(single(`/people/:id`, person, sight));
    for (const [episode, sight] of expected.episodes) jobs.push(single(`/episodes/:id`, episode, sight));
    for (const [a, sight] of expected.assessments) jobs.push(single(`/assessments/:id`, a, sight));
    for (const [p, sight] of expected.tafPlans) jobs.push(single(`/taf-plans/:id`, p, sight));
    for (const [n, sight] of expected.caseNotes) jobs.push(single(`/case-notes/:id`, n, sight));
    for (const [m, sight] of expected.marfs) jobs.push(single(`/marfs/:id`, m, sight));
  }
  await Promise.all(jobs);
  return problems;
}

interface InvolvementItem {
  organisationId: string;
  basis: string;
  startedOn: string;
  endedOn: string | null;
  active: boolean;
}

/**
 * The content of `GET /families/{id}/involvements` (read by the MASH) against the model: for the
 * bases that open access (allocation, consent, lead, TAF member), exactly the model's rows, each
 * with its organisation, start, end and whether it is in force today.
 */
export async function checkInvolvements(replay: Replay, model: AccessModel): Promise<string[]> {
  const { world } = replay;
  const problems: string[] = [];
  await Promise.all(
    [...model.families.keys()].map(async (family) => {
      world.requestsBy.single++;
      const response = await world.call(
        world.users.get('mash')![0]!,
        'GET',
        `/families/${replay.id(family)}/involvements`,
      );
      if (response.status !== 200) {
        problems.push(`mash: GET /families/${family}/involvements expected 200, got ${response.status}`);
        return;
      }
      const { rows, skip } = model.involvementRows(family);
      const skipped = (org: string, basis: string) => skip.some((s) => s.org === org && s.basis === basis);
      const text = (org: string, basis: string, start: string, end: string | null) =>
        `${org} ${basis} ${start}..${end ?? 'open'}`;
      const got = new Map<string, boolean>();
      for (const item of response.body.items as InvolvementItem[]) {
        if (!['allocation', 'consent', 'lead', 'taf_member'].includes(item.basis)) continue;
        const org = world.orgOf.get(item.organisationId) ?? item.organisationId;
        // An allocation that lapsed may show the lapse as its end or stay open-ended and inactive.
        const end = item.basis === 'allocation' && !item.endedOn ? null : item.endedOn;
        if (skipped(org, item.basis)) continue;
        got.set(text(org, item.basis, item.startedOn, end), item.active);
      }
      const want = new Map(
        rows
          .filter((r) => !skipped(r.org, r.basis))
          .map((r) => [text(r.org, r.basis, r.start, r.end), r.active] as const),
      );
      for (const [row, active] of want) {
        if (!got.has(row)) problems.push(`involvements of ${family} lack ${row}`);
        else if (active !== 'either' && got.get(row) !== (active === 'yes'))
          problems.push(`involvements of ${family}: ${row} active ${String(got.get(row))}, model ${active}`);
      }
      for (const row of got.keys()) if (!want.has(row)) problems.push(`involvements of ${family} list ${row}`);
    }),
  );
  return problems;
}
