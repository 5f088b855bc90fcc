// The main-process side of an engine worker (eSpeak's, the natural voices'): starts it on demand,
// runs one job at a time from a queue, routes the worker's messages to the job that asked, and
// aborts jobs. An abort ends the job for its caller at once; the worker is told through shared
// memory and normally stops within one buffer (eSpeak) or one model run (a natural voice). If it has
// not stopped after `abortGraceMs` (an engine stuck in one long call), a fresh worker starts with the
// next job, so a cancelled sentence can never hold up the next one for long: the old one is terminated,
// or, for a worker in a native call that must not be cut (`retireBusyWorkers`), left to finish its
// call and terminated once it has.
import type { Worker } from 'node:worker_threads';
import { locateWorker, startWorker, type WorkerName } from './worker-location';
import { ABORT_SLOT, type EngineWorkerData, type WorkerMessage } from './worker-protocol';

/** A job as its caller asks for it: the worker's job type without the id the host gives it. */
export type JobRequest<Job> = Job extends unknown ? Omit<Job, 'id'> : never;
type JobMessage<Message> = Exclude<Message, { type: 'ready' }>;

export interface JobHandlers<Message> {
  /** Every message for this job, up to and including the last ('done', 'voices' or 'error'). */
  message(message: JobMessage<Message>): void;
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

interface Job<Request, Message> {
  id: number;
  request: Request;
  handlers: JobHandlers<Message>;
  /** Preemptible jobs (warm-up) are aborted as soon as real work arrives. */
  preemptible: boolean;
  abortedAt?: number;
}

export interface WorkerHostOptions {
  /** The worker's code (a test's own); by default the named worker of the build or the source. */
  workerFile?: string;
  abortGraceMs?: number;
  /** Done once, before the first worker starts (e.g. loading a native module the workers need). */
  beforeFirstStart?: () => Promise<unknown>;
  /**
   * Never terminate a worker mid-job: terminating one inside onnxruntime's run makes the runtime throw
   * into an ending thread, which kills the whole process. A worker that does not stop in time is set
   * aside to finish its run (it sees the abort then) and terminated once it has.
   */
  retireBusyWorkers?: boolean;
}

/** How long close() lets a busy worker finish its run before terminating it anyway. */
const RETIRE_LIMIT_MS = 30_000;

/**
 * `ToWorker`: the worker's jobs (each with an id); `Extra`: its messages besides the common ones
 * (worker-protocol.ts). A job ends at 'done', 'error' or any Extra message.
 */
export class WorkerHost<ToWorker extends { type: string; id: number }, Extra extends { type: string; id: number } = never> {
  private worker: Worker | undefined;
  private starting: Promise<Worker> | undefined;
  /** The current worker's control array (each worker has its own: one set aside keeps its abort). */
  private control = new Int32Array(new SharedArrayBuffer(4));
  /** Workers set aside to finish a run, each until it has ended. */
  private readonly retiring = new Set<Promise<void>>();
  private readonly retireBusyWorkers: boolean;
  private readonly queue: Job<JobRequest<ToWorker>, WorkerMessage<Extra>>[] = [];
  private active: Job<JobRequest<ToWorker>, WorkerMessage<Extra>> | undefined;
  private nextId = 1;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly abortGraceMs: number;
  private readonly workerFile: string | undefined;
  private prepared: Promise<unknown> | undefined;
  private readonly beforeFirstStart: (() => Promise<unknown>) | undefined;
  sampleRate = 22050;
  /** How many workers have been started (more than one means restarts). */
  workerStarts = 0;
  readonly aborts: AbortRecord[] = [];

  constructor(
    private readonly name: WorkerName,
    /** What the worker is, in error messages: 'The eSpeak worker'. */
    private readonly label: string,
    options: WorkerHostOptions = {},
  ) {
    this.workerFile = options.workerFile;
    this.abortGraceMs = options.abortGraceMs ?? 500;
    this.beforeFirstStart = options.beforeFirstStart;
    this.retireBusyWorkers = options.retireBusyWorkers ?? false;
  }

