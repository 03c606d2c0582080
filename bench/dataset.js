// Realistic, distinct users for the benchmarks: each user gets an email and a username identity. Values go through
// the app's own normalise functions and ids come from the app's own generators, so what is stored is exactly what
// the app would have stored for the same requests.
import { normaliseEmail, normaliseUsername } from '../dist/domain/identifiers.js';
import { newIdentityId, newUserId } from '../dist/domain/ids.js';

const FIRST = (
  'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph ' +
  'Jessica Thomas Sarah Charles Karen Chloe Liam Olivia Noah Amelia Oliver Isla Jack Mia Harper Lucas Ava Ethan Zoe ' +
  'Aiko Hiroshi Priya Arjun Fatima Omar Sofia Mateo Lena Jonas Ingrid Lars Anna Pierre Camille Giulia Marco'
).split(' ');
const LAST = (
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Wilson Anderson ' +
  'Thomas Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis Walker Young King Wright Scott Nguyen Kim ' +
  'Tanaka Sato Patel Singh Khan Rossi Muller Schmidt Dubois Novak Kowalski Jensen Larsen Silva Costa Murphy Kelly OBrien'
).split(' ');
const DOMAINS = [
  'gmail.com',
  'outlook.com',
  'yahoo.com',
  'icloud.com',
  'proton.me',
  'fastmail.com',
  'example.org',
  'acme.io',
  'corp.example.com',
];

/** Users number `start`…`start+count-1`: user rows and identity rows (email first, then username, both primary). */
export function makeBatch(start, count) {
  const users = [];
  const identities = [];
  for (let i = start; i < start + count; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
    const tag = String(i); // digits only: names hold none, so every value is distinct
    const local = [`${first}.${last}.${tag}`, `${first[0]}${last}${tag}`, `${first}_${tag}`][i % 3];
    const email = normaliseEmail(`${local}@${DOMAINS[i % DOMAINS.length]}`);
    const username = normaliseUsername(i % 2 ? `${first}${last}${tag}` : `${first.toLowerCase()}_${last.toLowerCase()}${tag}`);

    const id = newUserId();
    const now = new Date().toISOString();
    users.push({ id, first_name: first, last_name: last, created_on: now, updated_on: now });
    for (const identity of [email, username]) {
      identities.push({
        id: newIdentityId(),
        user_id: id,
        type: identity.type,
        name: identity.name,
        lookup_key: identity.lookupKey,
        lookalike_key: identity.lookalikeKey,
        is_primary: 1,
        is_confirmed: 1,
        created_on: now,
      });
    }
  }
  return { users, identities };
}

export const USER_COLUMNS = ['id', 'first_name', 'last_name', 'created_on', 'updated_on'];
export const IDENTITY_COLUMNS = [
  'id',
  'user_id',
  'type',
  'name',
  'lookup_key',
  'lookalike_key',
  'is_primary',
  'is_confirmed',
  'created_on',
];
