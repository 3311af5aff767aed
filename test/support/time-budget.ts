/**
 * Upper bounds on elapsed time ("ends within its timeout") stretch by this factor, so they
 * hold on a loaded machine (2 cores at load 10 run everything several times slower) and
 * still catch a hang. JOURNEY_AUDIT_TEST_SLOWDOWN overrides it (1 on a quiet machine).
 */
export const SLOWDOWN = Number(process.env.JOURNEY_AUDIT_TEST_SLOWDOWN) || 3;

export function budget(ms: number): number {
  return ms * SLOWDOWN;
}
