/**
 * What an evaluation is made of and produces: the loaded model and test set (with what the panels show about
 * them), the results, and progress while it runs. Types only, shared by the pipeline that makes them and the
 * state that holds them (neither imports the other).
 */
import type { Calibration } from '../core/calibration';
import type { ConfusionMatrix } from '../core/metrics/confusion';
import type { ModelCard } from '../core/modelCard';
import type { Feed } from '../core/onnx/feed';
import type { OnnxModel } from '../core/onnx/model';
import type { Preprocessing } from '../core/preprocess';
import type { PreprocessingChoice } from '../core/preprocessChoice';
import type { TestSet } from '../core/testSet';
import type { ImageSet, LabelSet, Predictions } from '../core/types';
import type { DecodingImages } from '../inference/client';
import type { Backend, RuntimeInfo } from '../inference/protocol';
import type { EvaluationRequest } from './request';

export interface Evaluation {
  /** The request these results answer. */
  readonly request: EvaluationRequest;
  readonly model: ModelEntry;
  readonly data: DataEntry;
  readonly classNames: readonly string[];
  /** The preprocessing used; with `auto`, the one calibration chose. */
  readonly preprocessing: Preprocessing;
  readonly preChoice: PreprocessingChoice;
  readonly calibration: Calibration | null;
  /** The images paired with their labels; null for an unlabelled set (no accuracy, no matrix: see isLabelled). */
  readonly testSet: TestSet | null;
  readonly predictions: Predictions;
  readonly matrix: ConfusionMatrix | null;
  readonly timings: {
    readonly sessionMs: number;
    readonly inferenceMs: number;
    /** From the request (a drop, a choice, opening the page) to results on screen, loading included. */
    readonly requestToDoneMs: number;
    /** From navigation start to results on screen. */
    readonly openToDoneMs: number;
    /** Set when the results are an earlier visit's, saved (app/io/savedResults.ts): when they were computed. */
    readonly savedAt?: number;
  };
  readonly runtime: RuntimeInfo;
  /** After a run on WebGL or WebGPU: how many predictions WebAssembly makes the same. */
  readonly agreement: BackendAgreement | null;
  /** Things the user should know about these results (not errors). */
  readonly notes: readonly string[];
}

/** An evaluation of a labelled test set: what the accuracy, the matrix and the analysis views need. */
export type LabelledEvaluation = Evaluation & { readonly testSet: TestSet; readonly matrix: ConfusionMatrix };

export const isLabelled = (e: Evaluation): e is LabelledEvaluation => e.testSet !== null && e.matrix !== null;

export interface BackendAgreement {
  readonly backend: Backend;
  readonly agree: number;
  readonly total: number;
}


export interface Progress {
  readonly label: string;
  readonly done: number;
  /** Null while the total is unknown (a download without Content-Length). */
  readonly total: number | null;
  readonly unit: 'bytes' | 'images' | 'steps';
  /** While images run: how many of those done so far were predicted correctly. */
  readonly correct?: number;
  /** While images run: the confusion matrix of the images done so far (absent for a run too quick to watch). */
  readonly partial?: { readonly matrix: ConfusionMatrix; readonly classNames: readonly string[]; readonly done: number; readonly total: number };
}


export type Origin = 'built-in' | 'dropped file' | 'URL';

/** A model ready to run, with what the model panel shows about it. */
export interface ModelEntry {
  readonly key: string;
  readonly name: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  /** Hex SHA-256 of the model file. */
  readonly sha256: string;
  readonly origin: Origin;
  readonly card: ModelCard | null;
  readonly info: OnnxModel;
  /** How the file declares its input; `runFeed` is how it is run (a batch of 1 may have been made free). */
  readonly feed: Feed;
  readonly runFeed: Feed;
  /** Classes declared by the scores output's shape; null when the shape leaves it open. */
  readonly classes: number | null;
  readonly externalData: readonly { readonly path: string; readonly sizeBytes: number }[];
  readonly notes: readonly string[];
}

export interface DataEntry {
  readonly key: string;
  readonly name: string;
  readonly origin: Origin;
  /** The built-in dataset these files are, if any (also for URLs and drops whose checksums match). */
  readonly datasetId: string | null;
  readonly classNames: readonly string[] | null;
  /** The file names (or URL names) the images and labels came from, for messages; labels null when there are none. */
  readonly files: { readonly images: string; readonly labels: string | null };
  /** Set while the images are still being decompressed (into shared memory); null once they all are. */
  readonly decoding: DecodingImages | null;
  /** Hex SHA-256 of the decompressed image and label files, computed on first call. */
  readonly checksums: () => Promise<{ readonly images: string; readonly labels: string | null }>;
  readonly images: ImageSet;
  /** Null for an unlabelled set (a lone image file, Kaggle's test.csv, a folder without labels). */
  readonly labels: LabelSet | null;
  /** How a folder, archive, CSV or NumPy set was read (format, scaling, skipped files, conversion), for the notices. */
  readonly notes?: readonly string[];
  /** IDX images that may be stored transposed (EMNIST's way) without saying so: the model is asked (pipeline/orientation.ts). */
  readonly orientationCheck?: boolean;
  /** The original files of decoded images, by image index, when some were converted (for the inspector). */
  readonly originals?: readonly (Blob | Uint8Array)[] | null;
}

export type Report = (phase: 'loading' | 'running', progress: Progress) => void;
