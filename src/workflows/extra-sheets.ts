/**
 * The sheets a refresh writes beside the report. Each is a file of its own; a new one is one
 * more entry here.
 */
import { dailyTrendSheet } from './daily-sheet';
import type { ExtraSheetMaker } from './extra-sheet-target';
import { historySnapshot } from './history-sheet';
import { stepsSheet } from './steps-sheet';

export const EXTRA_SHEETS: readonly ExtraSheetMaker[] = [
  historySnapshot,
  dailyTrendSheet,
  stepsSheet,
];
