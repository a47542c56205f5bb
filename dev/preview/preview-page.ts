/**
 * The preview page: the local runtime's workbook as a spreadsheet grid, beside the add-on's real
 * sidebar. It long-polls GET /api/workbook and redraws on every change (sidebar calls included),
 * and sends what a person types to the server, which computes formulas with the add-on's custom
 * function. Served as a module, transpiled from TypeScript on request; no framework.
 *
 * Text from the workbook (campaign names, notes, errors) only reaches the page as textContent.
 */
import type { CellView, MessageView, SheetView, WorkbookView } from './workbook';

const ROW_HEAD_WIDTH = 46;
const ROW_HEIGHT = 21;
const HEADER_HEIGHT = 24;
const DEFAULT_COLUMN_WIDTH = 100;
/** Auto-resized columns can be very wide (a 200-character campaign name); the page caps them. */
const MAX_COLUMN_WIDTH = 360;
const MIN_ROWS = 60;
const MIN_COLUMNS = 26;
const TOAST_MS = 8_000;

interface Selection {
  row: number;
  column: number;
}

interface Editing extends Selection {
  sheet: string;
  original: string;
  via: 'cell' | 'bar';
}

interface Reply {
  ok: boolean;
  message?: string;
  prompt?: { title: string; message: string };
  sheet?: string;
}

const state = {
  workbook: undefined as WorkbookView | undefined,
  /** The tab on screen. */
  shown: '',
  /** The active sheet the server reported last: when it changes (a new sheet), we follow it. */
  serverActive: '',
  selection: { row: 0, column: 0 } as Selection,
  /** The cell being edited (in the cell or in the formula bar), and its input when editing began. */
  editing: undefined as Editing | undefined,
  seenToasts: -1,
  seenAlerts: -1,
  sidebarOpens: -1,
};

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const grid = $<HTMLTableElement>('grid');
const gridWrap = $<HTMLDivElement>('grid-wrap');
const editor = $<HTMLInputElement>('cell-editor');
const formulaInput = $<HTMLInputElement>('formula-input');
const nameBox = $<HTMLInputElement>('name-box');

// ---- Server ---------------------------------------------------------------------------------

async function post(path: string, body: unknown): Promise<Reply> {
  document.body.classList.add('busy');
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Reply;
  } catch (error) {
    return { ok: false, message: `The preview server did not answer (${String(error)}).` };
  } finally {
    document.body.classList.remove('busy');
  }
}

