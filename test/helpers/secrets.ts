/** The JWT secret the test app (and the benchmarks' API processes) sign and verify bearer tokens with. */
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
