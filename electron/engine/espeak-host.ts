// The main-process side of the eSpeak worker: starts it on demand, runs one job at a time from a
// queue, routes the worker's messages to the job that asked, and aborts jobs. An abort ends the
// job for its caller at once; the worker is told through shared memory and normally stops within
// one buffer. If it has not stopped after `abortGraceMs` (eSpeak stuck in one long call), the
// worker is terminated and a fresh one starts with the next job, so a cancelled sentence can never
// hold up the next one for long.
import type { Worker } from 'node:worker_threads';
import { ABORT_SLOT, type EspeakWorkerData, type FromWorker, type ToWorker } from './espeak-protocol';
import { locateEspeakWorker, startEspeakWorker } from './worker-location';

type JobRequest = ToWorker extends infer T ? (T extends ToWorker ? Omit<T, 'id'> : never) : never;
type JobMessage = Exclude<FromWorker, { type: 'ready' }>;

export interface JobHandlers {
  /** Every message for this job, up to and including the last ('done', 'voices' or 'error'). */
  message(message: JobMessage): void;
  /** The worker died or was closed under the job. */
  failed(error: Error): void;
  /** The job was aborted (by its caller, or preempted by real work); no more calls follow. */
  aborted?(): void;
}

export interface AbortRecord {
  /** From the abort to the worker's 'done', or to its termination. */
  latencyMs: number;
  /** Audio the job had made when it stopped, in samples. */
  samples: number;
  /** True if the worker did not stop in time and was terminated. */
  terminated: boolean;
}

interface Job {
  id: number;
  request: JobRequest;
  handlers: JobHandlers;
  /** Preemptible jobs (warm-up) are aborted as soon as real work arrives. */
  preemptible: boolean;
  abortedAt?: number;
}

export interface EspeakHostOptions {
  workerFile?: string;
  abortGraceMs?: number;
}

export class EspeakHost {
  private worker: Worker | undefined;
  private starting: Promise<Worker> | undefined;
  private readonly control = new Int32Array(new SharedArrayBuffer(4));
  private readonly queue: Job[] = [];
  private active: Job | undefined;
  private nextId = 1;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly abortGraceMs: number;
  private readonly workerFile: string | undefined;
  sampleRate = 22050;
  /** How many workers have been started (more than one means restarts). */
  workerStarts = 0;
  readonly aborts: AbortRecord[] = [];

  constructor(options: EspeakHostOptions = {}) {
    this.workerFile = options.workerFile;
    this.abortGraceMs = options.abortGraceMs ?? 500;
  }

  /** Starts the worker if it is not running and waits until the engine is loaded. */
  async start(): Promise<void> {
    await this.ensureWorker();
  }

  /** Queues a job; returns its id (for abort). */
  submit(request: JobRequest, handlers: JobHandlers, options: { preemptible?: boolean } = {}): number {
    const job: Job = { id: this.nextId++, request, handlers, preemptible: options.preemptible ?? false };
    if (!job.preemptible) {
      if (this.active?.preemptible) this.abort(this.active.id);
      for (const queued of this.queue.filter((j) => j.preemptible)) this.abort(queued.id);
    }
    this.queue.push(job);
    this.pump();
    return job.id;
  }

  /** Ends a job for its caller now; stops the worker's work on it as soon as it can. */
  abort(id: number): void {
    const queued = this.queue.findIndex((j) => j.id === id);
    if (queued >= 0) {
      this.queue.splice(queued, 1)[0]!.handlers.aborted?.();
      return;
    }
    const job = this.active;
    if (!job || job.id !== id || job.abortedAt !== undefined) return;
    job.abortedAt = performance.now();
    job.handlers.aborted?.();
    Atomics.store(this.control, ABORT_SLOT, id);
    const worker = this.worker;
    this.killTimer = setTimeout(() => {
      if (this.active !== job || this.worker !== worker) return;
      this.aborts.push({ latencyMs: performance.now() - job.abortedAt!, samples: -1, terminated: true });
      this.active = undefined;
      this.dropWorker();
      this.pump();
    }, this.abortGraceMs);
  }

