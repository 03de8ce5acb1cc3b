import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { ImageSet } from '../../core/types';
import type { EvaluationOutput } from '../../inference/client';
import { percent } from '../charts/format';
import type { Evaluation } from '../evaluation';
import { DigitCanvas } from '../strip/DigitCanvas';
import { decodeSize, keyboardMove, PAD_SIDE, PEN_WIDTH, pictureInput, randomIndex, sniffPicture, testImageInput, verdict, type ModelInput, type Verdict } from './drawModel';
import { ProbabilityList } from './ProbabilityList';
import './draw.css';

/** How often a stroke in progress is re-read and scored (ms): live, without flooding the worker. */
const LIVE_EVERY_MS = 120;

type Source = { readonly kind: 'pad' } | { readonly kind: 'file'; readonly name: string } | { readonly kind: 'test'; readonly index: number; readonly label: number | null };
type Input = ModelInput & { readonly source: Source };
interface Scored {
  readonly input: Input;
  readonly results: readonly { readonly evaluation: Evaluation; readonly verdict: Verdict | null; readonly error: string | null }[];
}

interface Props {
  /** The evaluation whose model scores the drawing (model A); null before the first one. */
  readonly evaluation: Evaluation | null;
  /** Model B's evaluation while comparing, scored beside A. */
  readonly second: Evaluation | null;
  /** An evaluation is running: scoring waits for it (the worker is busy with the same session). */
  readonly busy: boolean;
  readonly score: (evaluation: Evaluation, images: ImageSet) => Promise<EvaluationOutput>;
  /** A picture dropped on the page; `n` changes with every drop. */
  readonly dropped: { readonly file: File; readonly n: number } | null;
}

/**
 * Draw a digit (mouse, touch or pen through Pointer Events; arrow keys too) or drop a picture, and see what the
 * model makes of it: the 28×28 input it saw (converted the way MNIST was made), the class probabilities and the
 * top class. "Score a random test image" is the tutorial's last step.
 */
