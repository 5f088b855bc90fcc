// The stress families, in the order they run.
import { badInput } from './bad-input';
import { crashSafety } from './crash-safety';
import { faults } from './faults';
import { hammering } from './hammering';
import { longReading } from './long-reading';
import type { FamilyReport, StressOptions } from './report';

export const families: Record<string, (opts: StressOptions) => Promise<FamilyReport>> = {
  'bad-input': badInput,
  hammering,
  'long-reading': longReading,
  faults,
  'crash-safety': crashSafety,
};
