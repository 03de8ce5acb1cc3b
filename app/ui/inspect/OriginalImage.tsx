/**
 * The file a converted test image came from (a photo, a scan, another size), drawn beside the 28×28 image the
 * model saw. Drawn on a canvas from createImageBitmap: the page's CSP allows no blob: images.
 */
import { useEffect, useRef, useState } from 'react';

interface Props {
  readonly source: Blob | Uint8Array;
}

const SIDE = 112;

export function OriginalImage({ source }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    const blob = source instanceof Blob ? source : new Blob([source as Uint8Array<ArrayBuffer>]);
    createImageBitmap(blob)
      .then((bitmap) => {
        const c = canvas.current;
        if (cancelled || !c) return bitmap.close();
        const scale = Math.min(SIDE / bitmap.width, SIDE / bitmap.height);
        c.width = Math.max(1, Math.round(bitmap.width * scale));
        c.height = Math.max(1, Math.round(bitmap.height * scale));
        c.getContext('2d')?.drawImage(bitmap, 0, 0, c.width, c.height);
        setSize(`${bitmap.width}×${bitmap.height}`);
        bitmap.close();
      })
      .catch(() => !cancelled && setSize('could not be drawn'));
    return () => {
      cancelled = true;
    };
  }, [source]);
  return (
    <figure className="inspector-original" data-testid="original-image">
      <canvas ref={canvas} role="img" aria-label={`The original file${size ? `, ${size} pixels` : ''}`} />
      <figcaption className="muted">Original{size ? ` (${size})` : ''}, converted to the 28×28 image the model saw</figcaption>
    </figure>
  );
}
