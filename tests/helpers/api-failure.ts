// The failure of an app client call that must fail: it must be the client's ApiCallError (the
// one place the Spanish message and the per-field issues live), never another exception.
import { expect } from 'vitest';
import { ApiCallError } from '../../src/api/client';

export async function apiFailure(call: Promise<unknown>): Promise<ApiCallError> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiCallError);
  return err as ApiCallError;
}
