/** Largest beacon the collect endpoint accepts, in bytes of JSON: 8 KiB (a beacon with two touches is under 2 KB). */
export const MAX_BEACON_BYTES = 8192;

/** Longest page URL, referrer or landing URL a beacon may carry, in characters. */
export const MAX_BEACON_URL_LENGTH = 2048;
