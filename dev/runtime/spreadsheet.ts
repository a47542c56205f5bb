/** A spreadsheet: its sheets (one active), time zone, toasts and developer metadata. */
import {
  FakeDeveloperMetadata,
  MAX_METADATA_CHARACTERS,
  METADATA_VISIBILITY,
} from './developer-metadata';
import { notImplemented } from './env';
import { FakeSheet } from './sheet';
import { sheetsException, signatureMismatch } from './spreadsheet-errors';
import { api, ServiceObject, type ServiceState } from './spreadsheet-service';
import { FakeTextFinder } from './text-finder';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

type SpreadsheetMethods =
  | 'getId'
  | 'getName'
  | 'getUrl'
  | 'getSpreadsheetTimeZone'
  | 'getSheetByName'
  | 'getSheets'
  | 'insertSheet'
  | 'toast'
  | 'createTextFinder'
  | 'getDeveloperMetadata'
  | 'addDeveloperMetadata';

export class FakeSpreadsheet
  extends ServiceObject
  implements Pick<Spreadsheet, SpreadsheetMethods>
{
  private readonly sheets: FakeSheet[] = [];
  private readonly metadata: FakeDeveloperMetadata[] = [];
  private active: FakeSheet;
  private insertedSheets = 0;

  constructor(
    service: ServiceState,
    private readonly id: string,
    private readonly name: string,
    private readonly timeZone: string,
  ) {
    super(service);
    this.active = this.addSheet('Sheet1');
  }

  /** Test helper: the sheet with that name, or an error naming the sheets that exist. */
  sheet(name: string): FakeSheet {
    const sheet = this.findSheet(name);
    if (sheet) return sheet;
    throw new Error(
      `No sheet "${name}" in ${this.name}; sheets: ${this.sheets.map((s) => s.getName())}`,
    );
  }

  sheetList(): FakeSheet[] {
    return [...this.sheets];
  }

  activeSheet(): FakeSheet {
    return this.active;
  }

  /** Test and preview helper: the sheet a person is looking at. */
  selectSheet(sheet: FakeSheet): void {
    if (!this.sheets.includes(sheet)) throw new Error(`${sheet.getName()} is not in ${this.name}`);
    this.active = sheet;
  }

  getId(): string {
    return this.id;
  }

  getName(): string {
    return this.name;
  }

  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }

  getSpreadsheetTimeZone(): string {
    return this.timeZone;
  }

  /** Sheet names are unique regardless of case, and looked up that way. */
  getSheetByName(name: string): Sheet | null {
    return api(this.findSheet(name) ?? null);
  }

  getSheets(): Sheet[] {
    return api(this.sheetList());
  }

  /** Appends a sheet (named, or the next free 'SheetN'), which becomes active as in Sheets. */
  insertSheet(name?: unknown, ...indexOrOptions: unknown[]): Sheet {
    if ((name !== undefined && typeof name !== 'string') || indexOrOptions.length > 0) {
      notImplemented('Spreadsheet.insertSheet with an index or options');
    }
    const sheetName = name === undefined ? this.unusedSheetName() : name;
    this.assertSheetNameAvailable(sheetName);
    this.active = this.addSheet(sheetName);
    return api(this.active);
  }

  /** Visible only while the UI is: a toast from a trigger run shows nowhere. */
  toast(msg: string, title?: string, timeoutSeconds?: number | null): void {
    if (this.service.mode.uiAllowed) {
      this.service.ui.toasts.push({ message: String(msg), title, timeoutSeconds });
    }
  }

  createTextFinder(findText: string): GoogleAppsScript.Spreadsheet.TextFinder {
    return api(new FakeTextFinder(this.service, this.sheetList(), findText));
  }

  getDeveloperMetadata(): GoogleAppsScript.Spreadsheet.DeveloperMetadata[] {
    return api(this.metadata);
  }

  /** Only the (key, value, visibility) form the add-on uses; the visibility is checked, not kept. */
  addDeveloperMetadata(key: string, value?: unknown, visibility?: unknown): Spreadsheet {
    if (value === undefined || visibility === undefined) {
      notImplemented('Spreadsheet.addDeveloperMetadata without a value and visibility');
    }
    if (!Object.hasOwn(METADATA_VISIBILITY, String(visibility))) {
      throw signatureMismatch([key, value, visibility], 'Spreadsheet.addDeveloperMetadata');
    }
    const entry = new FakeDeveloperMetadata(this, String(key), String(value));
    this.metadata.push(entry);
    try {
      this.assertMetadataFits();
    } catch (error) {
      this.removeMetadata(entry);
      throw error;
    }
    return api(this);
  }

  removeMetadata(entry: FakeDeveloperMetadata): void {
    this.metadata.splice(this.metadata.indexOf(entry), 1);
  }

  assertMetadataFits(): void {
    const used = this.metadata.reduce((sum, entry) => sum + entry.size(), 0);
    if (used > MAX_METADATA_CHARACTERS) {
      throw sheetsException('The developer metadata of this spreadsheet exceeds the size limit.');
    }
  }

  assertSheetNameAvailable(name: string, renamed?: FakeSheet): void {
    const holder = this.findSheet(name);
    if (holder && holder !== renamed) {
      throw sheetsException(
        `A sheet with the name "${name}" already exists. Please enter another name.`,
      );
    }
  }

  private findSheet(name: string): FakeSheet | undefined {
    const wanted = String(name).toLowerCase();
    return this.sheets.find((sheet) => sheet.getName().toLowerCase() === wanted);
  }

  private addSheet(name: string): FakeSheet {
    const sheetId = this.insertedSheets === 0 ? 0 : 1_000_000 + this.insertedSheets;
    this.insertedSheets++;
    const sheet = new FakeSheet(this, name, sheetId);
    this.sheets.push(sheet);
    return sheet;
  }

  private unusedSheetName(): string {
    let number = this.sheets.length + 1;
    while (this.findSheet(`Sheet${number}`)) number++;
    return `Sheet${number}`;
  }
}
