import { formatBytes, formatDuration, snippetParts } from './format';

describe('library formatting', () => {
  it('splits an FTS5 snippet into plain and matched pieces, keeping every character', () => {
    const parts = snippetParts('…the quick [brown] fox and the [brown] dog…');
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(['brown', 'brown']);
    expect(parts.map((p) => p.text).join('')).toBe('…the quick brown fox and the brown dog…');
    expect(snippetParts('no match here')).toEqual([{ text: 'no match here', match: false }]);
  });

  it('writes durations and sizes as people read them', () => {
    expect(formatDuration(61_400)).toBe('1:01');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatBytes(1536)).toBe('2 KB');
    expect(formatBytes(32 * 1024 ** 2)).toBe('32.0 MB');
  });
});
