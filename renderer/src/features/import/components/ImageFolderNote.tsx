// Which folder main reads the file's local images from, and the way to choose one when it has
// none or an image is elsewhere: main reads only folders chosen in its own dialog.
import { useImportFlow } from '../store/import-flow.ts';
import { chooseImageFolder } from '../store/import-source.ts';

export function ImageFolderNote() {
  const folder = useImportFlow((state) => state.imageFolder);
  const outside = useImportFlow((state) => {
    let count = 0;
    for (const result of state.images.results.values()) {
      if (!result.ok && result.error.code === 'IMAGE_NOT_IN_FOLDER') count++;
    }
    return count;
  });
  const hasPaths = useImportFlow((state) => state.images.results.size > 0);
  if (!hasPaths) return null;
  return (
    <p className="note">
      {outside > 0
        ? `${outside === 1 ? 'One image is' : `${outside} images are`} not in ${folder ? folder.name : 'a folder you chose'}: the app reads images only from a folder you choose.`
        : `The images are read from ${folder?.name ?? 'the chosen folder'}.`}
      <button type="button" className="link-button" onClick={() => void chooseImageFolder()}>
        Choose the images’ folder…
      </button>
    </p>
  );
}
