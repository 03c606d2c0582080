/**
 * Lets other requests run. The crypt-family loops are thousands of small synchronous hashes (passlib's default
 * sha512-crypt is 656,000 rounds, about 2 s here); run in one go they would stall every other request meanwhile.
 */
export const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** How many rounds a loop runs between breaths: a few milliseconds of work. */
export const ROUNDS_PER_BREATH = 2048;
