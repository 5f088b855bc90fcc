import { ReadingQueue } from './reading-queue';

function queueOf(...ids: string[]): ReadingQueue {
  const q = new ReadingQueue();
  for (const id of ids) q.add({ id, request: { text: `Text ${id}.` } });
  return q;
}
const ids = (q: ReadingQueue) => q.list().map((i) => i.id);

describe('ReadingQueue', () => {
  it('hands out texts first in, first out', () => {
    const q = queueOf('a', 'b', 'c');
    expect(q.next()?.id).toBe('a');
    expect(q.next()?.id).toBe('b');
    expect(ids(q)).toEqual(['c']);
  });

  it('moves an item to any position, clamping past the end', () => {
    const q = queueOf('a', 'b', 'c', 'd');
    expect(q.move('d', 0)).toBe(true);
    expect(ids(q)).toEqual(['d', 'a', 'b', 'c']);
    expect(q.move('d', 99)).toBe(true);
    expect(ids(q)).toEqual(['a', 'b', 'c', 'd']);
    expect(q.move('b', 2)).toBe(true);
    expect(ids(q)).toEqual(['a', 'c', 'b', 'd']);
    expect(q.move('zz', 0)).toBe(false);
  });

  it('removes one item or all of them', () => {
    const q = queueOf('a', 'b', 'c');
    expect(q.take('b')?.request.text).toBe('Text b.');
    expect(q.take('b')).toBeUndefined();
    expect(ids(q)).toEqual(['a', 'c']);
    q.clear();
    expect(q.length).toBe(0);
  });

  it('lists a long text by its first line, shortened, with its length', () => {
    const q = new ReadingQueue();
    const text = `First   line\nof a ${'very '.repeat(40)}long text.`;
    q.add({ id: 'x', request: { text, voice: 'builtin/en-us' } });
    const [item] = q.list();
    expect(item!.title.startsWith('First line of a very')).toBe(true);
    expect(item!.title.length).toBe(80);
    expect(item!.title.endsWith('…')).toBe(true);
    expect(item!.chars).toBe(text.length);
    expect(item!.voice).toBe('builtin/en-us');
  });
});
