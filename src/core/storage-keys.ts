/**
 * Every key under which the add-on stores data, in one place because the values are a
 * compatibility contract with data people have already saved: never change a value. To rename
 * a key, add the new one and keep reading the old one as a fallback.
 *
 * Constant names say where the value lives, then what it holds: DOCUMENT_PROPERTY_*,
 * SCRIPT_PROPERTY_*, USER_PROPERTY_*, METADATA_* (developer metadata on the spreadsheet) and
 * CACHE_* (script cache). The values keep the spellings they were first saved under.
 */

/**
 * The first version's single Instantly API key. Still read: it is a connection until its
 * workspace is identified, then it moves under DOCUMENT_PROPERTY_WORKSPACE_PREFIX.
 */
export const DOCUMENT_PROPERTY_API_KEY = 'INSTANTLY_API_KEY';

/**
 * Followed by a workspace id: one connected workspace, as JSON {id, name, apiKey, addedAt},
 * shared by the spreadsheet's editors (and their formulas) without being shown to them. One
 * property per workspace, so no value nears the 9 KB limit however many are connected.
 */
export const DOCUMENT_PROPERTY_WORKSPACE_PREFIX = 'INSTANTLY_WORKSPACE:';

/** Where requests go instead of the Instantly API: set only by whoever deploys the script. */
export const SCRIPT_PROPERTY_API_BASE_URL = 'INSTANTLY_API_BASE_URL';

/** Followed by a spreadsheet id: this user's schedule of it, with a copy of its API key. */
export const USER_PROPERTY_SCHEDULE_PREFIX = 'INSTANTLY_SCHEDULE:';
/** The spreadsheets this user's schedule stopped refreshing recently, and why. */
export const USER_PROPERTY_DROPPED_SCHEDULES = 'INSTANTLY_SCHEDULES_DROPPED';

/** The report settings saved from the sidebar. */
export const METADATA_SETTINGS = 'instantlyAnalytics.settings';
/** The last refresh's outcome and the count of failures in a row. */
export const METADATA_REFRESH_STATUS = 'instantlyAnalytics.status';
/** The rows and columns of each table last written, by sheet id and column. */
export const METADATA_TABLE_SHAPES = 'instantlyAnalytics.tableShapes';
/** Where Keep history's latest snapshot and chart table are: a hint, checked against the sheet. */
export const METADATA_HISTORY = 'instantlyAnalytics.history';
/** The schedule id of the editor whose hourly run refreshes the spreadsheet. */
export const METADATA_SCHEDULE_OWNER = 'instantlyAnalytics.scheduleOwner';
/** Until when a running refresh holds the spreadsheet. */
export const METADATA_REFRESH_LEASE = 'instantlyAnalytics.refreshLease';

/**
 * Followed by a spreadsheet id, a colon and a workspace id: the generation that scopes that
 * workspace's cached responses for the spreadsheet (a new key renews only its workspace's).
 */
export const CACHE_GENERATION_PREFIX = 'generation:';
/** Followed by a generation and a date range: one all-campaigns analytics response. */
export const CACHE_ANALYTICS_PREFIX = 'analytics:';
/** Every campaign of the workspace from GET /api/v2/campaigns (drafts too), under its generation. */
export const CACHE_CAMPAIGN_LIST_PREFIX = 'campaigns:';
/** Followed by a generation and what was asked (path and query): one response of any endpoint. */
export const CACHE_RESPONSE_PREFIX = 'response:';
