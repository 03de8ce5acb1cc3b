import { useEffect, useRef } from 'react';
import type { ImageSet } from '../../core/types';

interface Props {
  readonly images: ImageSet;
  readonly index: number;
  /** White ink on black, as the seed tutorial draws its mistakes; otherwise black ink on white. */
  readonly inverted: boolean;
  readonly label: string;
}

/** One test image drawn from its pixels at native resolution; CSS scales it up without smoothing. */
export function DigitCanvas({ images, index, inverted, label }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const size = images.rows * images.cols;
    const pixels = images.pixels.subarray(index * size, (index + 1) * size);
    const rgba = new ImageData(images.cols, images.rows);
    for (let i = 0; i < size; i++) {
      const v = inverted ? pixels[i]! : 255 - pixels[i]!;
      rgba.data[4 * i] = v;
      rgba.data[4 * i + 1] = v;
      rgba.data[4 * i + 2] = v;
      rgba.data[4 * i + 3] = 255;
    }
    context.putImageData(rgba, 0, 0);
  }, [images, index, inverted]);
  return <canvas ref={canvas} className="digit" width={images.cols} height={images.rows} role="img" aria-label={label} />;
}
