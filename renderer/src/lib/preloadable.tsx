// A screen whose code loads on demand, or ahead of time. React.lazy alone would show such a
// screen only after Suspense's reveal throttle (about 300 ms in React 19) even when its code
// is already here; once preloaded, this renders the component directly.
import { createElement, lazy, type ComponentType } from 'react';

export function preloadable(load: () => Promise<ComponentType>): {
  Screen: ComponentType;
  preload: () => void;
} {
  let loaded: ComponentType | null = null;
  let loading: Promise<{ default: ComponentType }> | null = null;
  const start = () =>
    (loading ??= load().then((component) => {
      loaded = component;
      return { default: component };
    }));
  const Lazy = lazy(start);
  return {
    Screen: () => (loaded ? createElement(loaded) : <Lazy />),
    preload: () => void start().catch(() => (loading = null)),
  };
}
