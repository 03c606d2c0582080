import type { ImportedIdentity } from '../record.js';

/**
 * Collects a user's identities in order. The same identity named twice (say, as the top-level `email` and again in
 * `identities`) is kept once, at its first place, verified if either mention says so.
 */
export class IdentityList {
  private readonly items: ImportedIdentity[] = [];

  add(identity: ImportedIdentity): void {
    const same = this.items.find(
      (item) => item.type === identity.type && item.value === identity.value && item.connectionId === identity.connectionId,
    );
    if (same) {
      same.isVerified ||= identity.isVerified;
      if (identity.wantsPrimary) same.wantsPrimary = true;
    } else this.items.push(identity);
  }

  get length(): number {
    return this.items.length;
  }

  toArray(): ImportedIdentity[] {
    return [...this.items];
  }
}
