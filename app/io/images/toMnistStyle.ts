/**
 * Images that are not 28×28 grey, made to look like MNIST's (app/core/image/mnistStyle.ts: grey, ink bright on
 * dark, cropped, fitted to 20×20, centred by mass in 28×28).
 */
import { toMnistStyle as convert } from '../../core/image/mnistStyle';
import type { Rgba } from './rgbaToGrey';

/** The 28×28 pixels, or the reason the picture cannot be converted (no ink, say). */
export function toMnistStyle(image: Rgba): { pixels: Uint8Array } | { reason: string } {
  const converted = convert(image);
  return converted.ok ? { pixels: converted.value.pixels } : { reason: converted.reason };
}
