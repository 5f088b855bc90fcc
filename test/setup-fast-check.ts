// Property tests run a fixed, reproducible set of cases by default (CI included), so a run that passed
// passes again. ALOUD_FC_SEED=<n> replays another set, ALOUD_FC_SEED=random explores fresh cases, and
// ALOUD_FC_RUNS raises the count where a test reads it.
import fc from 'fast-check';

const seed = process.env.ALOUD_FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: seed ? Number(seed) : 20261121 });
