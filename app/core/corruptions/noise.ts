/** Pixel noise, as MNIST-C: additive Gaussian noise and salt-and-pepper (impulse) noise. */
import { toByte } from './pixels';
import { normal, type Uniform } from './random';

/** MNIST-C `gaussian_noise`: x/255 + N(0, σ²), clipped; σ in units of the full range. */
export function gaussianNoise(src: Uint8Array, dst: Uint8Array, _rows: number, _cols: number, [sigma]: readonly number[], random: Uniform): void {
  const scale = 255 * sigma!;
  for (let i = 0; i < src.length; i++) dst[i] = toByte(src[i]! + scale * normal(random));
}

/** MNIST-C `impulse_noise` (skimage `random_noise(mode='s&p')`): each pixel, with probability `amount`, becomes 0 or 255 at even odds. */
export function impulseNoise(src: Uint8Array, dst: Uint8Array, _rows: number, _cols: number, [amount]: readonly number[], random: Uniform): void {
  for (let i = 0; i < src.length; i++) {
    const flip = random() < amount!;
    const salt = random() < 0.5;
    dst[i] = flip ? (salt ? 255 : 0) : src[i]!;
  }
}
