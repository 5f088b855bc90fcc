import { describe, expect, it } from 'vitest';
import { createCoreEvents } from './core-events';

describe("the core's events", () => {
  it('tells each listener of an event, and only of that event, until it stops listening', () => {
    const hub = createCoreEvents(() => {});
    const ended: string[] = [];
    const changed: number[] = [];
    const off = hub.on('reading:ended', (e) => ended.push(`${e.readingId} ${e.reason}`));
    hub.on('queue:changed', (e) => changed.push(e.items.length));
    hub.emit('reading:ended', { readingId: 'r1', reason: 'finished' });
    hub.emit('queue:changed', { items: [] });
    off();
    hub.emit('reading:ended', { readingId: 'r2', reason: 'stopped' });
    expect(ended).toEqual(['r1 finished']);
    expect(changed).toEqual([0]);
  });

  it('reports a listener that throws and still tells the others', () => {
    const failures: string[] = [];
    const hub = createCoreEvents((name, err) => failures.push(`${name}: ${(err as Error).message}`));
    const heard: string[] = [];
    hub.on('reading:paused', () => {
      throw new Error('window gone');
    });
    hub.on('reading:paused', (e) => heard.push(e.readingId));
    hub.emit('reading:paused', { readingId: 'r1', paused: true });
    expect(failures).toEqual(['reading:paused: window gone']);
    expect(heard).toEqual(['r1']);
  });
});
