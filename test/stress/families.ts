// The stress families, in the order they run.
import { badInput } from './bad-input';
import { hammering } from './hammering';
import type { FamilyReport, StressOptions } from './report';

export const families: Record<string, (opts: StressOptions) => Promise<FamilyReport>> = {
  'bad-input': badInput,
  hammering,
};
