// The main process as the renderer's code calls it, derived from the IPC contract (shared/ipc.ts):
// channel 'group:kebab-name' is `client.group.camelName(args)`, typed by the channel's schemas, so
// components never spell a channel and no method is written by hand. A refused call rejects with an
// AloudError whose kind (auth, network, ...) the view chooses its actions by.
import type { AloudApi, EventChannel, EventPayload, InvokeArgs, InvokeChannel, InvokeResult } from '../../../shared/ipc';
import { AloudError } from '../../../shared/ipc-error';

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type GroupOf<C extends string> = C extends `${infer G}:${string}` ? G : never;
type NameOf<C extends string> = C extends `${string}:${infer N}` ? Camel<N> : never;
/** A call whose arguments may all be left out takes them optionally. */
type Call<C extends InvokeChannel> = Record<string, never> extends InvokeArgs<C> ? (args?: InvokeArgs<C>) => Promise<InvokeResult<C>> : (args: InvokeArgs<C>) => Promise<InvokeResult<C>>;

export type AloudClient = {
  readonly [G in GroupOf<InvokeChannel> as Camel<G>]: { readonly [C in InvokeChannel as GroupOf<C> extends G ? NameOf<C> : never]: Call<C> };
} & {
  /** Listens to an event from main; returns the function that stops listening. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void;
};

const kebab = (name: string) => name.replace(/[A-Z]/gu, (c) => `-${c.toLowerCase()}`);

export function createAloudClient(api: AloudApi): AloudClient {
  const call = async (channel: string, args: unknown): Promise<unknown> => {
    const reply = await api.invoke(channel, args ?? {});
    if (reply.ok) return reply.value;
    throw new AloudError(reply.error.kind, reply.error.message);
  };
  // The groups are made on first use from the names asked for; the contract's types allow only its own.
  const groups = new Map<string, object>();
  const group = (name: string): object => {
    let g = groups.get(name);
    if (!g) {
      const calls = new Map<string, (args?: unknown) => Promise<unknown>>();
      g = new Proxy(Object.freeze({}), {
        get(_target, method) {
          if (typeof method !== 'string' || method === 'then') return undefined;
          let fn = calls.get(method);
          if (!fn) calls.set(method, (fn = (args?: unknown) => call(`${kebab(name)}:${kebab(method)}`, args)));
          return fn;
        },
      });
      groups.set(name, g);
    }
    return g;
  };
  const on = (channel: string, listener: (payload: never) => void) => api.on(channel, listener as (payload: unknown) => void);
  return new Proxy(Object.freeze({ on }), {
    get(target, key) {
      if (key === 'on') return target.on;
      // Not a thenable, nor anything else a group name cannot be.
      if (typeof key !== 'string' || key === 'then' || key === 'toJSON') return undefined;
      return group(key);
    },
  }) as unknown as AloudClient;
}

let shared: AloudClient | null = null;

/** The client over the page's preload API (window.aloud), made once. */
export function useAloud(): AloudClient {
  shared ??= createAloudClient(window.aloud);
  return shared;
}
