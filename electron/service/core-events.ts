// The core's events, typed: what the core tells (a reading started, ended, paused; the queue
// changed; a voice is downloading). The windows, the tray and the notifications each subscribe to
// the events they show; nothing decides by a channel's name. The payloads are the IPC contract's,
// so a window forwards an event as it is.
import type { EventChannel, EventPayload } from '../../shared/ipc';

export type CoreEventName = EventChannel;
export type Listener<C extends CoreEventName> = (payload: EventPayload<C>) => void;

export interface CoreEvents {
  on<C extends CoreEventName>(name: C, listener: Listener<C>): () => void;
  /** Hears every event, for what passes them all on unread (the e2e harness's socket, a test's record). */
  onAny(listener: <C extends CoreEventName>(name: C, payload: EventPayload<C>) => void): () => void;
}

export interface CoreEventHub extends CoreEvents {
  /** Tells every listener of `name`; a listener that throws is reported and the others still hear it. */
  emit<C extends CoreEventName>(name: C, payload: EventPayload<C>): void;
}

export function createCoreEvents(onListenerError: (name: CoreEventName, error: unknown) => void): CoreEventHub {
  const listeners = new Map<CoreEventName, Set<(payload: never) => void>>();
  const anyListeners = new Set<<C extends CoreEventName>(name: C, payload: EventPayload<C>) => void>();
  const guarded = (name: CoreEventName, call: () => void) => {
    try {
      call();
    } catch (err) {
      // A window torn down mid-send must not end or wedge the reading.
      onListenerError(name, err);
    }
  };
  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => void set.delete(listener as (payload: never) => void);
    },
    onAny(listener) {
      anyListeners.add(listener);
      return () => void anyListeners.delete(listener);
    },
    emit(name, payload) {
      for (const listener of [...(listeners.get(name) ?? [])]) guarded(name, () => (listener as Listener<typeof name>)(payload));
      for (const listener of [...anyListeners]) guarded(name, () => listener(name, payload));
    },
  };
}
