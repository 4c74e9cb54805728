// Must stay the first import: in development it installs React Refresh from a module, as
// the CSP forbids the inline script Vite would otherwise add. It is empty in a build.
import '@vitejs/plugin-react/preamble';
import { subscribeToMain } from './events.ts';
import { mount } from './mount.tsx';
import { startApp } from './store/startup.ts';

// Events are subscribed before the handshake so nothing main pushes in between is missed; the
// page lives as long as the subscription.
subscribeToMain();
void startApp();
mount();
