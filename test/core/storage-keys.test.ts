import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as keys from '../../src/core/storage-keys';

/** Data people have already saved sits under these exact keys; changing one loses it. */
const SAVED_UNDER = {
  DOCUMENT_PROPERTY_API_KEY: 'INSTANTLY_API_KEY',
  DOCUMENT_PROPERTY_WORKSPACE_PREFIX: 'INSTANTLY_WORKSPACE:',
  SCRIPT_PROPERTY_API_BASE_URL: 'INSTANTLY_API_BASE_URL',
  USER_PROPERTY_SCHEDULE_PREFIX: 'INSTANTLY_SCHEDULE:',
  USER_PROPERTY_DROPPED_SCHEDULES: 'INSTANTLY_SCHEDULES_DROPPED',
  METADATA_SETTINGS: 'instantlyAnalytics.settings',
  METADATA_REFRESH_STATUS: 'instantlyAnalytics.status',
  METADATA_TABLE_SHAPES: 'instantlyAnalytics.tableShapes',
  METADATA_HISTORY: 'instantlyAnalytics.history',
  METADATA_SCHEDULE_OWNER: 'instantlyAnalytics.scheduleOwner',
  METADATA_REFRESH_LEASE: 'instantlyAnalytics.refreshLease',
  CACHE_GENERATION_PREFIX: 'generation:',
  CACHE_ANALYTICS_PREFIX: 'analytics:',
  CACHE_CAMPAIGN_LIST_PREFIX: 'campaigns:',
  CACHE_RESPONSE_PREFIX: 'response:',
};

const SRC = join(__dirname, '..', '..', 'src');

test('every stored key keeps the value data was saved under', () => {
  expect({ ...keys }).toEqual(SAVED_UNDER);
});

test('the constants follow one naming style: where the value lives, then what it holds', () => {
  for (const name of Object.keys(keys)) {
    expect(name).toMatch(
      /^(DOCUMENT_PROPERTY|SCRIPT_PROPERTY|USER_PROPERTY|METADATA|CACHE)_[A-Z_]+$/,
    );
  }
});

test('no other file of src/ spells a stored key itself', () => {
  const spelled: string[] = [];
  for (const entry of readdirSync(SRC, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts') || entry === join('core', 'storage-keys.ts')) continue;
    const source = readFileSync(join(SRC, entry), 'utf8');
    for (const value of Object.values(SAVED_UNDER)) {
      if (source.includes(`'${value}`) || source.includes(`\`${value}`)) {
        spelled.push(`${entry}: ${value}`);
      }
    }
  }
  expect(spelled).toEqual([]);
});
