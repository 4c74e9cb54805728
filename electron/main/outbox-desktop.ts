// The outbox on the desktop: a badge with the count of waiting items, OS notifications when a
// backlog has been sent or a decision is needed, and OS network changes and wake-ups passed on
// as hints to check Linq now (never as the verdict: the OS says "online" behind a dead VPN).
import { app, net, Notification, powerMonitor, type BrowserWindow } from 'electron';
import type { OutboxSnapshot } from '../../shared/outbox.schema.ts';
import type { Services } from '../services/index.ts';
import { createOutboxNotices } from '../services/outbox/notices.ts';

const NETWORK_POLL_MS = 2_000;

export function connectOutboxToDesktop(
  services: Services,
  window: () => BrowserWindow | null,
): void {
  const notices = createOutboxNotices();
  services.events.subscribe((name, payload) => {
    if (name !== 'outboxChanged') return;
    const snapshot = payload as OutboxSnapshot;
    const { counts } = snapshot.status;
    // Unity launchers and the macOS dock show it; elsewhere it is a no-op.
    app.setBadgeCount(counts.waiting + counts.sending + counts.inDoubt + counts.needsDecision);
    const notice = notices.update(snapshot);
    if (!notice || !Notification.isSupported()) return;
    // In the focused window the notice at the top of the screen and the Outbox badge say it;
    // the OS notification is for a user who is in another app.
    if (window()?.isFocused()) return;
    const shown = new Notification({ title: notice.title, body: notice.body });
    shown.on('click', () => {
      const target = window();
      if (!target) return;
      if (target.isMinimized()) target.restore();
      target.focus();
    });
    shown.show();
  });

  powerMonitor.on('resume', () => services.networkHint());
  let online = net.isOnline();
  // Runs until the process ends: the shutdown ends with app.exit(), which emits no will-quit,
  // and a hint while closing is ignored by the services.
  setInterval(() => {
    const now = net.isOnline();
    if (now !== online) services.networkHint();
    online = now;
  }, NETWORK_POLL_MS);
}
