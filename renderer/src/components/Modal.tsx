// A modal built on <dialog>: the browser traps focus, makes the rest of the page inert and
// closes on Escape; React state stays the one thing that decides whether it is open. When it
// closes, focus goes back to where it was when it opened (or to the screen's heading if that
// element is gone), never to the page's body.
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { focusIsLost, focusViewHeading } from '../lib/focus-rescue.ts';

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
  // A layout effect: its cleanup runs before React removes the <dialog>, so close() runs on a
  // dialog still in the page (removing an open one would drop focus on the body).
  useLayoutEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      // Someone (the caller, or the browser's own restoring) already put focus somewhere: keep it.
      if (!focusIsLost() && !dialog?.contains(document.activeElement)) return;
      if (opener?.isConnected) opener.focus();
      // The opener may be removed in the same update (its item moved on): check once it is.
      queueMicrotask(() => {
        if (focusIsLost()) focusViewHeading();
      });
    };
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
