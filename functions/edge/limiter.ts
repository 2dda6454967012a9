/**
 * A small, reusable limiter over the LimitStore's window counters: count one hit on a key in each of
 * its windows and say whether (and until when) one of them is past its maximum. The intake guard,
 * staff sign-in and Open311 (per API key) use it; the key is the caller's business (an address's
 * keyed hash, a phone, an API key id), the purpose prefix keeps them apart.
 */
import { secondsLeft, type LimitWindow } from '../domain/limits.ts';
import type { Clock, LimitStore } from '../domain/ports.ts';

export interface LimitOutcome {
  /** Hits so far in each window, this one included, in the order given. */
  readonly counts: readonly number[];
  /** The first window past its maximum, and the seconds until it ends. */
  readonly exceeded?: { readonly window: LimitWindow; readonly retryAfterSeconds: number };
}

export class Limiter {
  readonly #store: LimitStore;
  readonly #clock: Clock;

  constructor(store: LimitStore, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  /** Counts one hit on `purpose:key` in every window (in parallel). */
  async hit(purpose: string, key: string, windows: readonly LimitWindow[]): Promise<LimitOutcome> {
    const now = this.#clock.now();
    const counts = await Promise.all(windows.map((w) => this.#store.hit(`${purpose}:${key}:${w.seconds}`, w.seconds, now)));
    const i = windows.findIndex((w, j) => counts[j]! > w.max);
    return i < 0 ? { counts } : { counts, exceeded: { window: windows[i]!, retryAfterSeconds: secondsLeft(windows[i]!.seconds, now) } };
  }
}
