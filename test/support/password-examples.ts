/** The example in firebase/scrypt's README, in Kinde's import fields: the hash of FIREBASE_EXAMPLE_PASSWORD. */
export const FIREBASE_EXAMPLE = {
  hashing_method: 'firebase-scrypt',
  hashed_password: 'lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==',
  salt: '42xEC+ixf3L2lw==',
  signer_key: 'jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==',
  salt_separator: 'Bw==',
  rounds: 8,
  mem_cost: 14,
};

export const FIREBASE_EXAMPLE_PASSWORD = 'user1password';
