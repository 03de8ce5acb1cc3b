/**
 * The inference worker's life: creating it, noticing that it died (an uncaught failure, a message it could not
 * read), replacing it, and recycling it when its memory is far larger than what is still needed.
 *
 * WebAssembly memory never shrinks: a session that grew onnxruntime's heap to gigabytes leaves the worker there
 * after it is released. After every evaluation the worker reports its heap and whether onnxruntime is still usable
 * (eval.worker.ts); when it is not, or when the heap is far past what the kept models need (core/memoryBudget.ts),
 * the worker is replaced as soon as nothing runs in it, and the client hands the new one its models again (their
 * sessions made when next used) and its test sets with the next evaluation. A worker that ends without an error
 * event (closed from outside the page) is noticed through its life lock (lifeLock.ts) and replaced the same way.
 */
import { recycleAdvised } from '../core/memoryBudget';
import { lifeLockName, lifeLocksAvailable, watchLifeLock } from './lifeLock';
import type { FromWorker, LifeLockHeld, RuntimeModule, ToWorker, WorkerHealth } from './protocol';
import { isOutOfMemory } from './runtimeErrors';

/** Why a worker was unusable, in words for the diagnostics panel (onnxruntime's own text is in the error's details). */
const brokenReason = (broken: string): string =>
  isOutOfMemory(broken) ? 'onnxruntime ran out of memory in it' : /WebGL context/.test(broken) ? broken : 'onnxruntime stopped with an internal error in it';

export type WorkerReply = Exclude<FromWorker, WorkerHealth | LifeLockHeld | RuntimeModule>;

/** Why the worker was replaced. */
export type RestartCause = 'cancel' | 'crash' | 'memory' | 'broken';

export interface HostClient {
  /** A message for an evaluation. */
  readonly receive: (message: WorkerReply) => void;
  /** onnxruntime's `.wasm`, compiled by the worker: kept for the workers that replace it. */
  readonly compiled: (module: WebAssembly.Module) => void;
  /** The worker died: the evaluations it was running are lost; `explanation` is for the user. */
  readonly died: (explanation: string) => void;
  /** A fresh worker replaced the old one: it holds no model and no test set yet. */
  readonly restarted: (cause: RestartCause) => void;
  /** Whether no evaluation is waiting for the worker (it is only recycled then). */
  readonly idle: () => boolean;
  /** File sizes of the models the worker still serves, to judge whether its heap is out of proportion. */
  readonly modelBytes: () => number[];
}

/** What the diagnostics panel shows of the worker (a snapshot; a new object whenever something changes). */
export interface WorkerMemory {
  /** onnxruntime's WebAssembly heap in the current worker, bytes, as last reported (null before its first session). */
  readonly wasmHeapBytes: number | null;
  /** The largest heap a worker of this page reached. */
  readonly peakHeapBytes: number;
  /** Workers replaced so far (not counting cancels), and the last reason. */
  readonly restarts: number;
  readonly lastRestart: string | null;
}

type Listener = () => void;

/** The page has one inference worker at a time; its memory figures are shown by the diagnostics panel. */
class MemoryStore {
  private snapshot: WorkerMemory = { wasmHeapBytes: null, peakHeapBytes: 0, restarts: 0, lastRestart: null };
  private readonly listeners = new Set<Listener>();
  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  readonly get = (): WorkerMemory => this.snapshot;
  update(change: Partial<WorkerMemory>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}

export const workerMemory = new MemoryStore();

/** A worker that dies this soon after starting, this many times in a row, cannot start at all: stop trying. */
const EARLY_DEATH_MS = 3000;
const MAX_EARLY_DEATHS = 3;

export class WorkerHost {
  /** Null while the start is put off (`held`). */
  private worker: Worker | null;
  /** Messages posted while the start is put off, posted in order when it starts (begin). */
  private queued: { message: ToWorker; transfer: Transferable[] }[] | null = null;
  private startedAt = 0;
  private earlyDeaths = 0;
  /** Bumped with every new worker: callbacks of an older one are ignored. */
  generation = 0;
  /** A recycle asked for while evaluations were running: done when they end. */
  private recycleDue: { cause: RestartCause; reason: string } | null = null;
  /** Workers this host ended itself: their life locks coming free is no news. */
  private readonly ended = new WeakSet<Worker>();

  /**
   * `held`: the worker starts only when begin() is called (or a restart): a page showing an earlier visit's saved
   * results does not need onnxruntime for them, and its WebAssembly start would take a core from the page meanwhile.
   * The generation is the first worker's already, so what is said to it before it starts still reaches it.
   */
  constructor(private readonly client: HostClient, held = false) {
    if (held) {
      this.queued = [];
      this.generation = 1;
      this.worker = null;
    } else this.worker = this.start();
    installTestHooks(this);
  }

