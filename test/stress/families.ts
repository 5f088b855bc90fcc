// The stress families, in the order they run.
import { badInput } from './bad-input';
import { crashSafety } from './crash-safety';
import { faults } from './faults';
import { echoedSecrets } from './echoed-secrets';
import { hammering } from './hammering';
import { hostileCatalogue } from './hostile-catalogue';
import { hostileDisks, unboundedStdin } from './hostile-disks';
import { hostileRules } from './hostile-rules';
import { longReading } from './long-reading';
import type { FamilyReport, StressOptions } from './report';

export const families: Record<string, (opts: StressOptions) => Promise<FamilyReport>> = {
  'bad-input': badInput,
  hammering,
  'long-reading': longReading,
  faults,
  'crash-safety': crashSafety,
  'hostile-catalogue': hostileCatalogue,
  'hostile-disks': hostileDisks,
  'unbounded-stdin': unboundedStdin,
  'hostile-rules': hostileRules,
  'echoed-secrets': echoedSecrets,
};
