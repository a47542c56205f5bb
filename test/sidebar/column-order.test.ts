import type { FieldOption } from '../../src/core/sidebar-api';
import { chosenColumns, withColumn } from '../../src/sidebar/column-order';

const option = (name: string): FieldOption => ({ name, label: name, kind: 'count' });
const OPTIONS = ['name', 'sent', 'opens', 'replies', 'bounces'].map(option);

describe('chosenColumns', () => {
  test('keeps the saved columns the server still offers, in their saved order', () => {
    expect(chosenColumns(['replies', 'gone', 'name'], OPTIONS, ['sent'])).toEqual([
      'replies',
      'name',
    ]);
  });

  test('falls back to the offered defaults when none of the saved ones is left', () => {
    expect(chosenColumns(['gone'], OPTIONS, ['name', 'old', 'sent'])).toEqual(['name', 'sent']);
    expect(chosenColumns([], OPTIONS, ['opens'])).toEqual(['opens']);
  });
});

describe('withColumn', () => {
  test('a ticked column goes where it stands in the list', () => {
    expect(withColumn(['name', 'replies'], OPTIONS, 'opens', true)).toEqual([
      'name',
      'opens',
      'replies',
    ]);
    expect(withColumn(['sent'], OPTIONS, 'name', true)).toEqual(['name', 'sent']);
    expect(withColumn(['name'], OPTIONS, 'bounces', true)).toEqual(['name', 'bounces']);
  });

  test('an untick removes the column and keeps the others in order', () => {
    expect(withColumn(['replies', 'name', 'sent'], OPTIONS, 'name', false)).toEqual([
      'replies',
      'sent',
    ]);
  });

  test('ticking a column already there does not repeat it', () => {
    expect(withColumn(['name', 'sent'], OPTIONS, 'sent', true)).toEqual(['name', 'sent']);
  });

  test('does not change the columns it was given', () => {
    const columns = ['name'];
    withColumn(columns, OPTIONS, 'sent', true);
    expect(columns).toEqual(['name']);
  });
});
