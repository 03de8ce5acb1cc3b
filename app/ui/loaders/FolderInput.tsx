/**
 * The hidden folder picker behind "Open folder…": `webkitdirectory` gives every file below the folder, each with
 * its `webkitRelativePath` (`testing/7/123.png`), which the drop intake reads labels from.
 */
import { forwardRef } from 'react';

interface Props {
  readonly onFiles: (files: readonly File[]) => void;
}

export const FolderInput = forwardRef<HTMLInputElement, Props>(function FolderInput({ onFiles }, ref) {
  return (
    <input
      ref={ref}
      type="file"
      hidden
      multiple
      aria-label="Open a folder of test images"
      data-testid="folder-input"
      // React does not know the attribute; an empty string turns it on.
      {...{ webkitdirectory: '' }}
      onChange={(e) => {
        const files = [...(e.target.files ?? [])];
        e.target.value = '';
        onFiles(files);
      }}
    />
  );
});
