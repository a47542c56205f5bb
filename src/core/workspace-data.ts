/**
 * Data of several connected workspaces at once. Each workspace is read with its own key only,
 * and the calls of all of them go out side by side (each key has its own rate limit). A
 * workspace that fails is named in the error, so a refresh can go on without it.
 */
import type { ApiCall } from './api-call';
import { callEach } from './api-client';
import { cachedEach, callCacheKey, type WorkspaceSource } from './cached-calls';
import {
  type CampaignSummary,
  campaignPageCall,
  MAX_PAGES,
  nextCursor,
  withNeverSent,
} from './campaign-list';
import { findCampaigns, tagged, workspaceOf } from './campaigns';
import { UserFacingError } from './errors';
import { type AnalyticsQuery, analyticsCall, planRequest } from './request';
import type { CampaignAnalytics } from './response';
import {
  cachedCampaignList,
  freshRows,
  readAnalytics,
  readCampaignList,
  storeAnalytics,
  storeCampaignList,
} from './source';
import { chooseWorkspaces, type Workspace } from './workspaces';

/** A connected workspace and where its data comes from. */
export interface ConnectedSource extends WorkspaceSource {
  readonly workspace: Workspace;
}

export interface WorkspaceFailure {
  readonly workspace: Workspace;
  readonly message: string;
}

/**
 * Some workspaces did not answer. With several in play the message names each one and why;
 * with one, it is that workspace's message as it is.
 */
