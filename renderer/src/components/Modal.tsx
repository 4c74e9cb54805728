// A modal built on <dialog>: the browser traps focus, makes the rest of the page inert and
// closes on Escape; React state stays the one thing that decides whether it is open.
import { useEffect, useRef, type ReactNode } from 'react';

interface ModalProps {
  labelledBy: string;
  describedBy?: string;
  /** Escape asks to close; ignored while something is in progress. */
  onClose: () => void;
  className?: string;
  children: ReactNode;
}

/** Mount it to open it, unmount it to close it. */
export function Modal({ labelledBy, describedBy, onClose, className, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={className ? `modal ${className}` : 'modal'}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
