import { migration001 } from './001-initial';
import { migration002 } from './002-search-prefixes';
import { migration003 } from './003-writer-start-time';
import { migration004 } from './004-texts-apart';
import { migration005 } from './005-voice-samples';
import { migration006 } from './006-documents';
import type { Migration } from './migration';

/** Every migration, in order; append new ones, never edit a released one. */
export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006];
export type { Migration };
