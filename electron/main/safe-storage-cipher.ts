// API keys sealed with Electron's safeStorage (the OS keychain: Keychain, DPAPI, libsecret/kwallet).
// Where it is not available, `available()` is false and keys are refused, never kept in plain text.
// On Linux with no keyring, safeStorage falls back to its 'basic_text' backend, which encrypts with a
// fixed password anyone can read in Chromium's source: that is plain text in all but name, so it
// (and a backend Electron cannot name) counts as no key store.
import { safeStorage } from 'electron';
import type { KeyCipher } from '../settings/key-cipher';

type SafeStorageLike = Pick<typeof safeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

/** Linux backends that do not keep a secret. */
const NOT_SECRET = new Set(['basic_text', 'unknown']);

export function safeStorageCipher(storage: SafeStorageLike = safeStorage, platform: NodeJS.Platform = process.platform): KeyCipher {
  return {
    // getSelectedStorageBackend is Linux's only; elsewhere the OS key store is the only backend.
    available: () => storage.isEncryptionAvailable() && (platform !== 'linux' || !NOT_SECRET.has(storage.getSelectedStorageBackend())),
    encrypt: (plain) => storage.encryptString(plain),
    decrypt: (sealed) => storage.decryptString(sealed),
  };
}
