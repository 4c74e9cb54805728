// Counted one-shot "applied but not active" answers (inactiveNext), and the optional delayed
// activation of such a card: so a test can have the first write leave the card inactive and
// see what the client does about it (re-apply, or wait and read back).
import type { ContactCard, InactiveSpec } from './types.ts';

interface Rule {
  spec: InactiveSpec;
  remaining: number;
}

export class CardActivation {
  #rules: Rule[] = [];
  #timers = new Set<NodeJS.Timeout>();

  inactiveNext(count: number, spec: InactiveSpec = {}): void {
    if (count > 0) this.#rules.push({ spec: { ...spec }, remaining: count });
  }

  /**
   * Whether this successful write must store its card inactive; uses up one of the count.
   * Called only once a write is known to succeed, so refused writes keep the count.
   */
  take(method: string, phoneNumber: string): InactiveSpec | undefined {
    const index = this.#rules.findIndex(
      ({ spec }) =>
        (!spec.method || spec.method.toUpperCase() === method) &&
        (!spec.phoneNumber || spec.phoneNumber === phoneNumber),
    );
    const rule = this.#rules[index];
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.#rules.splice(index, 1);
    return rule.spec;
  }

  /**
   * Makes `card` active after `ms`, unless it was replaced or removed meanwhile (a later
   * write stores a new object, reset() clears the map): only the stored inactive card turns.
   */
  activateLater(card: ContactCard, ms: number, isStored: () => boolean, onActivate: () => void) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!isStored() || card.is_active) return;
      card.is_active = true;
      onActivate();
    }, ms);
    // A pending activation must not keep a test process or the CLI alive.
    timer.unref();
    this.#timers.add(timer);
  }

  clear(): void {
    this.#rules.length = 0;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
