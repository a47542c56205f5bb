/** Developer metadata of a spreadsheet: key/value entries within Sheets' size limit. */
import type { FakeSpreadsheet } from './spreadsheet';
import { api, ServiceObject } from './spreadsheet-service';

type MetadataMethods = 'getKey' | 'getValue' | 'setValue' | 'remove';

export const METADATA_VISIBILITY = { DOCUMENT: 'DOCUMENT', PROJECT: 'PROJECT' } as const;

/** Sheets' limit on all developer metadata of one spreadsheet, keys and values together. */
export const MAX_METADATA_CHARACTERS = 30_000;

export class FakeDeveloperMetadata
  extends ServiceObject
  implements Pick<GoogleAppsScript.Spreadsheet.DeveloperMetadata, MetadataMethods>
{
  constructor(
    private readonly owner: FakeSpreadsheet,
    private readonly key: string,
    private value: string,
  ) {
    super(owner.service);
  }

  getKey(): string {
    return this.key;
  }

  getValue(): string {
    return this.value;
  }

  setValue(value: string): GoogleAppsScript.Spreadsheet.DeveloperMetadata {
    const before = this.value;
    this.value = String(value);
    try {
      this.owner.assertMetadataFits();
    } catch (error) {
      this.value = before;
      throw error;
    }
    return api(this);
  }

  remove(): void {
    this.owner.removeMetadata(this);
  }

  size(): number {
    return this.key.length + this.value.length;
  }
}
