/**
 * A stand-in for ethereumjs's KZG that accepts every point-evaluation proof (and can do nothing
 * else): with it the point-evaluation precompile succeeds, without any KZG it fails, so a test can
 * tell whether a thread has the Common's KZG. Also a `workerKzgModule` (its default export).
 */
export function createAcceptingKzg(): { verifyProof: () => boolean } {
  return { verifyProof: () => true };
}

export default createAcceptingKzg;
