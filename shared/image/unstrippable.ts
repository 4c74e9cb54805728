/**
 * A file the app can read but cannot clean of its metadata (a layout it does not rewrite).
 * The message is said to the user as it is, so it says what to do.
 */
export class UnstrippableError extends Error {
  override name = 'UnstrippableError';
}
