/**
 * Fake of the editor UI (`SpreadsheetApp.getUi()`): records menus, alerts, prompts, toasts,
 * sidebars and dialogs, and answers alerts/prompts from queues a test fills beforehand.
 * Also defines the execution mode the Spreadsheet, UI and loader share.
 */
import { exception, type Realm } from './env';

type Ui = GoogleAppsScript.Base.Ui;
type Menu = GoogleAppsScript.Base.Menu;
type HtmlOutput = GoogleAppsScript.HTML.HtmlOutput;

/** What the current run may do. Custom functions: `{ readOnly: true, uiAllowed: false }`. */
export interface ExecutionMode {
  readOnly: boolean;
  uiAllowed: boolean;
}

/** This module's own constructors: the realm of fakes used without a vm context (unit tests). */
export const HOST_REALM: Realm = { Array, Object, Error, Date };

export function uiUnavailable(realm: Realm = HOST_REALM): Error {
  return exception(realm, 'Cannot call SpreadsheetApp.getUi() from this context.');
}

export type ButtonName = 'OK' | 'CANCEL' | 'YES' | 'NO' | 'CLOSE';
export type ButtonSetName = 'OK' | 'OK_CANCEL' | 'YES_NO' | 'YES_NO_CANCEL';

/** Enum values are their own names, as `String(ui.Button.OK)` is in Apps Script. */
const BUTTON: Record<ButtonName, ButtonName> = {
  CLOSE: 'CLOSE',
  OK: 'OK',
  CANCEL: 'CANCEL',
  YES: 'YES',
  NO: 'NO',
};

/** Buttons each set shows; the first one answers when nothing was queued for an alert. */
const BUTTON_SET: Record<ButtonSetName, readonly ButtonName[]> = {
  OK: ['OK'],
  OK_CANCEL: ['OK', 'CANCEL'],
  YES_NO: ['YES', 'NO'],
  YES_NO_CANCEL: ['YES', 'NO', 'CANCEL'],
};

export type MenuEntry =
  | { kind: 'item'; caption: string; functionName: string }
  | { kind: 'separator' }
  | { kind: 'submenu'; caption: string; items: MenuEntry[] };

export interface MenuRecord {
  /** '' for the add-on menu, whose caption is the add-on's name. */
  caption: string;
  addon: boolean;
  items: MenuEntry[];
}

export interface MessageRecord {
  title?: string;
  prompt: string;
  buttons: ButtonSetName;
}

export interface ToastRecord {
  message: string;
  title?: string;
  timeoutSeconds?: number | null;
}

export interface SidebarRecord {
  title: string;
  html: string;
}

export interface DialogRecord extends SidebarRecord {
  modal: boolean;
  width: number;
  height: number;
}

export interface PromptAnswer {
  button: ButtonName;
  text: string;
}

export interface UiFake {
  /** What `SpreadsheetApp.getUi()` returns to the bundle. */
  readonly Ui: Ui;
  readonly menus: MenuRecord[];
  readonly alerts: MessageRecord[];
  readonly prompts: MessageRecord[];
  /** Filled by `Spreadsheet.toast` while the UI is allowed. */
  readonly toasts: ToastRecord[];
  readonly sidebars: SidebarRecord[];
  readonly dialogs: DialogRecord[];
  queuePromptResponse(answer: PromptAnswer): void;
  queueAlertResponse(button: ButtonName): void;
  setMode(mode: ExecutionMode): void;
  /** Every function name reachable from the recorded menus, submenus included. */
  menuFunctionNames(): string[];
}

/** `realm`: the bundle's, so that errors thrown at it are its own `Error`s. */
export function createUi(options: { realm?: Realm } = {}): UiFake {
  return new UiRecorder(options.realm ?? HOST_REALM);
}

