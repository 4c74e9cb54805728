// A component whose code loads on demand, or ahead of time. React.lazy alone would show it
// only after Suspense's reveal throttle (about 300 ms in React 19) even when its code is
// already here; once preloaded, this renders the component directly.
import { createElement, lazy, type ComponentType } from 'react';

export function preloadable<P extends object>(
  load: () => Promise<ComponentType<P>>,
): { Component: ComponentType<P>; preload: () => void } {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<{ default: ComponentType<P> }> | null = null;
  const start = () =>
    (loading ??= load().then((component) => {
      loaded = component;
      return { default: component };
    }));
  const Lazy = lazy(start);
  return {
    Component: (props: P) =>
      loaded ? createElement(loaded, props) : createElement(Lazy as ComponentType<P>, props),
    preload: () => void start().catch(() => (loading = null)),
  };
}
