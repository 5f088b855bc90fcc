// A reading being written names its writer by PID and, from here on, the writer's start time too:
// a PID reused by another process no longer keeps a crashed reading 'recording' for ever.
import type { Migration } from './migration';

export const migration003: Migration = {
  version: 3,
  name: 'writer-start-time',
  up(db) {
    db.exec(`ALTER TABLE readings ADD COLUMN writer_started INTEGER`);
  },
};
