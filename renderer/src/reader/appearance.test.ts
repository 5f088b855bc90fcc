import { schemeFor } from './appearance';

const system = (dark: boolean, more: boolean) => (q: string) => (q.includes('contrast') ? more : q.includes('dark') ? dark : false);

describe('the colour scheme of a theme', () => {
  it('is the theme chosen, whatever the system prefers', () => {
    for (const prefers of [system(false, false), system(true, true)]) {
      expect(schemeFor('light', prefers)).toBe('light');
      expect(schemeFor('dark', prefers)).toBe('dark');
      expect(schemeFor('high-contrast', prefers)).toBe('high-contrast');
    }
  });

  it("follows the system's contrast, then its colour scheme, for System", () => {
    expect(schemeFor('system', system(false, false))).toBe('light');
    expect(schemeFor('system', system(true, false))).toBe('dark');
    expect(schemeFor('system', system(false, true))).toBe('high-contrast');
    expect(schemeFor('system', system(true, true))).toBe('high-contrast');
  });
});