  /** Starts the worker if it is not running and waits until the engine is loaded. */
  async start(): Promise<void> {
    await this.ensureWorker();
  }

  /** Queues a job; returns its id (for abort). */
  submit(request: JobRequest<ToWorker>, handlers: JobHandlers<WorkerMessage<Extra>>, options: { preemptible?: boolean } = {}): number {
    const job: Job<JobRequest<ToWorker>, WorkerMessage<Extra>> = { id: this.nextId++, request, handlers, preemptible: options.preemptible ?? false };
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
      if (this.retireBusyWorkers) this.retire(job.id);
      else this.dropWorker();
      this.pump();
    }, this.abortGraceMs);
  }

  async close(): Promise<void> {
    const active = this.active;
    const pending = [...this.queue, ...(active ? [active] : [])];
    this.queue.length = 0;
    this.active = undefined;
    let worker = this.worker ?? (await this.starting?.catch(() => undefined));
    if (active && this.retireBusyWorkers && this.worker) {
      // Busy in a run that must not be cut: told to stop, it ends after the run.
      Atomics.store(this.control, ABORT_SLOT, active.id);
      this.retire(active.id);
      worker = undefined;
    } else {
      this.dropWorker();
    }
    for (const job of pending) if (job.abortedAt === undefined) job.handlers.failed(new Error(`${this.label} was closed`));
    await worker?.terminate();
    await Promise.all(this.retiring);
  }

  /**
   * Sets the current worker aside to finish job `jobId` (told to abort through its own control array),
   * and terminates it once the job has ended, or after RETIRE_LIMIT_MS; the next job gets a new worker.
   */
  private retire(jobId: number): void {
    clearTimeout(this.killTimer);
    const worker = this.worker;
    this.worker = undefined;
    this.control = new Int32Array(new SharedArrayBuffer(4));
    if (!worker) return;
    worker.removeAllListeners('message');
    worker.removeAllListeners('exit');
    worker.on('error', () => {});
    const ended = new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(limit);
        void worker.terminate().finally(resolve);
      };
      const limit = setTimeout(end, RETIRE_LIMIT_MS);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type !== 'audio' && m.type !== 'ready' && m.id === jobId) end();
      });
      worker.on('exit', () => {
        clearTimeout(limit);
        resolve();
      });
    });
    this.retiring.add(ended);
    void ended.then(() => this.retiring.delete(ended));
  }

  private ensureWorker(): Promise<Worker> {
    if (this.worker) return Promise.resolve(this.worker);
    this.starting ??= this.launch().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async launch(): Promise<Worker> {
    if (this.beforeFirstStart) await (this.prepared ??= this.beforeFirstStart());
    const control = (this.control = new Int32Array(new SharedArrayBuffer(4)));
    const data: EngineWorkerData = { control: control.buffer as SharedArrayBuffer };
    const worker = startWorker(this.workerFile ?? locateWorker(this.name), { workerData: data });
    this.workerStarts++;
    return new Promise<Worker>((resolve, reject) => {
      const onFirst = (message: WorkerMessage) => {
        if (message.type !== 'ready') return;
        worker.off('message', onFirst);
        this.sampleRate = message.sampleRate;
        this.worker = worker;
        worker.on('message', (m: WorkerMessage<Extra>) => this.route(worker, m));
        this.idle(worker);
        resolve(worker);
      };
      worker.on('message', onFirst);
      worker.on('error', (error) => {
        if (this.worker === worker) this.lost(error);
        else reject(error);
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) this.lost(new Error(`${this.label} exited (code ${code})`));
        else reject(new Error(`${this.label} exited while starting (code ${code})`));
      });
    });
  }

  private route(worker: Worker, received: WorkerMessage<Extra>): void {
    // The common messages narrow as such; anything else is the worker's own final message (Extra).
    const message = received as WorkerMessage;
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
      job.handlers.message(received as JobMessage<WorkerMessage<Extra>>);
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
    this.worker.postMessage({ ...job.request, id: job.id });
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
