// A component's own stylesheet, imported for its side effect (Vite bundles it): styles that
// belong to one feature live beside it rather than in the shared styles.css.
declare module '*.css';
