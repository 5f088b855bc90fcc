// No test reads or writes the user's own library: unless a test names one, ALOUD_DATA_DIR points at a
// fresh folder (the command line saves each `say` there, and child processes inherit it).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.ALOUD_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'aloud-test-data-'));