export class WorkspacesFailed extends UserFacingError {
  constructor(
    readonly failures: readonly WorkspaceFailure[],
    several: boolean,
  ) {
    super(
      several
        ? failures.map(({ workspace, message }) => `${workspace.name}: ${message}`).join(' ')
        : failures.map(({ message }) => message).join(' '),
    );
    this.name = 'WorkspacesFailed';
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The work for each workspace in turn; every workspace that fails is named in one error. */
export function eachWorkspace<S extends ConnectedSource, T>(
  sources: readonly S[],
  work: (source: S) => T,
): T[] {
  const failures: WorkspaceFailure[] = [];
  const values = sources.map((source) => {
    try {
      return work(source);
    } catch (error) {
      failures.push({ workspace: source.workspace, message: messageOf(error) });
      return undefined as T;
    }
  });
  if (failures.length > 0) throw new WorkspacesFailed(failures, sources.length > 1);
  return values;
}

export interface WorkspaceCall<T> {
  readonly source: ConnectedSource;
  readonly call: ApiCall<T>;
}

/**
 * Each call with its workspace's key, all side by side in one fan-out, through the cache (each
 * workspace under its own generation). Any failure names its workspace.
 */
export function fetchAcross<T>(calls: readonly WorkspaceCall<T>[]): T[] {
  if (calls.length === 0) return [];
  const settled = cachedEach(
    calls.map(({ source, call }) => ({
      client: source.client,
      call,
      cacheKey: callCacheKey(source.shared.generation, call),
      ttlSeconds: source.shared.ttlSeconds,
    })),
    calls[0].source.shared,
  );
  const failures = new Map<string, WorkspaceFailure>();
  settled.forEach((result, index) => {
    const { workspace } = calls[index].source;
    if (!result.ok && !failures.has(workspace.id)) {
      failures.set(workspace.id, { workspace, message: result.error.message });
    }
  });
  if (failures.size > 0) {
    const workspaces = new Set(calls.map(({ source }) => source.workspace.id));
    throw new WorkspacesFailed([...failures.values()], workspaces.size > 1);
  }
  return settled.map((result) => (result.ok ? result.value : (undefined as T)));
}

/** A campaign and the workspace it is read from. */
export interface SourcedCampaign {
  readonly source: ConnectedSource;
  readonly campaign: CampaignAnalytics;
}

/**
 * The campaigns a formula names (ids or names, drafts too) across the chosen workspaces, from
 * their cached campaign lists, in the order named; undefined when none are named. A name found
 * in two workspaces is an error naming both.
 */
export function campaignsAcross(
  sources: readonly ConnectedSource[],
  wanted: readonly string[],
): SourcedCampaign[] | undefined {
  if (wanted.length === 0) return undefined;
  prefetchAcross(sources);
  const lists = eachWorkspace(sources, (source) =>
    withNeverSent([], cachedCampaignList(source.client, source.shared)).map((campaign) => ({
      id: campaign.campaign_id,
      name: campaign.campaign_name,
      workspace: source.workspace,
      sourced: { source, campaign: tagged([campaign], source.workspace)[0] },
    })),
  );
  return findCampaigns(lists.flat(), wanted).map((ref) => ref.sourced);
}

/** The source of each campaign's workspace: campaigns are tagged with it. */
export function sourceFor(
  sources: readonly ConnectedSource[],
  campaign: CampaignAnalytics,
): ConnectedSource {
  const id = workspaceOf(campaign)?.id;
  const source = sources.find((one) => one.workspace.id === id) ?? sources[0];
  if (!source) throw new UserFacingError('No Instantly workspace is connected.');
  return source;
}

/** Groups items by their source's workspace, keeping the order workspaces first appear in. */
export function byWorkspace<T extends { readonly source: ConnectedSource }>(
  items: readonly T[],
): { source: ConnectedSource; items: T[] }[] {
  const groups = new Map<string, { source: ConnectedSource; items: T[] }>();
  for (const item of items) {
    const id = item.source.workspace.id;
    const group = groups.get(id) ?? { source: item.source, items: [] };
    group.items.push(item);
    groups.set(id, group);
  }
  return [...groups.values()];
}

/** The sources of the workspaces named (see chooseWorkspaces); none named means all of them. */
export function chooseSources(
  sources: readonly ConnectedSource[],
  names: readonly string[],
): ConnectedSource[] {
  const chosen = chooseWorkspaces(
    sources.map((source) => source.workspace),
    names,
  );
  return chosen.map(
    (workspace) => sources.find((source) => source.workspace === workspace) as ConnectedSource,
  );
}

/**
 * Fetches side by side, across workspaces, what their cached campaign lists (and, given a
 * query, their all-campaigns analytics) lack, and caches it, so the per-workspace reads that
 * follow find it there. A list's pages follow each other; the workspaces' pages go together.
 * A workspace that fails here is left to its own read, which names the failure.
 */
export function prefetchAcross(
  sources: readonly ConnectedSource[],
  analytics?: AnalyticsQuery,
): void {
  if (sources.length < 2) return;
  const missing = () => ({
    lists: sources.filter((source) => !readCampaignList(source.shared)),
    analytics: analytics ? sources.filter((s) => !readAnalytics(s.shared, analytics)) : [],
  });
  // A warm cache takes no lock: concurrent recalculations wait only while there is work.
  const before = missing();
  if (before.lists.length === 0 && before.analytics.length === 0) return;
  sources[0].shared.exclusively(() => {
    const after = missing();
    prefetchLists(after.lists);
    if (analytics) prefetchAnalytics(after.analytics, analytics);
  });
}

function prefetchAnalytics(sources: readonly ConnectedSource[], query: AnalyticsQuery): void {
  const answers = callEach(
    sources.map((source) => ({ client: source.client, call: analyticsCall(query) })),
  );
  answers.forEach((answer, index) => {
    if (answer.ok) storeAnalytics(sources[index].shared, query, answer.value);
  });
}

interface ListInProgress {
  readonly source: ConnectedSource;
  readonly cursor?: string;
  readonly items: CampaignSummary[];
}

function prefetchLists(sources: readonly ConnectedSource[]): void {
  let going: ListInProgress[] = sources.map((source) => ({ source, items: [] }));
  for (let page = 0; going.length > 0 && page < MAX_PAGES; page++) {
    const answers = callEach(
      going.map(({ source, cursor }) => ({
        client: source.client,
        call: campaignPageCall(cursor),
      })),
    );
    going = going.flatMap((list, index) => {
      const answer = answers[index];
      if (!answer.ok) return [];
      list.items.push(...answer.value.items);
      const cursor = nextCursor(answer.value, list.cursor);
      if (cursor !== undefined) return [{ ...list, cursor }];
      storeCampaignList(list.source.shared, list.items);
      return [];
    });
  }
}

/**
 * A refresh's fresh analytics of every workspace, tagged, their requests side by side: of the
 * chosen ids, those that are each workspace's (found in its campaign list: the others are other
 * workspaces' to fetch), or all its campaigns. A report of one workspace asks for every chosen
 * id, as before workspaces. Every workspace that fails is named in one error.
 */
export function freshCampaignsAcross(
  sources: readonly ConnectedSource[],
  query: AnalyticsQuery,
  alone: boolean,
): CampaignAnalytics[] {
  prefetchAcross(sources);
  const plans = eachWorkspace(sources, (source) => {
    const listed = cachedCampaignList(source.client, source.shared);
    const own = new Set(listed.map((campaign) => campaign.id));
    const ids = alone ? query.ids : query.ids?.filter((id) => own.has(id));
    const ownQuery = { ...query, ids };
    const planned = ids?.length === 0 ? undefined : planRequest(source.client.baseUrl, ownQuery);
    return { source, listed, query: ownQuery, planned };
  });
  const asked = plans.filter((plan) => plan.planned);
  const settled = callEach(
    asked.map((plan) => ({
      client: plan.source.client,
      call: analyticsCall(plan.planned as AnalyticsQuery),
    })),
  );
  const answers = new Map(asked.map((plan, index) => [plan.source, settled[index]]));
  return eachWorkspace(sources, (source) => {
    const plan = plans.find((one) => one.source === source);
    const answer = answers.get(source);
    if (!plan?.planned || !answer) return [];
    if (!answer.ok) throw answer.error;
    const rows = freshRows(plan.query, plan.planned, answer.value, plan.listed, source.shared);
    return tagged(rows, source.workspace);
  }).flat();
}
