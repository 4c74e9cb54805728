// A drop zone's drag handling: highlighted while something is dragged over it (leaving for one
// of its own children does not count), a copy cursor, and the dropped data handed on.
import { useState, type DragEvent } from 'react';

export function useFileDrop(onDrop: (data: DataTransfer) => void) {
  const [dragging, setDragging] = useState(false);
  const handlers = {
    onDragEnter(event: DragEvent<HTMLElement>) {
      event.preventDefault();
      setDragging(true);
    },
    onDragOver(event: DragEvent<HTMLElement>) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave(event: DragEvent<HTMLElement>) {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop(event: DragEvent<HTMLElement>) {
      event.preventDefault();
      setDragging(false);
      onDrop(event.dataTransfer);
    },
  };
  return { dragging, handlers };
}
