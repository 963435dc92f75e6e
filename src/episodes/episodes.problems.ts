import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals about episodes, and about recorded dates, whichever feature records one. */
export const EPISODE_PROBLEMS = {
  invalidDate: { slug: 'invalid-date', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Invalid date' },
  referrerRequired: {
    slug: 'referrer-required',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Referring organisation required',
  },
  episodeAlreadyOpen: { slug: 'episode-already-open', status: HttpStatus.CONFLICT, title: 'Episode already open' },
  overlapsPreviousEpisode: {
    slug: 'overlaps-previous-episode',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Overlaps the previous episode',
  },
  episodeClosed: { slug: 'episode-closed', status: HttpStatus.CONFLICT, title: 'Episode closed' },
  invalidClosure: { slug: 'invalid-closure', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Invalid closure' },
  episodeOpen: { slug: 'episode-open', status: HttpStatus.CONFLICT, title: 'Episode open' },
  laterEpisodeExists: { slug: 'later-episode-exists', status: HttpStatus.CONFLICT, title: 'A later episode exists' },
  closureSignOffRequired: {
    slug: 'closure-sign-off-required',
    status: HttpStatus.CONFLICT,
    title: "Closure needs a manager's sign-off",
  },
  invalidEpisodeQuery: {
    slug: 'invalid-episode-query',
    status: HttpStatus.BAD_REQUEST,
    title: 'Invalid episode query',
  },
  invalidEpisode: { slug: 'invalid-episode', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Invalid episode' },
} as const satisfies Record<string, ProblemType>;
