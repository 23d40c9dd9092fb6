import { ApiError } from '../errors.js';

/** The ApiError a promise is refused with; fails if it resolves or rejects with anything else. */
export async function refusal(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}
