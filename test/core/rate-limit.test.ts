import { INSTANTLY_RATE_LIMITS, RateLimiter } from '../../src/core/rate-limit';

describe('RateLimiter', () => {
  test('uses Instantly’s limits: 100 a second, 6,000 a minute', () => {
    expect(INSTANTLY_RATE_LIMITS).toEqual([
      { milliseconds: 1000, requests: 100 },
      { milliseconds: 60_000, requests: 6000 },
    ]);
  });

  test('a group may send its allowance, then waits for the window to open', () => {
    const limiter = new RateLimiter();
    expect(limiter.allowance('a', 0)).toBe(100);
    limiter.record('a', 100, 0);
    expect(limiter.allowance('a', 500)).toBe(0);
    expect(limiter.nextOpening('a', 500)).toBe(1000);
    expect(limiter.allowance('a', 1000)).toBe(100);
  });

  test('groups are independent', () => {
    const limiter = new RateLimiter();
    limiter.record('a', 100, 0);
    expect(limiter.allowance('b', 0)).toBe(100);
  });

  test('the minute window holds too', () => {
    const limiter = new RateLimiter();
    for (let second = 0; second < 60; second++) limiter.record('a', 100, second * 1000);
    expect(limiter.allowance('a', 60_000)).toBe(100); // the first second has left the minute
    expect(limiter.allowance('a', 59_999)).toBe(0);
    expect(limiter.nextOpening('a', 59_999)).toBe(60_000);
  });

  test('a partly used window leaves the rest', () => {
    const limiter = new RateLimiter([{ milliseconds: 1000, requests: 10 }]);
    limiter.record('a', 4, 0);
    expect(limiter.allowance('a', 10)).toBe(6);
    expect(limiter.nextOpening('a', 10)).toBe(10);
  });
});