class UiRecorder implements UiFake {
  readonly Ui: Ui = new FakeUi(this) as unknown as Ui;
  readonly menus: MenuRecord[] = [];
  readonly alerts: MessageRecord[] = [];
  readonly prompts: MessageRecord[] = [];
  readonly toasts: ToastRecord[] = [];
  readonly sidebars: SidebarRecord[] = [];
  readonly dialogs: DialogRecord[] = [];
  readonly promptAnswers: PromptAnswer[] = [];
  readonly alertAnswers: ButtonName[] = [];
  private uiAllowed = true;

  constructor(readonly realm: Realm) {}

  queuePromptResponse(answer: PromptAnswer): void {
    this.promptAnswers.push({ ...answer });
  }

  queueAlertResponse(button: ButtonName): void {
    this.alertAnswers.push(button);
  }

  setMode(mode: ExecutionMode): void {
    this.uiAllowed = mode.uiAllowed;
  }

  menuFunctionNames(): string[] {
    const names = (entries: MenuEntry[]): string[] =>
      entries.flatMap((entry) => {
        if (entry.kind === 'item') return [entry.functionName];
        return entry.kind === 'submenu' ? names(entry.items) : [];
      });
    return this.menus.flatMap((menu) => names(menu.items));
  }

  assertUiAllowed(): void {
    if (!this.uiAllowed) throw uiUnavailable(this.realm);
  }

  error(message: string): Error {
    return exception(this.realm, message);
  }

  /** Adding a menu again (onOpen running twice) replaces it, as in the editor. */
  recordMenu(menu: MenuRecord): void {
    const existing = this.menus.findIndex(
      (recorded) => recorded.caption === menu.caption && recorded.addon === menu.addon,
    );
    if (existing >= 0) this.menus.splice(existing, 1, menu);
    else this.menus.push(menu);
  }
}

class FakeUi implements Ui {
  readonly Button = BUTTON as unknown as typeof GoogleAppsScript.Base.Button;
  readonly ButtonSet = Object.fromEntries(
    Object.keys(BUTTON_SET).map((name) => [name, name]),
  ) as unknown as typeof GoogleAppsScript.Base.ButtonSet;

  constructor(private readonly recorder: UiRecorder) {}

  alert(
    first: string,
    second?: string | GoogleAppsScript.Base.ButtonSet,
    third?: GoogleAppsScript.Base.ButtonSet,
  ): GoogleAppsScript.Base.Button {
    const message = this.message('alert', [first, second, third], 'OK');
    this.recorder.alerts.push(message);
    const queued = this.recorder.alertAnswers.shift();
    return asButton(checkedAnswer(queued ?? BUTTON_SET[message.buttons][0], message, 'alert'));
  }

  prompt(
    first: string,
    second?: string | GoogleAppsScript.Base.ButtonSet,
    third?: GoogleAppsScript.Base.ButtonSet,
  ): GoogleAppsScript.Base.PromptResponse {
    const message = this.message('prompt', [first, second, third], 'OK');
    this.recorder.prompts.push(message);
    const dismissed = BUTTON_SET[message.buttons].includes('CANCEL') ? 'CANCEL' : 'CLOSE';
    const answer = this.recorder.promptAnswers.shift() ?? { button: dismissed, text: '' };
    const button = asButton(checkedAnswer(answer.button, message, 'prompt'));
    return { getResponseText: () => answer.text, getSelectedButton: () => button };
  }

  createMenu(caption: string): Menu {
    this.recorder.assertUiAllowed();
    return new FakeMenu(this.recorder, caption, false);
  }

  createAddonMenu(): Menu {
    this.recorder.assertUiAllowed();
    return new FakeMenu(this.recorder, '', true);
  }

  showSidebar(userInterface: HtmlOutput): void {
    const output = this.htmlOutput(userInterface, 'showSidebar');
    this.recorder.sidebars.push({ title: output.getTitle(), html: output.getContent() });
  }

  showModalDialog(userInterface: HtmlOutput, title: string): void {
    this.recordDialog(this.htmlOutput(userInterface, 'showModalDialog'), title, true);
  }

