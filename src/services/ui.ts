/** The Sheets UI: the add-on menu, dialogs, toasts and the sidebar. */

/** A menu item's caption and the name of the public function it calls. */
export type MenuItem = readonly [caption: string, functionName: string];

/** Runs in AuthMode.NONE too, so it calls no service but the menu itself. */
export function addMenu(items: readonly MenuItem[]): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const [caption, functionName] of items) menu.addItem(caption, functionName);
  menu.addToUi();
}

/** Asks for text; undefined when the person cancels or answers with nothing. */
export function promptForText(title: string, prompt: string): string | undefined {
  const ui = SpreadsheetApp.getUi();
  const response = ui.prompt(title, prompt, ui.ButtonSet.OK_CANCEL);
  const text = response.getResponseText().trim();
  return response.getSelectedButton() === ui.Button.OK && text ? text : undefined;
}

export function showAlert(title: string, message: string): void {
  const ui = SpreadsheetApp.getUi();
  ui.alert(title, message, ui.ButtonSet.OK);
}

export function showToast(message: string, title: string): void {
  SpreadsheetApp.getActive().toast(message, title);
}

export function openSidebar(): void {
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('Instantly Analytics');
  SpreadsheetApp.getUi().showSidebar(html);
}
