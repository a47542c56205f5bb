import { redact, UserFacingError } from '../../src/core/errors';

describe('UserFacingError', () => {
  test('is an Error with its own name and the message as given', () => {
    const error = new UserFacingError('Set an API key first.');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error.name).toBe('UserFacingError');
    expect(error.message).toBe('Set an API key first.');
    expect(String(error)).toBe('UserFacingError: Set an API key first.');
  });

  test('a plain Error is not one', () => {
    expect(new Error('x')).not.toBeInstanceOf(UserFacingError);
  });
});

describe('redact', () => {
  test('removes every occurrence of the secret', () => {
    expect(redact('key abc123 and again abc123abc123.', 'abc123')).toBe(
      'key [redacted] and again [redacted][redacted].',
    );
  });

  test('treats the secret literally, not as a pattern', () => {
    const secret = 'a.b*c+/=?(x)$1';
    expect(redact(`Bearer ${secret}; also aXbbbc`, secret)).toBe('Bearer [redacted]; also aXbbbc');
  });

  test('leaves text without the secret unchanged', () => {
    expect(redact('nothing to hide', 'abc123')).toBe('nothing to hide');
  });

  test('no secret, or an empty one, leaves the text unchanged', () => {
    expect(redact('text', undefined)).toBe('text');
    expect(redact('text', '')).toBe('text');
  });
});
