/** Users written per transaction unless told otherwise: large enough for COPY to pay off, small enough to redo fast. */
export const DEFAULT_BATCH_SIZE = 5_000;
