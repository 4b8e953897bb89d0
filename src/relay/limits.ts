// The one table of every relay/session limit (issue #11): what an anonymous peer can make the relay hold, each
// bounded. The CLI (flags, env, config), the README "Limits" section and the enforcing code all read this table;
// defaults follow the reference relay where it has a value (relay-ops.md §2, §6; moq-lite.md §5.8) and are
// chosen in its spirit where it has none. Codes are the moq-lite wire codes of moq-lite-versions.md §2.10 (session or stream, by action).
import { ErrorCode, SessionCode } from "../error.js";

export type LimitUnit = "count" | "bytes" | "ms";

/** What hitting the limit does to the peer: a session close or stream reset carries `code`; `http` is a status. */
export type LimitAction = "close session" | "close WebSocket" | "reset stream" | "evict groups" | "expire groups" | "drop groups" | "http";

export interface LimitSpec {
	/** The key in `Limits` (camelCase). */
	readonly name: LimitName;
	/** Config file key, as the reference names it where it has one (`cache.capacity`). */
	readonly config: string;
	/** Command-line flag: the config key with `.`/`_` as `-`. */
	readonly flag: string;
	/** Environment variable: `MOQ_` + the config key in upper case with `.` as `_`. */
	readonly env: string;
	/** Default in `unit`s; 0 means no limit. */
	readonly default: number;
	readonly unit: LimitUnit;
	readonly action: LimitAction;
	/** Wire code of the close/reset (moq-lite-versions.md §2.10: SessionCode or ErrorCode); the HTTP status for `http`, RFC 6455's for a WebSocket. */
	readonly code: number;
	/** Which part enforces it (for readers of the code, not for users). */
	readonly where: string;
	/** One line for --help and the README. */
	readonly description: string;
}

const KIB = 1024;
const MIB = 1024 * KIB;
const S = 1000;

/** A row as written; `flag` and `env` are derived from `config`. */
type Row = Omit<LimitSpec, "name" | "flag" | "env"> & { readonly name: string };

const TABLE = [
	{
		name: "sessions",
		config: "limits.sessions",
		default: 1000,
		unit: "count",
		action: "close session",
		code: SessionCode.TooManyRequests,
		where: "src/relay/relay.ts (adopt)",
		description: "sessions open at once on this relay, handshaking ones included",
	},
	{
		name: "handshakeTimeout",
		config: "listen.timeout",
		default: 10 * S,
		unit: "ms",
		action: "close session",
		code: SessionCode.ControlMessageTimeout,
		where: "src/lite/session-limits.ts: handshake() (transport ready) and SessionGuard (SETUP)",
		description: "time a new session has to complete its transport handshake and (moq-lite-05) send SETUP",
	},
	{
		name: "idleTimeout",
		config: "limits.idle_timeout",
		default: 30 * S,
		unit: "ms",
		action: "close session",
		code: SessionCode.NoError,
		where: "SessionGuard, src/lite/session-limits.ts",
		description: "time a session may hold nothing: no stream it opened, no broadcast it announced",
	},
	{
		name: "subscriptions",
		config: "limits.subscriptions",
		default: 256,
		unit: "count",
		action: "reset stream",
		code: ErrorCode.NoCapacity,
		where: "SessionGuard (session dispatch), src/lite/session-limits.ts",
		description: "live SUBSCRIBEs served to one session; one more is reset",
	},
	{
		name: "fetches",
		config: "limits.fetches",
		default: 64,
		unit: "count",
		action: "reset stream",
		code: ErrorCode.NoCapacity,
		where: "SessionGuard (session dispatch), src/lite/session-limits.ts",
		description: "FETCH (and TRACK) requests of one session pending at once; one more is reset",
	},
	{
		name: "announcements",
		config: "limits.announcements",
		default: 1024,
		unit: "count",
		action: "close session",
		code: SessionCode.TooManyRequests,
		where: "SessionGuard via src/lite/announce.ts",
		description: "broadcasts one session may announce at once",
	},
	{
		name: "httpFetches",
		config: "limits.http_fetches",
		default: 1024,
		unit: "count",
		action: "http",
		code: 503,
		where: "src/node/http-fetch.ts",
		description: "HTTP /fetch requests waiting for their group at once on this relay; one more is answered 503",
	},
	{
		name: "httpFetchTimeout",
		config: "limits.http_fetch_timeout",
		default: 30 * S,
		unit: "ms",
		action: "http",
		code: 504,
		where: "src/node/http-fetch.ts",
		description: "time an HTTP /fetch waits for its broadcast and first frame (the reference's 30 s)",
	},
	{
		name: "cacheCapacity",
		config: "cache.capacity",
		default: 256 * MIB,
		unit: "bytes",
		action: "evict groups",
		code: ErrorCode.Evicted,
		where: "src/model Pool, given to the relay's origin by src/cli/relay.ts",
		description: "relay-wide cache budget (payload + 256 B per group); over it the least recently read groups go",
	},
	{
		name: "cacheDuration",
		config: "cache.duration",
		default: 30 * S,
		unit: "ms",
		action: "expire groups",
		code: ErrorCode.Old,
		where: "SessionGuard.clampInfo (TRACK_INFO), src/lite/session-limits.ts",
		description: "relay maximum for a track's latencyMax: a publisher's or subscriber's larger value is clamped",
	},
	{
		name: "websocketMessage",
		config: "limits.websocket_message",
		default: 64 * KIB,
		unit: "bytes",
		action: "close WebSocket",
		code: 1009,
		where: "src/transport/websocket/server.ts",
		description: "largest WebSocket message accepted, checked before it is buffered (QMux records are <= 16382 B)",
	},
	{
		name: "subscriptionStreams",
		config: "limits.subscription_streams",
		default: 32,
		unit: "count",
		action: "drop groups",
		code: ErrorCode.Cancel,
		where: "src/lite/serve-subscribe.ts",
		description: "group streams open or waiting per subscription, however much stream credit the peer grants",
	},
	{
		name: "subscriptionBytes",
		config: "limits.subscription_bytes",
		default: 16 * MIB,
		unit: "bytes",
		action: "drop groups",
		code: ErrorCode.Old,
		where: "src/lite/serve-subscribe.ts",
		description: "bytes queued unsent per subscription (also bounded by its latencyMax); oldest groups go first",
	},
	{
		name: "message",
		config: "limits.message",
		default: 64 * KIB,
		unit: "bytes",
		action: "reset stream",
		code: ErrorCode.Internal,
		where: "src/lite/stream.ts (Reader)",
		description: "largest control message accepted, refused before it is buffered",
	},
] as const satisfies readonly Row[];

