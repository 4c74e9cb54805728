// Must stay the first import: in development it installs React Refresh from a module, as
// the CSP forbids the inline script Vite would otherwise add. It is empty in a build.
import '@vitejs/plugin-react/preamble';
// Before the screens: starts the handshake with main while React's modules evaluate.
import './boot.ts';
import { mount } from './mount.tsx';

mount();
