// API keys are sealed by a cipher that main injects (Electron's safeStorage: the OS keychain), so
// this plain-Node code never holds a key on disk in the clear. Sealed keys are base64 in the
// settings file; opened keys live only as long as a request needs them.

/** The shape of Electron's safeStorage, as far as keys need it. */
export interface KeyCipher {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
  available(): boolean;
}

export class KeyStorageError extends Error {
  override readonly name = 'KeyStorageError';
}

export function sealKey(cipher: KeyCipher, plain: string): string {
  if (!cipher.available()) throw new KeyStorageError('Secure storage is not available on this system, so the API key cannot be saved.');
  return cipher.encrypt(plain).toString('base64');
}

export function openKey(cipher: KeyCipher, sealed: string): string {
  if (!cipher.available()) throw new KeyStorageError('Secure storage is not available, so the saved API key cannot be read.');
  try {
    return cipher.decrypt(Buffer.from(sealed, 'base64'));
  } catch {
    // The message never includes the sealed or opened key.
    throw new KeyStorageError('The saved API key could not be decrypted (was it saved by another user or machine?); paste it again.');
  }
}

/** Hides a key in anything shown or logged: all but the last 4 characters. */
export function maskKey(key: string): string {
  return key.length <= 8 ? '•'.repeat(key.length) : `${'•'.repeat(8)}${key.slice(-4)}`;
}
