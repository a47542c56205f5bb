/**
 * Instantly's rate limits, per workspace: 100 requests a second and 6,000 a minute, shared by
 * every key of the workspace. A fan-out sends no more than that, whatever it has to send.
 */

export interface RateWindow {
  readonly milliseconds: number;
  readonly requests: number;
}

export const INSTANTLY_RATE_LIMITS: readonly RateWindow[] = [
  { milliseconds: 1000, requests: 100 },
  { milliseconds: 60_000, requests: 6000 },
];

/** Remembers when each group (a workspace) sent, and how many more it may send now. */
export class RateLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly windows: readonly RateWindow[] = INSTANTLY_RATE_LIMITS) {}

  /** How many requests the group may send at `now` without passing any window's limit. */
  allowance(group: string, now: number): number {
    const times = this.sent.get(group) ?? [];
    return Math.min(
      ...this.windows.map(
        (window) => window.requests - times.filter((at) => at > now - window.milliseconds).length,
      ),
    );
  }

  /** When the group may send again, once it has used its allowance. */
  nextOpening(group: string, now: number): number {
    const times = this.sent.get(group) ?? [];
    let opening = now;
    for (const window of this.windows) {
      const inWindow = times.filter((at) => at > now - window.milliseconds);
      if (inWindow.length >= window.requests) {
        const oldestThatMustExpire = inWindow[inWindow.length - window.requests];
        opening = Math.max(opening, oldestThatMustExpire + window.milliseconds);
      }
    }
    return opening;
  }

  record(group: string, count: number, at: number): void {
    const longest = Math.max(...this.windows.map((window) => window.milliseconds));
    const times = (this.sent.get(group) ?? []).filter((time) => time > at - longest);
    for (let index = 0; index < count; index++) times.push(at);
    this.sent.set(group, times);
  }
}
