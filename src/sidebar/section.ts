/** What a part of the page offers the entry file (page.ts); each member is optional. */
import type { ReportSettings } from '../core/settings';
import type { SidebarState } from '../core/sidebar-api';

export interface Section {
  /** Shows the state the server sent when the page opened. */
  show?(state: SidebarState): void;
  /** The settings this section's controls hold now. */
  read?(): Partial<ReportSettings>;
  /** Why Refresh now cannot run yet, in this section's words; undefined when it can. */
  problemBeforeRefresh?(): string | undefined;
  /** `idle` is false while any server action runs, or before the page has its state. */
  enableButtons?(idle: boolean): void;
}
