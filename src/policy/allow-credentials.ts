/**
 * Access-Control-Allow-Credentials: browsers accept only the exact value `true` (Fetch "CORS check"
 * step 7), so it is either that or absent.
 */
export const ACAC = "Access-Control-Allow-Credentials";
export const ACAC_VALUE = "true";
