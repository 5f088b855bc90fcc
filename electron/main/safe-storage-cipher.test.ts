import * as fake from '../../test/fakes/electron';
import { safeStorageCipher } from './safe-storage-cipher';

describe('keys sealed with safeStorage', () => {
  beforeEach(() => fake.resetFakeElectron());

  it.each(['gnome_libsecret', 'kwallet5', 'kwallet6'])('are kept on Linux with the %s key store', (backend) => {
    fake.safeStorage.backend = backend;
    const cipher = safeStorageCipher(fake.safeStorage as never, 'linux');
    expect(cipher.available()).toBe(true);
    expect(cipher.decrypt(cipher.encrypt('secret'))).toBe('secret');
  });

  it.each(['basic_text', 'unknown'])("are refused on Linux with the '%s' backend: a fixed password is no secret", (backend) => {
    fake.safeStorage.backend = backend;
    expect(safeStorageCipher(fake.safeStorage as never, 'linux').available()).toBe(false);
  });

  it('follow isEncryptionAvailable elsewhere, where there is no backend to choose', () => {
    fake.safeStorage.backend = 'basic_text';
    expect(safeStorageCipher(fake.safeStorage as never, 'darwin').available()).toBe(true);
    fake.safeStorage.available = false;
    expect(safeStorageCipher(fake.safeStorage as never, 'win32').available()).toBe(false);
  });
});
