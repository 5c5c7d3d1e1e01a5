// Types of node/cloudlife (index.js): start or attach to a cloudlife server and drive its control
// plane (docs/control-plane.md in the cloudlife repository).

export interface StartOptions {
  /** The cloudlife executable: a path, or a name looked up on PATH (default: $CLOUDLIFE_BIN, then `cloudlife`). */
  binary?: string;
  /** Extra command-line flags (with `endpoint`, only --clock and --timing). */
  args?: string[];
  /** Default 127.0.0.1. */
  bind?: string;
  /** Default 0 (a free port). */
  port?: number;
  clock?: 'real' | 'frozen';
  timing?: 'instant' | 'realistic';
  /** Default 'warn'. */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'critical' | 'off';
  /** Added to the server's environment. */
  env?: Record<string, string>;
  /** Default 15000. */
  startupTimeoutMs?: number;
  /** Attach to the server at this URL instead of starting one (default: $CLOUDLIFE_ENDPOINT unless `binary` is given). */
  endpoint?: string;
}

export type AttachOptions = Pick<StartOptions, 'args' | 'clock' | 'timing'>;

export interface Clock {
  now: string;
  epoch_ms: number;
  mode: 'real' | 'frozen';
  timing: 'instant' | 'realistic';
}

export interface FaultRule {
  id?: string;
  kind: string;
  cloud?: string;
  action?: string;
  code?: string;
  count?: number;
  [field: string]: unknown;
}

export interface Faults {
  add(rule: FaultRule): Promise<FaultRule>;
  list(): Promise<FaultRule[]>;
  delete(id: string): Promise<unknown>;
  clear(): Promise<unknown>;
}

/** An Error from a control-plane call answered with 4xx/5xx. */
export interface ControlPlaneError extends Error {
  status: number;
  body: string;
}

export class Cloudlife {
  /** http://HOST:PORT */
  readonly endpoint: string;
  readonly port: number;
  /** The server's PID, or null when attached to a server this helper did not start. */
  readonly pid: number | null;
  readonly faults: Faults;
  /** One control-plane call; resolves to the decoded JSON answer, rejects with a ControlPlaneError. */
  control(method: string, route: string, body?: unknown): Promise<any>;
  health(): Promise<{ status: string; [field: string]: unknown }>;
  /** Forgets every resource, fault rule and event; the clock goes back to wall time. */
  reset(): Promise<unknown>;
  advance(seconds: number): Promise<Clock>;
  clock(): Promise<Clock>;
  timing(profile?: 'instant' | 'realistic', overrides?: Record<string, number>): Promise<unknown>;
  state(): Promise<Record<string, unknown>>;
  events(query?: Record<string, string>): Promise<Array<Record<string, unknown>>>;
  /** Resources still accruing cost that nothing uses (docs/teardown.md). */
  leaks(filter?: { account?: string; region?: string; cloud?: string }): Promise<Array<Record<string, unknown>>>;
  /** GET /_cloudlife/usage with these query parameters (account, region, cloud, from, to, group_by, priced). */
  usage(params?: Record<string, string | boolean>): Promise<Record<string, unknown>>;
  prices(): Promise<Record<string, unknown>>;
  setPrices(document: Record<string, unknown>): Promise<unknown>;
  /** SIGTERM (SIGKILL after graceMs); resolves to the exit code, or null when attached. */
  stop(options?: { graceMs?: number }): Promise<number | null>;
}

/** Starts a server on a free port, or attaches to opts.endpoint / $CLOUDLIFE_ENDPOINT. */
export function start(opts?: StartOptions): Promise<Cloudlife>;
/** Attaches to the server at `endpoint`: health check, reset, clock/timing through the control plane. */
export function attach(endpoint: string, opts?: AttachOptions): Promise<Cloudlife>;
/** The executable start() would run; throws when there is none. */
export function findBinary(binary?: string): string;
