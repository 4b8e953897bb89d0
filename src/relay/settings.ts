// The relay's settings, one table: each is a TOML key (moq-relay's name where it means the same, relay-ops.md §2),
// a flag and an environment variable named as moq-relay names them (MOQ_ + the key), all from the same entry; the
// limits come from their own table (./limits.ts) with its flags and variables, named the same way. Precedence:
// flag, then environment, then config file, then default.
import { formatLimit, LIMITS, type LimitUnit, parseLimit } from "./limits.js";
/** `hop`: a hop id, a whole number from 1 to 2^53-1 (0 would be "absent" on the wire). */
export type Kind = "string" | "list" | "hop" | LimitUnit;

export interface Setting {
	/** Dotted TOML key. */
	readonly key: string;
	/** The flag, without its dashes. */
	readonly flag: string;
	/** More flags for the same setting (the names the issue and other relays use). */
	readonly aliases?: readonly string[];
	readonly env: string;
	/** Older variable names still read (README lists them). */
	readonly envAliases?: readonly string[];
	readonly kind: Kind;
	/** As it would be written in the file ("2s", "256MiB", 1000). */
	readonly default?: string | number;
	readonly description: string;
}

/** Flag names by limit, besides the table's own. */
const LIMIT_ALIASES: Partial<Record<(typeof LIMITS)[number]["name"], string[]>> = {
	cacheCapacity: ["cache-bytes"],
	sessions: ["max-sessions"],
	idleTimeout: ["idle-timeout"],
};

type Own = Omit<Setting, "env" | "envAliases">;

const OWN: readonly Own[] = [
	{ key: "server.bind", flag: "bind", kind: "string", default: "127.0.0.1:4443", description: "HOST:PORT for QUIC (UDP) and WebSocket/HTTP (TCP); port 0 picks one" },
	{ key: "server.tls.cert", flag: "tls-cert", kind: "string", description: "PEM certificate chain (reloaded when it changes); default a self-signed dev certificate" },
	{ key: "server.tls.key", flag: "tls-key", kind: "string", description: "PEM private key of --tls-cert" },
	{ key: "auth.key", flag: "auth-key", kind: "string", description: "JWK file (JSON or base64url) verifying every token" },
	{ key: "auth.key_dir", flag: "auth-key-dir", kind: "string", description: "directory of {kid}.jwk files, read per connection" },
	{ key: "auth.public", flag: "auth-public", kind: "list", description: "prefix open to anonymous clients (repeatable; \"\" opens everything)" },
	{ key: "cluster.connect", flag: "upstream", kind: "string", description: "upstream relay URL (http(s): WebTransport/WebSocket, moql: raw QUIC)" },
	{ key: "cache.linger", flag: "linger", kind: "ms", default: "30s", description: "how long a track copy nobody reads is kept for a returning viewer" },
	{ key: "drain_timeout", flag: "drain-timeout", kind: "ms", default: "2s", description: "on SIGINT/SIGTERM: how long sessions may drain after GOAWAY" },
	{ key: "log.level", flag: "log-level", kind: "string", default: "info", description: "error, warn, info or debug" },
	{
		key: "cluster.id",
		flag: "cluster-id",
		kind: "hop",
		description: "this relay's hop id (1 to 2^53-1), the same in every session's SETUP and announce chains so loops through any link are caught; default random per start",
	},
];

/** `MOQ_` + the TOML key in upper case with `.` as `_`: moq-relay's variable names (relay-ops.md §2). */
export function envName(key: string): string {
	return `MOQ_${key.replace(/\./g, "_").toUpperCase()}`;
}

/** Settings that had `MOQWIRE_` + flag variables before they followed the reference: those names are still read. */
const MOQWIRE_NAMED = new Set(["bind", "tls-cert", "tls-key", "auth-key", "auth-key-dir", "auth-public", "upstream", "linger", "drain-timeout", "log-level"]);

/** The relay's own settings (the limits' rows follow in RELAY_SETTINGS). */
export const OWN_SETTINGS: readonly Setting[] = OWN.map((s) => ({
	...s,
	env: envName(s.key),
	...(MOQWIRE_NAMED.has(s.flag) ? { envAliases: [`MOQWIRE_${s.flag.toUpperCase().replace(/-/g, "_")}`] } : {}),
}));