  /** Starts a held worker and posts what was said to it meanwhile. */
  begin(): void {
    const queued = this.queued;
    if (!queued) return;
    this.queued = null;
    const worker = (this.worker = this.start(this.generation));
    for (const { message, transfer } of queued) worker.postMessage(message, transfer);
  }

  private start(generation = ++this.generation): Worker {
    const worker = new Worker(new URL('./eval.worker.ts', import.meta.url), { type: 'module', name: 'inference' });
    this.startedAt = performance.now();
    const lifeLock = lifeLocksAvailable() ? lifeLockName() : null;
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      if (generation !== this.generation) return;
      const message = event.data;
      if (message.type === 'health') this.health(message);
      else if (message.type === 'runtimeModule') this.client.compiled(message.module);
      else if (message.type === 'lifeLockHeld') {
        // Granted to the page only once the worker's context is gone.
        watchLifeLock(lifeLock!, () => {
          if (generation === this.generation && !this.ended.has(worker)) this.died('it ended without reporting an error');
        });
      } else this.client.receive(message);
    };
    // An uncaught error in the worker (onnxruntime's own included) leaves it in an unknown state: replace it.
    worker.onerror = (event) => {
      event.preventDefault();
      if (generation === this.generation) this.died(event.message || 'an error without a message');
    };
    worker.onmessageerror = () => generation === this.generation && this.died('a message it could not read');
    if (lifeLock) worker.postMessage({ type: 'holdLifeLock', name: lifeLock } satisfies ToWorker);
    return worker;
  }

  post(message: ToWorker, transfer: Transferable[] = []): void {
    if (this.queued) this.queued.push({ message, transfer });
    else this.worker!.postMessage(message, transfer);
  }

  /** Replaces the worker now (cancel, recycle): whatever it was running is lost. */
  restart(cause: RestartCause, reason = ''): void {
    if (this.worker) this.end(this.worker);
    this.queued = null; // the client says it all again to the new worker (restarted)
    this.recycleDue = null;
    this.worker = this.start();
    if (cause !== 'cancel') workerMemory.update({ restarts: workerMemory.get().restarts + 1, lastRestart: reason || cause });
    workerMemory.update({ wasmHeapBytes: null });
    this.client.restarted(cause);
  }

  private died(what: string): void {
    const early = performance.now() - this.startedAt < EARLY_DEATH_MS;
    this.earlyDeaths = early ? this.earlyDeaths + 1 : 0;
    if (this.earlyDeaths >= MAX_EARLY_DEATHS) {
      if (this.worker) this.end(this.worker);
      this.client.died(`The inference worker could not start (${what}), ${MAX_EARLY_DEATHS} times in a row. Reload the page; if this persists, the browser may be blocking workers or WebAssembly.`);
      return;
    }
    this.restart('crash', `the worker stopped: ${what}`);
    this.client.died(
      `The inference worker stopped unexpectedly (${what}). A fresh one was started: evaluate again and it will run as before.`,
    );
  }

  private health(report: WorkerHealth): void {
    const heap = report.wasmHeapBytes;
    if (heap !== null) workerMemory.update({ wasmHeapBytes: heap, peakHeapBytes: Math.max(workerMemory.get().peakHeapBytes, heap) });
    if (report.broken !== null) this.recycleDue = { cause: 'broken', reason: brokenReason(report.broken) };
    else if (heap !== null && recycleAdvised(heap, this.client.modelBytes())) {
      this.recycleDue = { cause: 'memory', reason: `its WebAssembly heap (${Math.round(heap / 2 ** 20)} MB) was far larger than the models in use need` };
    }
    this.settled();
  }

  /** Called when the evaluations waiting for the worker are over: a recycle that was due happens now. */
  settled(): void {
    if (this.recycleDue && this.client.idle()) this.restart(this.recycleDue.cause, this.recycleDue.reason);
  }

  terminate(): void {
    this.queued = null;
    if (this.worker) this.end(this.worker);
  }

  private end(worker: Worker): void {
    this.ended.add(worker);
    worker.terminate();
  }
}

/**
 * `window.__classifierLens` hooks for the fault tests (e2e/faults.spec.ts), present only when the test set
 * `window.__classifierLensTestHooks = true` before the page loaded (Playwright's addInitScript).
 */
function installTestHooks(host: WorkerHost): void {
  const scope = globalThis as { __classifierLensTestHooks?: unknown; __classifierLens?: Record<string, unknown> };
  if (scope.__classifierLensTestHooks !== true) return;
  scope.__classifierLens = {
    ...scope.__classifierLens,
    crashWorker: () => host.post({ type: 'testCrash' }),
    loseWebGLContext: () => host.post({ type: 'testLoseWebGL' }),
    workerGeneration: () => host.generation,
    workerMemory: () => workerMemory.get(),
  };
}
