import type { ImportedPassword } from '../../domain/imported-password.js';

export type ImportFormatName = 'kinde-csv' | 'kinde-ndjson' | 'auth0' | 'firebase';

export const IMPORT_FORMAT_NAMES: readonly ImportFormatName[] = Object.freeze(['kinde-csv', 'kinde-ndjson', 'auth0', 'firebase'] as const);

export interface ImportedIdentity {
  /** 'email' | 'phone' | 'username' | `oauth2:${provider}` (social, e.g. oauth2:google). */
  type: string;
  /** As given in the file, untrimmed and unnormalised: validation runs it through the domain's normalise functions. */
  value: string;
  isVerified: boolean;
  /** For social identities: the connection or provider the subject belongs to. */
  connectionId?: string;
  /** Where in the row it came from, for error reports: e.g. 'email', 'identities[2].identity'. */
  field: string;
  /** The file marks it as its type's primary (Kinde's export does); honoured when it can be. */
  wantsPrimary?: boolean;
}

export interface ImportedUser {
  /**
   * 1-based position in the file. CSV: data rows counted from 1 (the header row is not counted; a quoted value
   * spanning several lines is still one row). NDJSON: physical lines counted from 1 (blank lines are skipped but
   * counted). JSON array / Firebase `users`: elements counted from 1.
   */
  row: number;
  providedId: string | null;
  firstName: string | null;
  lastName: string | null;
  picture: string | null;
  identities: ImportedIdentity[];
  password: ImportedPassword | null;
  /** Fields present in the file that Roster ignores (organizations, roles, permissions, properties, feature flags…), for the report. */
  ignored: string[];
}

/** An error's `field` is '' when it concerns the row as a whole (not valid JSON or CSV, not an object). */
export type ParsedRow = { ok: true; user: ImportedUser } | { ok: false; row: number; field: string; reason: string };

export interface ParseOptions {
  /** Firebase's project hash config (from the console: signer key, salt separator, rounds, mem cost). */
  firebaseHashConfig?: { signerKey: string; saltSeparator: string; rounds: number; memCost: number };
}
