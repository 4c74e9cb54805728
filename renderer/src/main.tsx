// Must stay the first import: in development it installs React Refresh from a module, as
// the CSP forbids the inline script Vite would otherwise add. It is empty in a build.
import '@vitejs/plugin-react/preamble';
import './lib/zodConfig.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
