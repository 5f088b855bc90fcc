import { aloudDataDir, libraryPath } from './library-path';

describe('library path', () => {
  it('follows Electron userData on each platform', () => {
    expect(libraryPath({ env: {}, platform: 'linux', home: '/home/ada' })).toBe('/home/ada/.config/Aloud/library.sqlite');
    expect(libraryPath({ env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'linux', home: '/home/ada' })).toBe('/xdg/Aloud/library.sqlite');
    expect(libraryPath({ env: {}, platform: 'darwin', home: '/Users/ada' })).toBe('/Users/ada/Library/Application Support/Aloud/library.sqlite');
    expect(libraryPath({ env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, platform: 'win32', home: 'C:\\Users\\ada' })).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Aloud\\library.sqlite',
    );
  });

  it('is overridden by ALOUD_DATA_DIR', () => {
    expect(aloudDataDir({ env: { ALOUD_DATA_DIR: '/tmp/aloud-test' }, platform: 'darwin', home: '/Users/ada' })).toBe('/tmp/aloud-test');
    expect(libraryPath({ env: { ALOUD_DATA_DIR: '/tmp/aloud-test' }, platform: 'linux' })).toBe('/tmp/aloud-test/library.sqlite');
  });
});
