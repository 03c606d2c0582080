import { createCipheriv } from 'node:crypto';
import { base64Bytes, saltBytes, scryptWithinLimits, type SaltFormat } from '../../domain/imported-password.js';
import { sameBytes } from './compare.js';
import { scryptKey } from './scrypt.js';

export interface FirebaseScryptParams {
  salt: string;
  salt_format: SaltFormat;
  signer_key: string;
  salt_separator: string;
  rounds: number;
  mem_cost: number;
}

/**
 * Firebase Authentication's modified scrypt: the key scrypt(password, salt‖separator, N=2^mem_cost, r=rounds, p=1)
 * encrypts the project's signer key with AES-256-CTR and a zero IV, and that ciphertext is the stored hash.
 */
export async function verifyFirebaseScrypt(hash: string, params: FirebaseScryptParams, password: string): Promise<boolean> {
  const expected = base64Bytes(hash);
  const signerKey = base64Bytes(params.signer_key);
  const separator = base64Bytes(params.salt_separator);
  const { rounds, mem_cost: memCost } = params;
  if (!expected || !signerKey || !separator || !Number.isInteger(rounds) || !Number.isInteger(memCost) || rounds < 1 || memCost < 1)
    return false;
  const costs = { N: 2 ** memCost, r: rounds, p: 1 };
  if (!scryptWithinLimits(costs.N, costs.r, costs.p)) return false;
  const key = await scryptKey(Buffer.from(password, 'utf8'), Buffer.concat([saltBytes(params), separator]), 32, costs);
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  return sameBytes(Buffer.concat([cipher.update(signerKey), cipher.final()]), expected);
}
