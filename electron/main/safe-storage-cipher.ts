// API keys sealed with Electron's safeStorage (the OS keychain: Keychain, DPAPI, libsecret/kwallet).
// Where it is not available, `available()` is false and keys are refused, never kept in plain text.
import { safeStorage } from 'electron';
import type { KeyCipher } from '../settings/key-cipher';

type SafeStorageLike = Pick<typeof safeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>;

export function safeStorageCipher(storage: SafeStorageLike = safeStorage): KeyCipher {
  return {
    available: () => storage.isEncryptionAvailable(),
    encrypt: (plain) => storage.encryptString(plain),
    decrypt: (sealed) => storage.decryptString(sealed),
  };
}
