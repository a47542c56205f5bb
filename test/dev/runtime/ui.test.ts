import vm from 'node:vm';
import { realmOf } from '../../../dev/runtime/env';
import { createHtmlService } from '../../../dev/runtime/html';
import { createUi } from '../../../dev/runtime/ui';
import { writeDist } from './helpers';

const NO_UI = { readOnly: false, uiAllowed: false };

describe('menus', () => {
  it('records menus with items, separators and submenus', () => {
    const fake = createUi();
    const { Ui } = fake;
    Ui.createMenu('Instantly')
      .addItem('Open sidebar', 'showSidebar')
      .addSeparator()
      .addSubMenu(Ui.createMenu('Schedule').addItem('Daily', 'scheduleDaily'))
      .addToUi();
    Ui.createAddonMenu().addItem('Refresh', 'refreshAll').addToUi();
    expect(fake.menus).toEqual([
      {
        caption: 'Instantly',
        addon: false,
        items: [
          { kind: 'item', caption: 'Open sidebar', functionName: 'showSidebar' },
          { kind: 'separator' },
          {
            kind: 'submenu',
            caption: 'Schedule',
            items: [{ kind: 'item', caption: 'Daily', functionName: 'scheduleDaily' }],
          },
        ],
      },
      {
        caption: '',
        addon: true,
        items: [{ kind: 'item', caption: 'Refresh', functionName: 'refreshAll' }],
      },
    ]);
    expect(fake.menuFunctionNames()).toEqual(['showSidebar', 'scheduleDaily', 'refreshAll']);
  });

  it('replaces a menu added again, as onOpen running twice does', () => {
    const fake = createUi();
    fake.Ui.createAddonMenu().addItem('Old', 'old').addToUi();
    fake.Ui.createAddonMenu().addItem('New', 'fresh').addToUi();
    expect(fake.menuFunctionNames()).toEqual(['fresh']);
  });
});

describe('alerts', () => {
  it('answers with queued buttons, then the first button of the set', () => {
    const fake = createUi();
    const { Ui } = fake;
    fake.queueAlertResponse('NO');
    expect(Ui.alert('Delete?', 'Remove the history sheet?', Ui.ButtonSet.YES_NO)).toBe(
      Ui.Button.NO,
    );
    expect(Ui.alert('Done')).toBe(Ui.Button.OK);
    expect(Ui.alert('Sure?', Ui.ButtonSet.YES_NO_CANCEL)).toBe(Ui.Button.YES);
    expect(fake.alerts).toEqual([
      { title: 'Delete?', prompt: 'Remove the history sheet?', buttons: 'YES_NO' },
      { prompt: 'Done', buttons: 'OK' },
      { prompt: 'Sure?', buttons: 'YES_NO_CANCEL' },
    ]);
  });

  it('refuses (title, prompt) without buttons, as Apps Script does', () => {
    const { Ui } = createUi();
    // Untyped bundle code can make this mistake; TypeScript would not let it through.
    const alert = Ui.alert.bind(Ui) as (...args: string[]) => unknown;
    expect(() => alert('Title', 'Prompt')).toThrow(
      "The parameters (string,string) don't match the method signature for Ui.alert.",
    );
  });

  it('rejects a queued answer the dialog does not offer', () => {
    const fake = createUi();
    fake.queueAlertResponse('YES');
    expect(() => fake.Ui.alert('Saved', fake.Ui.ButtonSet.OK_CANCEL)).toThrow(
      'Queued alert answer YES is not offered by ButtonSet.OK_CANCEL',
    );
  });
});

describe('prompts', () => {
  it('answers from the queue, then cancels (or closes when there is no Cancel)', () => {
    const fake = createUi();
    const { Ui } = fake;
    fake.queuePromptResponse({ button: 'OK', text: 'sk_live_123' });
    const key = Ui.prompt('API key', 'Paste your Instantly API key', Ui.ButtonSet.OK_CANCEL);
    expect([key.getSelectedButton(), key.getResponseText()]).toEqual([Ui.Button.OK, 'sk_live_123']);
    const cancelled = Ui.prompt('Name?', Ui.ButtonSet.OK_CANCEL);
    expect([cancelled.getSelectedButton(), cancelled.getResponseText()]).toEqual(['CANCEL', '']);
    expect(Ui.prompt('Name?').getSelectedButton()).toBe(Ui.Button.CLOSE);
    expect(fake.prompts.map((prompt) => prompt.buttons)).toEqual(['OK_CANCEL', 'OK_CANCEL', 'OK']);
  });
});

