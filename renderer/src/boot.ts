// Starts talking to main as early as possible. Imported by main.tsx before anything heavy, so
// that this runs before React's modules are even evaluated: the handshake's round trip to main
// then overlaps with them instead of following them. Events are subscribed before the
// handshake so nothing main pushes in between is missed; the page lives as long as the
// subscription.
import { subscribeToMain } from './events.ts';
import { startApp } from './store/startup.ts';

subscribeToMain();
void startApp();
