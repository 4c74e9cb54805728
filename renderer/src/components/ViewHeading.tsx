// A screen's heading. After the user switches screens it takes the focus, so keyboard and
// screen-reader users land at the top of the new screen (not on first load).
import { useEffect, useRef, type ReactNode } from 'react';
import { useView } from '../store/view.ts';

export function ViewHeading({ children, id }: { children: ReactNode; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (useView.getState().navigations > 0) ref.current?.focus();
  }, []);
  return (
    <h2 ref={ref} id={id} className="view-title" tabIndex={-1}>
      {children}
    </h2>
  );
}
