/**
 * What every fake service shares: the bundle's realm, the virtual clock, who runs the script and
 * what kind of execution is under way. Values the bundle receives are built in its realm because
 * `instanceof Array` / `instanceof Date` fail across realms.
 */
import vm from 'node:vm';
import type { VirtualClock } from './clock';

/** Constructors of the bundle's global object. */
export interface Realm {
  Array: ArrayConstructor;
  Object: ObjectConstructor;
  Error: ErrorConstructor;
  /** The context's Date: the virtual one once the clock is installed. */
  Date: DateConstructor;
}

export function realmOf(context: vm.Context): Realm {
  return vm.runInContext('({ Array, Object, Error, Date })', context);
}

/** How the current execution was started; `none` between executions. */
export type ExecutionKind = 'none' | 'call' | 'customFunction' | 'client' | 'timeTrigger';

export interface RuntimeEnv {
  realm: Realm;
  clock: VirtualClock;
  userEmail: string;
  scriptId: string;
  scriptTimeZone(): string;
  executionKind(): ExecutionKind;
  activeSpreadsheetId(): string | null;
  /** The manifest's `oauthScopes`; null when Apps Script infers the scopes from the code. */
  declaredScopes: readonly string[] | null;
}

export const SCOPES = {
  externalRequest: 'https://www.googleapis.com/auth/script.external_request',
  scriptApp: 'https://www.googleapis.com/auth/script.scriptapp',
  sendMail: 'https://www.googleapis.com/auth/script.send_mail',
  userEmail: 'https://www.googleapis.com/auth/userinfo.email',
} as const;

/**
 * An error as Apps Script throws it: `name` 'Exception' and the message without that prefix, so
 * `String(e)` reads `Exception: <message>` and `e.message` is what a script would see.
 */
export function exception(realm: Realm, message: string): Error {
  const error = new realm.Error(message);
  error.name = 'Exception';
  return error;
}

export function invalidArgument(realm: Realm, name: string): Error {
  return exception(realm, `Invalid argument: ${name}`);
}

/** For the parts of a service this runtime leaves out: fails loudly instead of pretending. */
export function notImplemented(method: string): never {
  throw new Error(`not implemented in the local runtime: ${method}`);
}

/**
 * Names that JavaScript and jest call when present (awaiting, JSON, matchers): read as absent, so
 * a fake can still be awaited, serialised or compared.
 */
const PROBED_METHODS = new Set(['then', 'toJSON', 'asymmetricMatch']);

/**
 * What reading a member a fake lacks gives: a function that fails, naming `Kind.member`, when
 * called. Merely reading the name (as printers do) stays harmless.
 */
export function unfakedMember(kind: string, member: string): (() => never) | undefined {
  return PROBED_METHODS.has(member) ? undefined : () => notImplemented(`${kind}.${member}`);
}

/** A service global that fails loudly for any method it does not fake. */
export function guardUnfaked<T extends object>(kind: string, fake: T): T {
  return new Proxy(fake, {
    get: (target, property) =>
      typeof property === 'string' && !(property in target)
        ? unfakedMember(kind, property)
        : Reflect.get(target, property),
  });
}

export function hasScope(env: RuntimeEnv, scope: string): boolean {
  return env.declaredScopes === null || env.declaredScopes.includes(scope);
}

/**
 * Refuses a method as Apps Script does: in a custom function (which runs without authorization)
 * unless the method works there, and whenever the manifest lists scopes without this one.
 */
export function requirePermission(
  env: RuntimeEnv,
  method: string,
  scope: string,
  { allowedInCustomFunction = false } = {},
): void {
  const refusedInCustomFunction =
    env.executionKind() === 'customFunction' && !allowedInCustomFunction;
  if (refusedInCustomFunction || !hasScope(env, scope)) {
    throw exception(
      env.realm,
      `You do not have permission to call ${method}. Required permissions: ${scope}`,
    );
  }
}

export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** Epoch milliseconds of a Date from any realm (the prototype method checks the internal slot). */
export function timeOf(date: Date): number {
  return Date.prototype.getTime.call(date);
}

/** An object literal of any realm: its prototype is some realm's Object.prototype, or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

export function realmArray<T>(realm: Realm, items: Iterable<T> | ArrayLike<T>): T[] {
  return realm.Array.from(items);
}

export function realmObject<T>(realm: Realm, entries: Record<string, T>): Record<string, T> {
  return Object.assign(new realm.Object(), entries) as Record<string, T>;
}

/**
 * Deep copy of plain data (arrays, object literals, Dates) into the realm; anything else (fakes,
 * functions, primitives) passes through as is.
 */
export function copyIntoRealm<T>(realm: Realm, value: T): T {
  if (isDate(value)) return new realm.Date(timeOf(value)) as T;
  if (Array.isArray(value)) {
    return realmArray(
      realm,
      value.map((item) => copyIntoRealm(realm, item)),
    ) as T;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).map(([key, item]) => [key, copyIntoRealm(realm, item)]);
    return realmObject(realm, Object.fromEntries(entries)) as T;
  }
  return value;
}

/**
 * An Apps Script enum: each value is its own name, so comparisons between values work and
 * `String(value)` reads as in Apps Script.
 */
export function enumOf(...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, name]));
}

/** A store per id, created on first use. */
export function storeMap<T>(create: () => T): (id: string) => T {
  const stores = new Map<string, T>();
  return (id) => {
    let store = stores.get(id);
    if (!store) {
      store = create();
      stores.set(id, store);
    }
    return store;
  };
}
