// A test's record of every event a core tells, from its start.
import type { AloudCore } from '../../electron/service/aloud-core';
import type { CoreEvents } from '../../electron/service/core-events';

export function listenAll<T extends Pick<AloudCore, 'events'>>(core: T, listener: Parameters<CoreEvents['onAny']>[0]): T {
  core.events.onAny(listener);
  return core;
}
