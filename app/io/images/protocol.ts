/** Messages between the page and the image-decoding workers. */
export interface DecodeRequest {
  readonly id: number;
  /** Files from a folder (read in the worker) or archive members. */
  readonly sources: readonly (Blob | Uint8Array)[];
}

export type ItemOutcome =
  | { readonly status: 'exact' }
  | { readonly status: 'converted'; readonly width: number; readonly height: number }
  | { readonly status: 'failed'; readonly reason: string };

export interface DecodeResponse {
  readonly id: number;
  /** sources.length × 784 grey pixels (zero where decoding failed). */
  readonly pixels: Uint8Array;
  readonly outcomes: readonly ItemOutcome[];
}