  async close(): Promise<void> {
    const pending = [...this.queue, ...(this.active ? [this.active] : [])];
    this.queue.length = 0;
    this.active = undefined;
    const worker = this.worker ?? (await this.starting?.catch(() => undefined));
    this.dropWorker();
    for (const job of pending) if (job.abortedAt === undefined) job.handlers.failed(new Error('The built-in voice was closed'));
    await worker?.terminate();
  }

  private ensureWorker(): Promise<Worker> {
    if (this.worker) return Promise.resolve(this.worker);
    this.starting ??= this.launch().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async launch(): Promise<Worker> {
    const data: EspeakWorkerData = { control: this.control.buffer as SharedArrayBuffer };
    const worker = startEspeakWorker(this.workerFile ?? locateEspeakWorker(), { workerData: data });
    this.workerStarts++;
    return new Promise<Worker>((resolve, reject) => {
      const onFirst = (message: FromWorker) => {
        if (message.type !== 'ready') return;
        worker.off('message', onFirst);
        this.sampleRate = message.sampleRate;
        this.worker = worker;
        worker.on('message', (m: FromWorker) => this.route(worker, m));
        this.idle(worker);
        resolve(worker);
      };
      worker.on('message', onFirst);
      worker.on('error', (error) => {
        if (this.worker === worker) this.lost(error);
        else reject(error);
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) this.lost(new Error(`The eSpeak worker exited (code ${code})`));
        else reject(new Error(`The eSpeak worker exited while starting (code ${code})`));
      });
    });
  }

  private route(worker: Worker, message: FromWorker): void {
    const job = this.active;
    if (worker !== this.worker || !job || message.type === 'ready' || message.id !== job.id) return;
    const finished = message.type !== 'audio';
    if (job.abortedAt !== undefined) {
      if (!finished) return; // audio of an aborted job: dropped
      this.aborts.push({
        latencyMs: performance.now() - job.abortedAt,
        samples: message.type === 'done' ? message.samples : -1,
        terminated: false,
      });
    } else if (message.type === 'done' && message.last) {
      const { last, ...done } = message;
      job.handlers.message({ type: 'audio', id: job.id, ...last });
      job.handlers.message(done);
    } else {
      job.handlers.message(message);
    }
    if (finished) {
      clearTimeout(this.killTimer);
      this.active = undefined;
      this.pump();
    }
  }

  private pump(): void {
    if (this.active || this.queue.length === 0) {
      if (!this.active && this.worker) this.idle(this.worker);
      return;
    }
    if (!this.worker) {
      this.ensureWorker().then(
        () => this.pump(),
        (error: unknown) => this.failQueued(error instanceof Error ? error : new Error(String(error))),
      );
      return;
    }
    const job = this.queue.shift()!;
    this.active = job;
    this.worker.ref();
    this.worker.postMessage({ ...job.request, id: job.id } as ToWorker);
  }

  /** An idle worker must not keep a command-line process alive. */
  private idle(worker: Worker): void {
    worker.unref();
  }

  private lost(error: Error): void {
    const job = this.active;
    this.active = undefined;
    this.dropWorker();
    if (job && job.abortedAt === undefined) job.handlers.failed(error);
    this.pump();
  }

  private failQueued(error: Error): void {
    for (const job of this.queue.splice(0)) job.handlers.failed(error);
  }

  private dropWorker(): void {
    clearTimeout(this.killTimer);
    const worker = this.worker;
    this.worker = undefined;
    Atomics.store(this.control, ABORT_SLOT, 0);
    if (worker) {
      worker.removeAllListeners('message');
      worker.removeAllListeners('exit');
      worker.on('error', () => {});
      void worker.terminate();
    }
  }
}