export function DrawPad({ evaluation, second, busy, score, dropped }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const stroke = useRef<{ drawing: boolean; last: { x: number; y: number } | null; readAt: number; timer: number | null }>({ drawing: false, last: null, readAt: 0, timer: null });
  const pen = useRef({ x: PAD_SIDE / 2, y: PAD_SIDE / 4 });
  const [input, setInput] = useState<Input | null>(null);
  const [scored, setScored] = useState<Scored | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const hintId = useId();

  const context = () => canvas.current?.getContext('2d', { willReadFrequently: true }) ?? null;
  const clearPad = useCallback(() => {
    const ctx = context();
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, PAD_SIDE, PAD_SIDE);
  }, []);
  useEffect(clearPad, [clearPad]);

  /** Reads the pad and makes it the input (an empty pad clears the input instead). */
  const readPad = useCallback(() => {
    const ctx = context();
    if (!ctx) return;
    stroke.current.readAt = performance.now();
    const image = ctx.getImageData(0, 0, PAD_SIDE, PAD_SIDE);
    const converted = pictureInput({ width: image.width, height: image.height, data: image.data });
    setProblem(null);
    setInput(converted.ok ? { ...converted.value, source: { kind: 'pad' } } : null);
  }, []);

  const readSoon = () => {
    const s = stroke.current;
    if (s.timer !== null) return;
    const wait = Math.max(0, LIVE_EVERY_MS - (performance.now() - s.readAt));
    s.timer = window.setTimeout(() => {
      s.timer = null;
      readPad();
    }, wait);
  };

  const line = (from: { x: number; y: number }, to: { x: number; y: number }) => {
    const ctx = context();
    if (!ctx) return;
    ctx.strokeStyle = '#fff';
    ctx.fillStyle = '#fff';
    ctx.lineWidth = PEN_WIDTH;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
  };

  const at = (e: { clientX: number; clientY: number }) => {
    const rect = canvas.current!.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * PAD_SIDE) / rect.width, y: ((e.clientY - rect.top) * PAD_SIDE) / rect.height };
  };

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = at(e);
    if (input && input.source.kind !== 'pad') clearPad(); // a picture or test image was shown: start afresh
    stroke.current.drawing = true;
    stroke.current.last = p;
    line(p, p);
    readSoon();
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const s = stroke.current;
    if (!s.drawing || !s.last) return;
    // A pen or a fast mouse reports several positions per frame: draw through all of them.
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
    for (const ev of events.length ? events : [e.nativeEvent]) {
      const p = at(ev);
      line(s.last, p);
      s.last = p;
    }
    readSoon();
  };
  const onPointerEnd = () => {
    if (!stroke.current.drawing) return;
    stroke.current.drawing = false;
    stroke.current.last = null;
    readPad();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (e.key === 'Escape' || e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      clear();
      return;
    }
    const next = keyboardMove(e.key, pen.current);
    if (!next) return;
    e.preventDefault();
    if (input && input.source.kind !== 'pad') clearPad();
    if (!e.shiftKey) line(pen.current, next); // Shift moves the pen without drawing
    pen.current = next;
    readSoon();
  };

  const clear = () => {
    clearPad();
    pen.current = { x: PAD_SIDE / 2, y: PAD_SIDE / 4 };
    setInput(null);
    setScored(null);
    setProblem(null);
  };

  const scoreRandomTestImage = () => {
    if (!evaluation) return;
    const index = randomIndex(evaluation.data.images.count, Math.random());
    const made = testImageInput(evaluation.data.images, index);
    if (!made.ok) return setProblem(made.reason);
    clearPad();
    setProblem(null);
    setInput({ ...made.value, source: { kind: 'test', index, label: evaluation.data.labels?.labels[index] ?? null } });
  };

  const openPicture = useCallback(async (file: File) => {
    try {
      const head = new Uint8Array(await file.slice(0, 32).arrayBuffer());
      const format = sniffPicture(head);
      if (!format) throw new Error('it is not a PNG, JPEG, GIF, BMP or WebP picture.');
      const probe = await createImageBitmap(file);
      const original = { width: probe.width, height: probe.height }; // a closed bitmap reads 0×0
      const size = decodeSize(original.width, original.height);
      const bitmap = size.scaled ? await createImageBitmap(file, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' }) : probe;
      const board = new OffscreenCanvas(size.width, size.height);
      const ctx = board.getContext('2d', { willReadFrequently: true });
      if (!ctx) throw new Error('the browser gave no canvas to decode it on.');
      ctx.drawImage(bitmap, 0, 0);
      probe.close();
      bitmap.close();
      const image = ctx.getImageData(0, 0, size.width, size.height);
      const converted = pictureInput({ width: image.width, height: image.height, data: image.data });
      if (!converted.ok) throw new Error(converted.reason.replace(/^The image/, 'the picture'));
      const description = `${format} ${original.width}×${original.height}${size.scaled ? `, decoded at ${size.width}×${size.height}` : ''}; ${converted.value.description.replace(/^\d+×\d+ \w+: /, '')}`;
      clearPad();
      setProblem(null);
      setInput({ ...converted.value, description, source: { kind: 'file', name: file.name } });
    } catch (e) {
      setProblem(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }, [clearPad]);
  useEffect(() => {
    if (dropped) void openPicture(dropped.file);
  }, [dropped, openPicture]);

  // Score the input with model A (and B while comparing) once the worker is free; a newer input wins.
  useEffect(() => {
    if (!input || !evaluation || busy) return;
    let live = true;
    const models = second ? [evaluation, second] : [evaluation];
    Promise.all(
      models.map((m) =>
        score(m, input.images).then(
          (out) => ({ evaluation: m, verdict: verdict(out.scores, out.classes), error: null }),
          (e: unknown) => ({ evaluation: m, verdict: null, error: e instanceof Error ? e.message : String(e) }),
        ),
      ),
    ).then((results) => live && setScored({ input, results }));
    return () => {
      live = false;
    };
  }, [input, evaluation, second, busy, score]);

  const shown = scored && scored.input === input ? scored : null;
  const source = input?.source;
  const a = shown?.results[0]?.verdict ?? null;

  return (
    <section className="card draw-card" aria-labelledby="draw-title" data-testid="draw-card">
      <header className="card-header">
        <div>
          <h2 id="draw-title">Draw a digit</h2>
          <p className="card-sub" id={hintId}>
            Draw with the mouse, a finger or a pen (or the arrow keys; Shift+arrow moves without drawing, Escape clears), drop a picture on the page, or score a random test
            image. It is converted the way MNIST was made and scored by {evaluation ? evaluation.model.name : 'the model'}
            {second ? ` and ${second.model.name}` : ''}.
          </p>
        </div>
      </header>
      <div className="draw-body">
        <div className="draw-seen">
          <canvas
            ref={canvas}
            className="draw-pad"
            width={PAD_SIDE}
            height={PAD_SIDE}
            data-testid="draw-pad"
            tabIndex={0}
            role="application"
            aria-label="Drawing pad"
            aria-describedby={hintId}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerEnd}
            onPointerCancel={onPointerEnd}
            onKeyDown={onKeyDown}
          />
          <div className="draw-controls">
            <button type="button" className="button" onClick={clear} data-testid="draw-clear">
              Clear
            </button>
            <button type="button" className="button" onClick={scoreRandomTestImage} disabled={!evaluation} data-testid="draw-random">
              Score a random test image
            </button>
            <button type="button" className="button" onClick={() => fileInput.current?.click()} data-testid="draw-open">
              Open a picture…
            </button>
            <input
              ref={fileInput}
              type="file"
              accept="image/*"
              hidden
              aria-label="Open a picture to score"
              data-testid="draw-file-input"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void openPicture(file);
                e.target.value = '';
              }}
            />
          </div>
        </div>
        <div className="draw-seen" data-testid="draw-input" data-source={source?.kind ?? ''}>
          <span className="card-sub">The input the model saw</span>
          {input ? <DigitCanvas images={input.images} index={0} inverted label="The 28×28 input the model saw" /> : <canvas width={28} height={28} aria-hidden="true" />}
          {source?.kind === 'test' && (
            <span data-testid="draw-source" data-index={source.index} data-label={source.label ?? ''}>
              Test image #{source.index}
              {source.label === null ? ' (no label)' : `, labelled ${evaluation?.classNames[source.label] ?? source.label}`}
              {a && source.label !== null ? (a.top === source.label ? ': predicted right' : ': predicted wrong') : ''}
            </span>
          )}
          {source?.kind === 'file' && <span>{source.name}</span>}
          {input && <span className="card-sub" data-testid="draw-conversion">{input.description}</span>}
        </div>
        <div className="draw-scores" aria-live="polite">
          {problem && (
            <p className="draw-error" role="alert" data-testid="draw-error">
              {problem}
            </p>
          )}
          {!input && !problem && <p className="card-sub">Nothing to score yet: draw a digit.</p>}
          {input && busy && <p className="card-sub">Waiting for the evaluation to finish…</p>}
          {shown?.results.map(({ evaluation: m, verdict: v, error }, k) => (
            <div key={m.model.key + k} className="draw-model">
              <h3 className="card-sub">{m.model.name}</h3>
              {v ? (
                <>
                  <p className="draw-result" data-testid={k === 0 ? 'draw-result' : 'draw-result-b'} data-pred={v.top} data-model={m.model.name}>
                    {m.classNames[v.top] ?? v.top} <span className="card-sub">{percent(v.probabilities[v.top]!)}</span>
                  </p>
                  <ProbabilityList probabilities={v.probabilities} classNames={m.classNames} top={v.top} label={`Class probabilities by ${m.model.name}${v.softmaxApplied ? ' (softmax of its logits)' : ''}`} />
                </>
              ) : (
                <p className="draw-error">{error}</p>
              )}
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
