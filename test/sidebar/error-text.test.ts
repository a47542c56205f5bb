import { plainError } from '../../src/sidebar/error-text';

describe('plainError', () => {
  test.each([
    ['an Error', new Error('Sheet name is too long.'), 'Sheet name is too long.'],
    ['an object with a message', { message: 'No such sheet.' }, 'No such sheet.'],
    ['a string', 'Quota exceeded.', 'Quota exceeded.'],
  ])('reads the message of %s', (_kind, error, text) => {
    expect(plainError(error)).toBe(text);
  });

  test('drops the prefixes Apps Script puts before a message, however many', () => {
    expect(plainError(new Error('Exception: Error: The key was refused.'))).toBe(
      'The key was refused.',
    );
    expect(plainError('ScriptError:  UserFacingError: Too many campaigns. ')).toBe(
      'Too many campaigns.',
    );
  });

  test('a prefix in the middle of the message stays', () => {
    expect(plainError('Instantly said Error: bad request')).toBe(
      'Instantly said Error: bad request',
    );
  });

  test.each(['NetworkError when attempting to fetch', 'Failed to fetch', 'HTTP 0 from server'])(
    'a transport failure ("%s") asks to check the connection',
    (message) => {
      expect(plainError(new Error(message))).toBe(
        'Could not reach Google to run the add-on. Check your internet connection, then try again.',
      );
    },
  );

  test.each(['Authorization is required to perform that action.', 'PERMISSION_DENIED'])(
    'a lost permission ("%s") says how to grant it again',
    (message) => {
      expect(plainError(message)).toMatch(/^The add-on needs your permission again\./);
    },
  );

  test('a timeout suggests a smaller report', () => {
    expect(plainError('Exceeded maximum execution time')).toMatch(
      /ran too long\. Choose fewer campaigns or a shorter date range/,
    );
  });

  test.each([
    ['nothing', undefined],
    ['an empty message', new Error('')],
    ['only a prefix', 'Exception: '],
    ['a number', 42],
  ])('%s still gives a sentence', (_kind, error) => {
    expect(plainError(error)).toBe('Something went wrong. Try again.');
  });
});
