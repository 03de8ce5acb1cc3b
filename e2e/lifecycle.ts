/** Steps shared by the fault and soak tests: test hooks, the renderer's memory, garbage collection, card checks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { expect, type CDPSession, type Page } from '@playwright/test';
import type { ModelCard } from '../app/core/modelCard';
import { PROJECT_ROOT } from '../app/node/testSetFiles';
import { accuracyOf, fileBuffer, MNIST_FILES, readBytes } from './helpers';

/** Turns on `window.__classifierLens` (workerHost.ts) for the page about to open. */
export async function enableTestHooks(page: Page): Promise<void> {
  await page.addInitScript(() => Object.assign(window, { __classifierLensTestHooks: true }));
}

type Hooks = { crashWorker(): void; loseWebGLContext(): void; workerGeneration(): number; workerMemory(): { wasmHeapBytes: number | null; restarts: number } };

export const callHook = async <K extends keyof Hooks>(page: Page, name: K): Promise<ReturnType<Hooks[K]>> =>
  (await page.evaluate((n: string) => (window as unknown as { __classifierLens: Record<string, () => unknown> }).__classifierLens[n]!(), name)) as ReturnType<Hooks[K]>;

export const card = (id: string): ModelCard => JSON.parse(readFileSync(join(PROJECT_ROOT, 'models', `${id}.card.json`), 'utf8')) as ModelCard;

/** The matrix on screen, as the card writes it. */
export async function shownMatrix(page: Page): Promise<number[][]> {
  const counts = await page.getByTestId('cm-cell').evaluateAll((els) => els.map((el) => [Number(el.dataset['true']), Number(el.dataset['pred']), Number(el.dataset['count'])]));
  const classes = Math.round(Math.sqrt(counts.length));
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(-1));
  for (const [t, p, c] of counts) matrix[t!]![p!] = c!;
  return matrix;
}

/** The page shows exactly the card's accuracy and confusion matrix. */
export async function expectCard(page: Page, id: string): Promise<void> {
  const expected = card(id);
  expect(await accuracyOf(page)).toBe(expected.test.correct / expected.test.samples);
  expect(await shownMatrix(page)).toEqual(expected.test.confusionMatrix);
}

/** The first `count` MNIST test images and labels, as IDX files (gzip). */
export function mnistSubset(count: number, prefix = `mnist-${count}`) {
  const images = gunzipSync(readBytes(MNIST_FILES[0]!));
  const labels = gunzipSync(readBytes(MNIST_FILES[1]!));
  const imagesIdx = images.subarray(0, 16 + count * 784);
  const labelsIdx = labels.subarray(0, 8 + count);
  new DataView(imagesIdx.buffer, imagesIdx.byteOffset).setUint32(4, count);
  new DataView(labelsIdx.buffer, labelsIdx.byteOffset).setUint32(4, count);
  return [fileBuffer(`${prefix}-images.gz`, gzipSync(imagesIdx)), fileBuffer(`${prefix}-labels.gz`, gzipSync(labelsIdx))];
}

/** Resident memory of a process, bytes (Linux). */
const residentBytes = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/**
 * The renderer processes of the browser (the page's workers live in its renderer), with their resident memory.
 * SystemInfo.getProcessInfo does not say which renderer is which page: a test with one page follows the largest.
 */
export async function renderers(browserSession: CDPSession): Promise<{ pid: number; rss: number }[]> {
  const info = (await browserSession.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  return info.processInfo.filter((p) => p.type === 'renderer').map((p) => ({ pid: p.id, rss: residentBytes(p.id) }));
}

export const rssOf = (pid: number): number => residentBytes(pid);

/**
 * Collects garbage in the page and in every worker it has (the inference worker and onnxruntime's threads), through
 * the DevTools protocol: HeapProfiler.collectGarbage on each target. Workers are reached by auto-attaching to them.
 */
export class GarbageCollector {
  private constructor(
    private readonly page: CDPSession,
    private readonly workers: Map<string, true>,
  ) {}

  static async attach(page: Page): Promise<GarbageCollector> {
    const session = await page.context().newCDPSession(page);
    const workers = new Map<string, true>();
    session.on('Target.attachedToTarget', (event: { sessionId: string; targetInfo: { type: string } }) => {
      if (event.targetInfo.type === 'worker') workers.set(event.sessionId, true);
    });
    session.on('Target.detachedFromTarget', (event: { sessionId: string }) => workers.delete(event.sessionId));
    // Not flattened: worker sessions are then reached through Target.sendMessageToTarget on this session.
    await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    await session.send('HeapProfiler.enable');
    return new GarbageCollector(session, workers);
  }

  /** Workers attached now (they come and go with the page's workers). */
  get workerCount(): number {
    return this.workers.size;
  }

  async collect(): Promise<void> {
    for (const sessionId of this.workers.keys()) {
      await sendTo(this.page, sessionId, 'HeapProfiler.collectGarbage').catch(() => {});
    }
    await this.page.send('HeapProfiler.collectGarbage');
  }

  /**
   * The page's JS heap after collections: `used` as Runtime.getHeapUsage counts it, and what a heap snapshot taken
   * then holds, bytes by node type (`object`, `closure`, `string`, `array`, `code` for bytecode and compiled code…;
   * `native` is left out: it is mostly the DOM's C++ objects and buffers' contents, outside the JS heap). Reported
   * beside the soak's bound to say what grew.
   */
  async heapByType(): Promise<{ used: number; byType: Map<string, number> }> {
    const used = await this.pageHeap();
    const chunks: string[] = [];
    const collect = (event: { chunk: string }) => chunks.push(event.chunk);
    this.page.on('HeapProfiler.addHeapSnapshotChunk', collect);
    await this.page.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    this.page.off('HeapProfiler.addHeapSnapshotChunk', collect);
    const snapshot = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[] };
    const fields = snapshot.snapshot.meta.node_fields;
    const typeNames = snapshot.snapshot.meta.node_types[0];
    const [typeAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('self_size')];
    const byType = new Map<string, number>();
    for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
      const type = typeNames[snapshot.nodes[i + typeAt]!]!;
      if (type !== 'native' && type !== 'synthetic') byType.set(type, (byType.get(type) ?? 0) + snapshot.nodes[i + sizeAt]!);
    }
    return { used, byType };
  }

  /**
   * The page's JS heap in use, bytes, after collections: the least of three readings, each after a full
   * collection in the page and its workers and a moment for finalizers and the views' deferred work.
   */
  async pageHeap(): Promise<number> {
    let least = Infinity;
    for (let i = 0; i < 3; i++) {
      await this.collect();
      await new Promise((r) => setTimeout(r, 250));
      await this.collect();
      const { usedSize } = (await this.page.send('Runtime.getHeapUsage')) as { usedSize: number };
      least = Math.min(least, usedSize);
    }
    return least;
  }
}

/** A command to an attached worker (Playwright's CDPSession talks to its own target only). */
async function sendTo(session: CDPSession, sessionId: string, method: string): Promise<void> {
  await session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method }) });
}
