import { SetMetadata } from '@nestjs/common';

export const LOCATION = 'http:location';

/**
 * Sends `Location` with the path `of` gives for the response body, such as where to follow an
 * accepted (202) job. Taken from the body by `ResponseHeadersInterceptor`, so a replayed idempotent
 * response carries it too.
 */
export const LocationOf = <T>(of: (body: T) => string) => SetMetadata(LOCATION, of);
