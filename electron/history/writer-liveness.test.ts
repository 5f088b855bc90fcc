import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLibrary } from './library-store';
import { ownStartTime, processStartTime, writerAlive } from './writer-liveness';

const linux = process.platform === 'linux';

describe('writer liveness', () => {
  it.runIf(linux)('reads a process start time that is stable and before now', () => {
    const a = processStartTime(process.pid);
    expect(a).not.toBeNull();
    expect(a).toBe(processStartTime(process.pid));
    expect(a!).toBeLessThanOrEqual(Date.now());
    expect(a!).toBeGreaterThan(Date.now() - 24 * 3600_000 * 365);
    expect(ownStartTime()).toBe(a);
  });

  it('a PID that is gone is not alive, whatever its start time', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    await once(child, 'exit');
    expect(writerAlive(child.pid!, null)).toBe(false);
  });

  it.runIf(linux)('a live PID whose start time differs is another process (a reused PID)', async () => {
    const child = spawn('sleep', ['30']);
    try {
      const started = processStartTime(child.pid!)!;
      expect(writerAlive(child.pid!, started)).toBe(true);
      expect(writerAlive(child.pid!, started - 3_600_000)).toBe(false);
      // A row saved before start times were kept trusts the PID.
      expect(writerAlive(child.pid!, null)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it.runIf(linux)('recovery settles a reading whose writer PID now belongs to another process', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'aloud-writer-')), 'library.sqlite');
    const lib = openLibrary({ path });
    const rid = lib.beginReading({ id: 'crashed', text: 'cut short by a crash', provider: 'builtin', voice: 'en-us', synthRate: 1 });
    lib.append(rid, { chunks: [{ seq: 0, segment: 0, startMs: 0, durationMs: 500, words: [], encoded: { mime: 'audio/wav', bytes: new Uint8Array(10) } }] });
    const live = lib.beginReading({ id: 'live', text: 'still being written by this process', provider: 'builtin', voice: 'en-us', synthRate: 1 });
    expect(live).toBeGreaterThan(0);
    const other = spawn('sleep', ['30']);
    try {
      // The crashed writer's PID, reused by an unrelated process that started an hour "later".
      lib.db.prepare(`UPDATE readings SET writer_pid = ?, writer_started = writer_started - 3600000 WHERE rid = ?`).run(other.pid, rid);
      expect(lib.recoverInterrupted()).toBe(1);
      expect(lib.get('crashed')!.status).toBe('partial');
      expect(lib.get('live')!.status).toBe('recording');
    } finally {
      other.kill('SIGKILL');
      lib.close();
    }
  });
});