  showModelessDialog(userInterface: HtmlOutput, title: string): void {
    this.recordDialog(this.htmlOutput(userInterface, 'showModelessDialog'), title, false);
  }

  /** Deprecated in Apps Script; shown as a modal dialog titled by the output. */
  showDialog(userInterface: HtmlOutput): void {
    const output = this.htmlOutput(userInterface, 'showDialog');
    this.recordDialog(output, output.getTitle(), true);
  }

  private recordDialog(output: HtmlOutput, title: string, modal: boolean): void {
    const size = { width: output.getWidth(), height: output.getHeight() };
    this.recorder.dialogs.push({ title, html: output.getContent(), modal, ...size });
  }

  /** Passing a template without `.evaluate()` is a classic mistake; Apps Script rejects it. */
  private htmlOutput(value: unknown, method: string): HtmlOutput {
    this.recorder.assertUiAllowed();
    const output = value as Partial<HtmlOutput> | null;
    if (typeof output?.getContent === 'function' && typeof output.getTitle === 'function') {
      return value as HtmlOutput;
    }
    throw this.recorder.error(
      `The parameters (${describe(value)}) don't match the method signature for Ui.${method}.`,
    );
  }

  /** Resolves the (prompt) / (prompt, buttons) / (title, prompt, buttons) overloads. */
  private message(
    method: string,
    args: readonly unknown[],
    defaultButtons: ButtonSetName,
  ): MessageRecord {
    this.recorder.assertUiAllowed();
    const given = args.filter((arg) => arg !== undefined);
    const [title, prompt, buttons] =
      given.length === 3 ? given : [undefined, given[0], given[1] ?? defaultButtons];
    if (typeof prompt !== 'string' || !isButtonSet(buttons)) {
      throw this.recorder.error(
        `The parameters (${given.map(describe).join(',')}) don't match the method signature for Ui.${method}.`,
      );
    }
    return title === undefined ? { prompt, buttons } : { title: String(title), prompt, buttons };
  }
}

class FakeMenu implements Menu {
  private readonly items: MenuEntry[] = [];

  constructor(
    private readonly recorder: UiRecorder,
    private readonly caption: string,
    private readonly addon: boolean,
  ) {}

  addItem(caption: string, functionName: string): Menu {
    this.items.push({ kind: 'item', caption, functionName });
    return this;
  }

  addSeparator(): Menu {
    this.items.push({ kind: 'separator' });
    return this;
  }

  addSubMenu(menu: Menu): Menu {
    if (!(menu instanceof FakeMenu)) throw this.recorder.error('Invalid argument: menu');
    this.items.push({ kind: 'submenu', caption: menu.caption, items: menu.entries() });
    return this;
  }

  addToUi(): void {
    this.recorder.assertUiAllowed();
    this.recorder.recordMenu({ caption: this.caption, addon: this.addon, items: this.entries() });
  }

  /** A copy, so later additions to the builder don't change what was already shown. */
  private entries(): MenuEntry[] {
    return structuredClone(this.items);
  }
}

function isButtonSet(value: unknown): value is ButtonSetName {
  return typeof value === 'string' && Object.hasOwn(BUTTON_SET, value);
}

/** A queued answer the dialog could not produce is a mistake in the test, not in the add-on. */
function checkedAnswer(button: ButtonName, message: MessageRecord, method: string): ButtonName {
  if (button === 'CLOSE' || BUTTON_SET[message.buttons].includes(button)) return button;
  throw new Error(
    `Queued ${method} answer ${button} is not offered by ButtonSet.${message.buttons} ("${message.prompt}")`,
  );
}

function asButton(button: ButtonName): GoogleAppsScript.Base.Button {
  return button as unknown as GoogleAppsScript.Base.Button;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object' && 'evaluate' in value) return 'HtmlTemplate';
  return typeof value === 'object' ? 'Object' : typeof value;
}