describe('sidebars and dialogs', () => {
  it('records the title and HTML shown', () => {
    const fake = createUi();
    const html = createHtmlService(writeDist({}));
    fake.Ui.showSidebar(html.createHtmlOutput('<p>Hi</p>').setTitle('Instantly'));
    const dialog = html.createHtmlOutput('<b>x</b>').setWidth(400).setHeight(300);
    fake.Ui.showModalDialog(dialog, 'Settings');
    fake.Ui.showModelessDialog(dialog, 'Log');
    expect(fake.sidebars).toEqual([{ title: 'Instantly', html: '<p>Hi</p>' }]);
    expect(fake.dialogs).toEqual([
      { title: 'Settings', html: '<b>x</b>', modal: true, width: 400, height: 300 },
      { title: 'Log', html: '<b>x</b>', modal: false, width: 400, height: 300 },
    ]);
  });

  it('refuses a template that was not evaluated', () => {
    const fake = createUi();
    const template = createHtmlService(writeDist({})).createTemplate('<p></p>');
    expect(() =>
      fake.Ui.showSidebar(template as unknown as GoogleAppsScript.HTML.HtmlOutput),
    ).toThrow("The parameters (HtmlTemplate) don't match the method signature for Ui.showSidebar.");
  });
});

describe('execution mode', () => {
  it('refuses every UI call where there is no UI', () => {
    const fake = createUi();
    const menu = fake.Ui.createMenu('Instantly');
    fake.setMode(NO_UI);
    const refusal = 'Cannot call SpreadsheetApp.getUi() from this context.';
    expect(() => fake.Ui.alert('x')).toThrow(refusal);
    expect(() => fake.Ui.prompt('x')).toThrow(refusal);
    expect(() => fake.Ui.createAddonMenu()).toThrow(refusal);
    expect(() => menu.addToUi()).toThrow(refusal);
    expect(fake.alerts).toEqual([]);
  });

  it('throws errors of the given realm', () => {
    const realm = realmOf(vm.createContext({}));
    const fake = createUi({ realm });
    fake.setMode(NO_UI);
    let error: unknown;
    try {
      fake.Ui.alert('x');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(realm.Error);
    expect(String(error)).toBe('Exception: Cannot call SpreadsheetApp.getUi() from this context.');
  });
});

describe('HtmlService', () => {
  it('reads project files by name, with or without extension', () => {
    const html = createHtmlService(writeDist({ 'Sidebar.html': '<h1>Sidebar</h1>' }));
    expect(html.createHtmlOutputFromFile('Sidebar').getContent()).toBe('<h1>Sidebar</h1>');
    expect(html.createHtmlOutputFromFile('Sidebar.html').getContent()).toBe('<h1>Sidebar</h1>');
    expect(() => html.createHtmlOutputFromFile('Missing')).toThrow(
      'No HTML file named Missing was found.',
    );
  });

  it('builds outputs with title, size, modes, meta tags and appended content', () => {
    const html = createHtmlService(writeDist({}));
    const output = html
      .createHtmlOutput('<p>a</p>')
      .append('<p>b</p>')
      .appendUntrusted('<script>')
      .setTitle('Report')
      .setWidth(300)
      .setSandboxMode(html.SandboxMode.IFRAME)
      .setXFrameOptionsMode(html.XFrameOptionsMode.ALLOWALL)
      .addMetaTag('viewport', 'width=device-width');
    expect(output.getContent()).toBe('<p>a</p><p>b</p>&lt;script&gt;');
    expect([output.getTitle(), output.getWidth()]).toEqual(['Report', 300]);
    expect(output.getMetaTags().map((tag) => [tag.getName(), tag.getContent()])).toEqual([
      ['viewport', 'width=device-width'],
    ]);
  });

  it('evaluates templates: escaped, raw and code scriptlets over its properties', () => {
    const html = createHtmlService(writeDist({}));
    const template = html.createTemplate(
      '<h1><?= title ?></h1><?!= banner ?><ul><? for (const row of rows) { ?><li><?= row ?></li><? } ?></ul><?= missing ?>',
    );
    template.title = 'Opens & <clicks>';
    template.banner = '<hr>';
    template.rows = ['a"b', "c'd"];
    template.missing = undefined;
    expect(template.evaluate().getContent()).toBe(
      '<h1>Opens &amp; &lt;clicks&gt;</h1><hr><ul><li>a&quot;b</li><li>c&#39;d</li></ul>',
    );
  });

  it("calls the script's global functions from scriptlets when given its context", () => {
    const context = vm.createContext({});
    vm.runInContext(
      'function include(name) { return HtmlService.createHtmlOutputFromFile(name).getContent(); }',
      context,
    );
    const distDir = writeDist({
      'Page.html': '<head><?!= include("styles/main") ?></head>',
      'styles/main.html': '<style>b{}</style>',
    });
    context.HtmlService = createHtmlService(distDir, { context });
    const page = context.HtmlService.createTemplateFromFile('Page').evaluate();
    expect(page.getContent()).toBe('<head><style>b{}</style></head>');
  });
});
