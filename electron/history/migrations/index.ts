import { migration001 } from './001-initial';
import type { Migration } from './migration';

/** Every migration, in order; append new ones, never edit a released one. */
export const migrations: readonly Migration[] = [migration001];
export type { Migration };
