/**
 * The sheets a refresh writes beside the report. Each is a file of its own; a new one is one
 * more entry here.
 */
import type { ExtraSheet } from '../core/refresh';
import type { ExtraSheetTarget } from './extra-sheet-target';
import { stepsSheet } from './steps-sheet';

export const EXTRA_SHEETS: readonly ((target: ExtraSheetTarget) => ExtraSheet)[] = [stepsSheet];