export const RELAY_SETTINGS: readonly Setting[] = [
	...OWN_SETTINGS,
	...LIMITS.map(
		(l): Setting => ({
			key: l.config,
			flag: l.flag.replace(/^--/, ""),
			...(LIMIT_ALIASES[l.name] ? { aliases: LIMIT_ALIASES[l.name] } : {}),
			env: l.env,
			kind: l.unit,
			default: formatLimit(l),
			description: `${l.description} (0: none)`,
		}),
	),
];

export type Resolved = ReadonlyMap<string, string | number | string[] | undefined>;

/** A setting's value could not be read; the message names where it came from. */
export class SettingError extends Error {}

function convert(s: Setting, raw: unknown): string | number | string[] {
	if (s.kind === "list") {
		if (Array.isArray(raw) && raw.every((x) => typeof x === "string")) return raw;
		if (typeof raw === "string") return [raw];
		throw new SettingError(`wants a string or a list of strings`);
	}
	if (s.kind === "hop") return hopId(raw);
	if (s.kind !== "string" && typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 0) return raw;
	if (typeof raw !== "string") throw new SettingError(`wants a string, got ${JSON.stringify(raw)}`);
	if (s.kind === "string") return raw;
	try {
		return parseLimit({ unit: s.kind, flag: "" }, raw);
	} catch (err) {
		throw new SettingError((err as Error).message.trimStart());
	}
}

function hopId(raw: unknown): number {
	const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
	if (Number.isSafeInteger(n) && n >= 1) return n;
	throw new SettingError(`wants a hop id: a whole number from 1 to 2^53-1, got ${JSON.stringify(raw)}`);
}

/** The value at a dotted key of a parsed TOML table. */
function lookup(table: Record<string, unknown>, key: string): unknown {
	let at: unknown = table;
	for (const part of key.split(".")) {
		if (typeof at !== "object" || at === null || Array.isArray(at)) return undefined;
		at = (at as Record<string, unknown>)[part];
	}
	return at;
}

/** Every key of a TOML table that no setting reads: a typo should not pass silently. */
function unknownKeys(table: Record<string, unknown>, known: Set<string>, prefix = ""): string[] {
	return Object.entries(table).flatMap(([k, v]) => {
		const key = prefix ? `${prefix}.${k}` : k;
		if (known.has(key)) return [];
		if (typeof v === "object" && v !== null && !Array.isArray(v)) return unknownKeys(v as Record<string, unknown>, known, key);
		return [key];
	});
}

export interface Sources {
	/** Parsed config file, and its name for messages. */
	file?: { name: string; table: Record<string, unknown> };
	env: Readonly<Record<string, string | undefined>>;
	/** Flag values by flag name; a list flag may be repeated. */
	flags: Readonly<Record<string, string | string[] | boolean | undefined>>;
}

export function resolve(settings: readonly Setting[], sources: Sources): Resolved {
	if (sources.file) {
		const stray = unknownKeys(sources.file.table, new Set(settings.map((s) => s.key)));
		if (stray.length) throw new SettingError(`${sources.file.name}: unknown key ${stray.join(", ")}`);
	}
	const out = new Map<string, string | number | string[] | undefined>();
	for (const s of settings) {
		const given = [s.flag, ...(s.aliases ?? [])].find((f) => sources.flags[f] !== undefined && sources.flags[f] !== false);
		const flag = given === undefined ? undefined : sources.flags[given];
		const envVar = [s.env, ...(s.envAliases ?? [])].find((e) => sources.env[e] !== undefined) ?? s.env;
		const env = sources.env[envVar];
		const file = sources.file ? lookup(sources.file.table, s.key) : undefined;
		const [raw, where] =
			flag !== undefined
				? [Array.isArray(flag) && s.kind !== "list" ? flag[flag.length - 1] : flag, `--${given}`]
				: env !== undefined
					? [s.kind === "list" ? env.split(",") : env, envVar]
					: file !== undefined
						? [file, `${sources.file!.name}: ${s.key}`]
						: [s.default, `default of ${s.key}`];
		try {
			out.set(s.key, raw === undefined ? undefined : convert(s, raw));
		} catch (err) {
			throw new SettingError(`${where} ${(err as Error).message}`);
		}
	}
	return out;
}