/** Redraws on every change the server makes, as soon as it makes it. */
async function watchWorkbook(): Promise<void> {
  for (;;) {
    try {
      const after = state.workbook ? `?after=${state.workbook.version}` : '';
      const response = await fetch(`/api/workbook${after}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      show((await response.json()) as WorkbookView);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

async function reloadWorkbook(): Promise<void> {
  const response = await fetch('/api/workbook');
  if (response.ok) show((await response.json()) as WorkbookView);
}

// ---- Drawing --------------------------------------------------------------------------------

function show(workbook: WorkbookView): void {
  if (state.workbook && workbook.version < state.workbook.version) return;
  const first = state.workbook === undefined;
  state.workbook = workbook;
  if (workbook.activeSheet !== state.serverActive) {
    state.serverActive = workbook.activeSheet;
    if (state.shown !== workbook.activeSheet) selectSheet(workbook.activeSheet);
  }
  if (!workbook.sheets.some((sheet) => sheet.name === state.shown)) {
    selectSheet(workbook.activeSheet);
  }
  document.title = `${workbook.name} – Instantly Analytics preview`;
  $('doc-name').textContent = workbook.name;
  drawSource(workbook);
  drawMenu(workbook);
  drawTabs(workbook);
  drawGrid();
  drawSchedule(workbook);
  if (first) {
    // Messages from before this page opened were seen elsewhere.
    state.seenToasts = lastId(workbook.toasts);
    state.seenAlerts = lastId(workbook.alerts);
    state.sidebarOpens = workbook.sidebarOpens;
  }
  for (const toast of workbook.toasts.filter((t) => t.id > state.seenToasts)) {
    showToast(toast.title, toast.message, 'info');
  }
  state.seenToasts = Math.max(state.seenToasts, lastId(workbook.toasts));
  for (const alert of workbook.alerts.filter((a) => a.id > state.seenAlerts)) {
    void showDialog({ title: alert.title, message: alert.message });
  }
  state.seenAlerts = Math.max(state.seenAlerts, lastId(workbook.alerts));
  if (workbook.sidebarOpens > state.sidebarOpens) {
    state.sidebarOpens = workbook.sidebarOpens;
    openSidebar();
  }
}

const lastId = (messages: MessageView[]) => messages[messages.length - 1]?.id ?? 0;

function currentSheet(): SheetView | undefined {
  return state.workbook?.sheets.find((sheet) => sheet.name === state.shown);
}

function drawSource(workbook: WorkbookView): void {
  const source = $('source');
  const badge = document.createElement('span');
  badge.className = workbook.source.kind === 'live' ? 'badge live' : 'badge';
  badge.textContent = workbook.source.kind === 'live' ? 'LIVE API' : 'SAMPLE DATA';
  source.replaceChildren(
    badge,
    `${workbook.source.label} · time zone ${workbook.timeZone} · local preview of the add-on`,
  );
}

function drawMenu(workbook: WorkbookView): void {
  const items = workbook.menu.map((item) => {
    if ('separator' in item) {
      const divider = document.createElement('span');
      divider.className = 'divider';
      return divider;
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = item.caption;
    button.dataset.functionName = item.functionName;
    button.addEventListener('click', () => void runMenuItem(item.functionName));
    return button;
  });
  const container = $('menu-items');
  const same =
    container.childElementCount === items.length &&
    items.every((item, i) => container.children[i].textContent === item.textContent);
  if (!same) container.replaceChildren(...items);
}

function drawTabs(workbook: WorkbookView): void {
  const tabs = workbook.sheets.map((sheet) => {
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.className = 'tab';
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-selected', String(sheet.name === state.shown));
    tab.textContent = sheet.name;
    tab.title = sheet.name;
    tab.addEventListener('click', () => {
      if (sheet.name === state.shown) return;
      commitEdit();
      selectSheet(sheet.name);
      drawTabs(workbook);
      drawGrid();
      void post('/api/sheet', { action: 'activate', name: sheet.name });
    });
    return tab;
  });
  $('sheet-tabs').replaceChildren(...tabs);
}

function drawSchedule(workbook: WorkbookView): void {
  const label = $('schedule-state');
  const on = workbook.scheduleTriggers > 0;
  label.className = on ? 'schedule-state on' : 'schedule-state';
  label.textContent = on ? 'Auto-refresh on (hourly trigger)' : 'Auto-refresh off';
}

function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

const a1 = ({ row, column }: Selection) => `${columnLetters(column)}${row + 1}`;

function cellAt(sheet: SheetView | undefined, { row, column }: Selection): CellView | null {
  return sheet?.cells[row]?.[column] ?? null;
}

function gridSize(sheet: SheetView): { rows: number; columns: number } {
  const usedColumns = Math.max(0, ...sheet.cells.map((row) => row.length));
  return {
    rows: Math.min(sheet.maxRows, Math.max(MIN_ROWS, sheet.cells.length + 30)),
    columns: Math.min(sheet.maxColumns, Math.max(MIN_COLUMNS, usedColumns + 4)),
  };
}

function columnWidth(sheet: SheetView, column: number): number {
  const set = sheet.columnWidths[column + 1];
  return set === undefined ? DEFAULT_COLUMN_WIDTH : Math.max(24, Math.min(MAX_COLUMN_WIDTH, set));
}

function drawGrid(): void {
  const sheet = currentSheet();
  if (!sheet) return;
  const { rows, columns } = gridSize(sheet);
  state.selection.row = Math.min(state.selection.row, rows - 1);
  state.selection.column = Math.min(state.selection.column, columns - 1);
  const widths = Array.from({ length: columns }, (_, c) => columnWidth(sheet, c));

  const colgroup = document.createElement('colgroup');
  for (const width of [ROW_HEAD_WIDTH, ...widths]) {
    const col = document.createElement('col');
    col.style.width = `${width}px`;
    colgroup.append(col);
  }

  const head = document.createElement('thead');
  const headRow = head.insertRow();
  const corner = document.createElement('th');
  corner.className = 'corner';
  headRow.append(corner);
  for (let c = 0; c < columns; c++) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = columnLetters(c);
    if (c === state.selection.column) th.classList.add('selected');
    headRow.append(th);
  }

  const body = document.createElement('tbody');
  for (let r = 0; r < rows; r++) {
    const tr = body.insertRow();
    const frozenRow = r < sheet.frozenRows;
    const rowHead = document.createElement('th');
    rowHead.scope = 'row';
    rowHead.className = 'row-head';
    rowHead.textContent = String(r + 1);
    if (r === state.selection.row) rowHead.classList.add('selected');
    if (frozenRow) frozen(rowHead, sheet, r);
    tr.append(rowHead);
    for (let c = 0; c < columns; c++) {
      const td = document.createElement('td');
      const position = { row: r, column: c };
      td.dataset.a1 = a1(position);
      const cell = cellAt(sheet, position);
      if (cell) fill(td, cell);
      if (cell?.kind === 'text' && c + 1 < columns && !cellAt(sheet, { row: r, column: c + 1 })) {
        td.classList.add('overflow');
      }
      if (frozenRow) frozen(td, sheet, r);
      if (r === state.selection.row && c === state.selection.column) td.classList.add('current');
      tr.append(td);
    }
  }
  grid.style.width = `${ROW_HEAD_WIDTH + widths.reduce((sum, width) => sum + width, 0)}px`;
  grid.replaceChildren(colgroup, head, body);
  showSelection();
}

function fill(td: HTMLTableCellElement, cell: CellView): void {
  td.textContent = cell.text;
  td.classList.add(cell.kind);
  if (cell.text === 'Loading...') td.classList.add('loading');
  if (cell.bold) td.classList.add('bold');
  if (cell.error) {
    td.title = cell.error;
  } else if (cell.note) {
    td.classList.add('has-note');
    td.title = cell.note;
  } else if (cell.kind === 'text' && cell.text.length > 30) {
    td.title = cell.text;
  }
}

/** Frozen rows stick under the column letters. */
function frozen(cell: HTMLElement, sheet: SheetView, row: number): void {
  cell.classList.add('frozen-row');
  cell.style.top = `${HEADER_HEIGHT + row * ROW_HEIGHT}px`;
  if (row === sheet.frozenRows - 1) cell.classList.add('frozen-edge-row');
}

function tdAt(selection: Selection): HTMLTableCellElement | null {
  return grid.querySelector(`td[data-a1="${a1(selection)}"]`);
}

/** The name box and formula bar follow the selected cell. */
function showSelection(): void {
  nameBox.value = a1(state.selection);
  if (document.activeElement !== formulaInput) {
    formulaInput.value = cellAt(currentSheet(), state.selection)?.input ?? '';
  }
  if (state.editing && state.editing.sheet === state.shown) placeEditor();
}

function select(selection: Selection): void {
  const sheet = currentSheet();
  if (!sheet) return;
  const { rows, columns } = gridSize(sheet);
  const next = {
    row: Math.max(0, Math.min(rows - 1, selection.row)),
    column: Math.max(0, Math.min(columns - 1, selection.column)),
  };
  tdAt(state.selection)?.classList.remove('current');
  grid.querySelectorAll('th.selected').forEach((th) => {
    th.classList.remove('selected');
  });
  state.selection = next;
  const td = tdAt(next);
  td?.classList.add('current');
  grid.querySelector(`thead th:nth-child(${next.column + 2})`)?.classList.add('selected');
  grid.querySelector(`tbody tr:nth-child(${next.row + 1}) th`)?.classList.add('selected');
  td?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  showSelection();
}

function selectSheet(name: string): void {
  state.shown = name;
  state.selection = { row: 0, column: 0 };
  editor.hidden = true;
  state.editing = undefined;
}

// ---- Editing --------------------------------------------------------------------------------

function startEdit(initial?: string): void {
  const original = cellAt(currentSheet(), state.selection)?.input ?? '';
  state.editing = { ...state.selection, sheet: state.shown, original, via: 'cell' };
  editor.value = initial ?? original;
  editor.hidden = false;
  placeEditor();
  editor.focus();
  editor.setSelectionRange(editor.value.length, editor.value.length);
}

function placeEditor(): void {
  const editing = state.editing;
  const td = editing && tdAt(editing);
  if (!td) return;
  editor.style.left = `${td.offsetLeft}px`;
  editor.style.top = `${td.offsetTop}px`;
  editor.style.minWidth = `${td.offsetWidth + 1}px`;
  editor.style.width = `${Math.max(td.offsetWidth + 1, Math.min(640, editor.value.length * 8 + 16))}px`;
}

/** Sends the edited cell's input, if it changed. */
function commitEdit(): void {
  const editing = state.editing;
  if (!editing) return;
  const value = editing.via === 'bar' ? formulaInput.value : editor.value;
  state.editing = undefined;
  editor.hidden = true;
  if (value === editing.original) return;
  void writeCell(editing.sheet, editing, value);
}

function cancelEdit(): void {
  state.editing = undefined;
  editor.hidden = true;
  formulaInput.value = cellAt(currentSheet(), state.selection)?.input ?? '';
  grid.focus({ preventScroll: true });
}

async function writeCell(sheet: string, cell: Selection, input: string): Promise<void> {
  const td = sheet === state.shown ? tdAt(cell) : null;
  if (td && input.startsWith('=')) {
    td.className = 'loading';
    td.textContent = 'Loading...';
  }
  const reply = await post('/api/cell', { sheet, a1: a1(cell), input });
  if (!reply.ok) showToast('Could not change the cell', reply.message ?? '', 'error');
  await reloadWorkbook();
}

gridWrap.addEventListener('mousedown', (event) => {
  const td = (event.target as HTMLElement).closest('td');
  if (!td?.dataset.a1) return;
  if (state.editing) commitEdit();
  const row = (td.parentElement as HTMLTableRowElement).sectionRowIndex;
  const column = td.cellIndex - 1;
  select({ row, column });
  event.preventDefault();
  grid.focus({ preventScroll: true });
});

gridWrap.addEventListener('dblclick', (event) => {
  if ((event.target as HTMLElement).closest('td')) startEdit();
});

const MOVES: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
  Tab: [0, 1],
};

grid.addEventListener('keydown', (event) => {
  if (event.target !== grid) return;
  const { row, column } = state.selection;
  const move = MOVES[event.key];
  if (move) {
    event.preventDefault();
    const [down, right] = event.key === 'Tab' && event.shiftKey ? [0, -1] : move;
    select({ row: row + down, column: column + right });
  } else if (event.key === 'Enter' || event.key === 'F2') {
    event.preventDefault();
    startEdit();
  } else if (event.key === 'Delete' || event.key === 'Backspace') {
    event.preventDefault();
    if (cellAt(currentSheet(), state.selection)) void writeCell(state.shown, state.selection, '');
  } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    startEdit(event.key);
  }
});

editor.addEventListener('keydown', (event) => {
  const editing = state.editing;
  if (!editing) return;
  if (event.key === 'Enter' || event.key === 'Tab') {
    event.preventDefault();
    commitEdit();
    const right = event.key === 'Tab' ? (event.shiftKey ? -1 : 1) : 0;
    select({ row: editing.row + (event.key === 'Enter' ? 1 : 0), column: editing.column + right });
    grid.focus({ preventScroll: true });
  } else if (event.key === 'Escape') {
    event.preventDefault();
    cancelEdit();
  }
});

editor.addEventListener('input', () => {
  formulaInput.value = editor.value;
  placeEditor();
});

editor.addEventListener('blur', () => {
  if (state.editing) commitEdit();
});

formulaInput.addEventListener('focus', () => {
  if (!state.editing) {
    const original = cellAt(currentSheet(), state.selection)?.input ?? '';
    state.editing = { ...state.selection, sheet: state.shown, original, via: 'bar' };
  }
});

formulaInput.addEventListener('input', () => {
  if (state.editing?.via === 'cell') editor.value = formulaInput.value;
});

formulaInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    event.preventDefault();
    const editing = state.editing;
    commitEdit();
    if (editing) select({ row: editing.row + 1, column: editing.column });
    grid.focus({ preventScroll: true });
  } else if (event.key === 'Escape') {
    event.preventDefault();
    cancelEdit();
  }
});

formulaInput.addEventListener('blur', () => {
  if (state.editing?.via === 'bar') commitEdit();
});

// ---- Menu, trigger, sheets, sidebar ------------------------------------------------------

async function runMenuItem(functionName: string, answer?: string): Promise<void> {
  const reply = await post(
    '/api/menu',
    answer === undefined ? { name: functionName } : { name: functionName, answer },
  );
  if (!reply.ok) {
    showToast('The menu item failed', reply.message ?? '', 'error');
    return;
  }
  if (reply.prompt) {
    const text = await showDialog({ ...reply.prompt, prompt: true });
    if (text !== undefined) await runMenuItem(functionName, text);
  }
}

$('run-trigger').addEventListener('click', async () => {
  const reply = await post('/api/trigger', {});
  showToast('Scheduled refresh', reply.message ?? '', reply.ok ? 'info' : 'warning');
});

$('add-sheet').addEventListener('click', async () => {
  commitEdit();
  const reply = await post('/api/sheet', { action: 'add' });
  if (reply.sheet) selectSheet(reply.sheet);
  await reloadWorkbook();
});

function openSidebar(): void {
  const sidebar = $('sidebar');
  const frame = $<HTMLIFrameElement>('sidebar-frame');
  if (sidebar.hidden) {
    sidebar.hidden = false;
    document.body.classList.remove('no-sidebar');
  }
  frame.src = '/sidebar';
}

$('close-sidebar').addEventListener('click', () => {
  $('sidebar').hidden = true;
  document.body.classList.add('no-sidebar');
});

// ---- Toasts and dialogs -----------------------------------------------------------------

function showToast(title: string, message: string, kind: 'info' | 'warning' | 'error'): void {
  const toast = document.createElement('div');
  toast.className = `toast ${kind}`;
  const heading = document.createElement('div');
  heading.className = 'toast-title';
  heading.textContent = title;
  const text = document.createElement('div');
  text.className = 'toast-text';
  text.textContent = message;
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', 'Dismiss');
  close.addEventListener('click', () => toast.remove());
  toast.append(...(title ? [heading] : []), text, close);
  $('toasts').append(toast);
  setTimeout(() => toast.remove(), TOAST_MS);
}

let dialogQueue: Promise<unknown> = Promise.resolve();

/** Shows an alert (OK) or a prompt (text, OK, Cancel); one at a time, in order. */
function showDialog(options: {
  title: string;
  message: string;
  prompt?: boolean;
}): Promise<string | undefined> {
  const next = dialogQueue.then(
    () =>
      new Promise<string | undefined>((resolve) => {
        const dialog = $<HTMLDialogElement>('message-dialog');
        const input = $<HTMLInputElement>('prompt-input');
        $('message-title').textContent = options.title || 'Instantly Analytics';
        $('message-text').textContent = options.message;
        input.hidden = !options.prompt;
        input.value = '';
        $('dialog-cancel').hidden = !options.prompt;
        dialog.addEventListener(
          'close',
          () => {
            const text = input.value;
            // What was typed (an API key) leaves the page with the request, not in it.
            input.value = '';
            resolve(options.prompt && dialog.returnValue === 'ok' ? text : undefined);
          },
          { once: true },
        );
        dialog.returnValue = '';
        dialog.showModal();
        (options.prompt ? input : $('dialog-ok')).focus();
      }),
  );
  dialogQueue = next;
  return next;
}

window.addEventListener('resize', () => placeEditor());
void watchWorkbook();