export type LimitName = (typeof TABLE)[number]["name"];

/** Every limit's value, in its unit (0 = no limit). */
export type Limits = Record<LimitName, number>;

export const LIMITS: readonly LimitSpec[] = TABLE.map((l) => ({
	...l,
	flag: `--${l.config.replace(/[._]/g, "-")}`,
	env: `MOQ_${l.config.replace(/\./g, "_").toUpperCase()}`,
}));

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze(Object.fromEntries(LIMITS.map((l) => [l.name, l.default])) as Limits);

/** The limits with `overrides` applied; unknown names are refused. */
export function limitsWith(overrides: Partial<Limits> = {}): Limits {
	for (const name of Object.keys(overrides)) {
		if (!(name in DEFAULT_LIMITS)) throw new RangeError(`unknown limit ${JSON.stringify(name)}`);
	}
	return { ...DEFAULT_LIMITS, ...overrides };
}

const SCALE: Record<LimitUnit, Record<string, number>> = {
	count: { "": 1 },
	bytes: { "": 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: KIB, mib: MIB, gib: 1024 * MIB },
	ms: { "": 1, ms: 1, s: S, m: 60 * S, h: 3600 * S },
};

/**
 * Parses a flag, env or config value in the limit's unit: counts as integers, sizes as `65536`, `64KiB`, `256MiB`,
 * durations as `500ms`, `10s`, `2m` (a bare number is ms). `0` (or `none`) means no limit.
 */
export function parseLimit(spec: Pick<LimitSpec, "unit" | "flag">, text: string): number {
	const t = text.trim().toLowerCase();
	if (t === "none") return 0;
	const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(t);
	const scale = m ? SCALE[spec.unit][m[2]!] : undefined;
	const value = m && scale !== undefined ? Math.round(Number(m[1]) * scale) : NaN;
	if (!Number.isSafeInteger(value)) {
		const forms = { count: "a whole number", bytes: "bytes, e.g. 65536 or 64KiB", ms: "a duration, e.g. 500ms or 10s" };
		throw new RangeError(`${spec.flag} wants ${forms[spec.unit]} (0 for no limit), got ${JSON.stringify(text)}`);
	}
	return value;
}

/** A limit's value in words, as the README and --help show it: `256 MiB`, `10 s`, `1000`, `none`. */
export function formatLimit(spec: LimitSpec, value: number = spec.default): string {
	if (value === 0) return "none";
	if (spec.unit === "ms") return value % S === 0 ? `${value / S} s` : `${value} ms`;
	if (spec.unit === "bytes") {
		if (value % MIB === 0) return `${value / MIB} MiB`;
		if (value % KIB === 0) return `${value / KIB} KiB`;
		return `${value} B`;
	}
	return String(value);
}
