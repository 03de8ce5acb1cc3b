/** The page-wide drop target's visible state while files are dragged over the window. */
export function DropOverlay({ active }: { active: boolean }) {
  if (!active) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-box">
        <strong>Drop to evaluate</strong>
        <span>An ONNX model (with its .data file if it has one), and/or IDX test images and labels, gzip or raw.</span>
        <span className="drop-overlay-note">Files are read in this browser and never uploaded.</span>
      </div>
    </div>
  );
}
