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

/** A capacity pool (docs/control-plane.md, "Capacity pools"); GET adds `remaining`. */
export interface CapacityPool {
  region?: string;
  zone: string;
  instance_type: string;
  market?: 'on-demand' | 'spot';
  available: number;
  remaining?: number;
}

export interface Capacity {
  /** PUT /_cloudlife/capacity: replaces the whole set of pools. */
  set(pools: CapacityPool[]): Promise<unknown>;
  list(): Promise<CapacityPool[]>;
  clear(): Promise<unknown>;
}

export interface Metric {
  account: string;
  region: string;
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  value: number;
  since: string;
}

export interface Metrics {
  /** Sets a metric's current value: one datapoint per virtual minute until it is set again. */
  put(namespace: string, metric: string, value: number,
      options?: { dimensions?: Record<string, string>; region?: string; account?: string }): Promise<Metric>;
  list(filter?: { account?: string; region?: string }): Promise<Metric[]>;
}

/** A metric alarm that invokes step or simple scaling policies (PUT /_cloudlife/alarms). */
export interface AlarmDefinition {
  name: string;
  namespace: string;
  metric: string;
  threshold: number;
  comparison: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
  alarm_actions: string[];
  region?: string;
  account?: string;
  dimensions?: Record<string, string>;
  statistic?: string;
  evaluation_periods?: number;
  datapoints_to_alarm?: number;
}

export interface Alarm extends AlarmDefinition {
  arn: string;
  /** The target tracking policy's ARN for the alarms it made, else null. */
  managed_by: string | null;
  state: string;
  state_reason: string;
  state_since: string;
}

export interface Alarms {
  put(alarm: AlarmDefinition): Promise<unknown>;
  list(filter?: { account?: string; region?: string }): Promise<Alarm[]>;
  delete(name: string, options?: { region?: string; account?: string }): Promise<unknown>;
}

/** An EventBridge envelope (docs/control-plane.md, "Service events"). */
export interface ServiceEvent {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface ServiceEvents {
  events: Array<{ seq: number; event: ServiceEvent }>;
  last_seq: number;
}

/** One instance's metadata service (docs/imds.md); text answers. */
export interface Imds {
  readonly instanceId: string;
  /** What AWS_EC2_METADATA_SERVICE_ENDPOINT takes for this instance. */
  readonly endpoint: string;
  /** An IMDSv2 session token (TTL 1-21600 s of virtual time). */
  token(ttlSeconds?: number): Promise<string>;
  /** GET latest/meta-data/<path> (the listing for ''). */
  get(path?: string, token?: string): Promise<string>;
  userData(token?: string): Promise<string>;
  identityDocument(token?: string): Promise<Record<string, unknown>>;
}

export class Cloudlife {
  /** http://HOST:PORT */
  readonly endpoint: string;
  readonly port: number;
  /** The server's PID, or null when attached to a server this helper did not start. */
  readonly pid: number | null;
  readonly faults: Faults;
  readonly capacity: Capacity;
  readonly metrics: Metrics;
  readonly alarms: Alarms;
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
  /** GET /_cloudlife/service-events; `wait` long-polls up to that many wall seconds. */
  serviceEvents(query?: { after?: number; wait?: number; source?: string; detailType?: string; limit?: number }): Promise<ServiceEvents>;
  imds(instanceId: string): Imds;
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
