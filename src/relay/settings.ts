// The relay's settings, one table: each is a TOML key (moq-relay's name where it means the same, relay-ops.md §2),
// a flag and a MOQWIRE_* environment variable, all derived from the same entry. Precedence: flag, then
// environment, then config file, then default.
export type Kind = "string" | "list" | "duration" | "bytes" | "count";

export interface Setting {
	/** Dotted TOML key. */
	readonly key: string;
	/** The flag, without its dashes. */
	readonly flag: string;
	readonly kind: Kind;
	/** As it would be written in the file ("2s", "256MiB", 1000). */
	readonly default?: string | number;
	readonly description: string;
}

export const RELAY_SETTINGS: readonly Setting[] = [
	{ key: "server.bind", flag: "bind", kind: "string", default: "127.0.0.1:4443", description: "HOST:PORT for QUIC (UDP) and WebSocket/HTTP (TCP); port 0 picks one" },
	{ key: "server.tls.cert", flag: "tls-cert", kind: "string", description: "PEM certificate chain (reloaded when it changes); default a self-signed dev certificate" },
	{ key: "server.tls.key", flag: "tls-key", kind: "string", description: "PEM private key of --tls-cert" },
	{ key: "auth.key", flag: "auth-key", kind: "string", description: "JWK file (JSON or base64url) verifying every token" },
	{ key: "auth.key_dir", flag: "auth-key-dir", kind: "string", description: "directory of {kid}.jwk files, read per connection" },
	{ key: "auth.public", flag: "auth-public", kind: "list", description: "prefix open to anonymous clients (repeatable; \"\" opens everything)" },
	{ key: "cluster.connect", flag: "upstream", kind: "string", description: "upstream relay URL (http(s): WebTransport/WebSocket, moql: raw QUIC)" },
	{ key: "cache.capacity", flag: "cache-bytes", kind: "bytes", default: "256MiB", description: "relay-wide byte budget of cached groups (least recently used evicted)" },
	{ key: "cache.linger", flag: "linger", kind: "duration", default: "30s", description: "how long a track copy nobody reads is kept for a returning viewer" },
	{ key: "server.max_sessions", flag: "max-sessions", kind: "count", default: 10_000, description: "sessions at once; more are refused" },
	{ key: "drain_timeout", flag: "drain-timeout", kind: "duration", default: "2s", description: "on SIGINT/SIGTERM: how long sessions may drain after GOAWAY" },
	{ key: "log.level", flag: "log-level", kind: "string", default: "info", description: "error, warn, info or debug" },
];

export function envName(s: Setting): string {
	return `MOQWIRE_${s.flag.toUpperCase().replace(/-/g, "_")}`;
}

export type Resolved = ReadonlyMap<string, string | number | string[] | undefined>;

/** A setting's value could not be read; the message names where it came from. */
export class SettingError extends Error {}

const UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const UNITS_BYTES: Record<string, number> = { "": 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

export function parseDuration(text: string): number {
	const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
	if (!m || (m[2] === undefined && Number(m[1]) !== 0)) throw new SettingError(`wants a duration like 2s or 500ms, got ${JSON.stringify(text)}`);
	return Number(m[1]) * UNITS_MS[m[2] ?? "ms"]!;
}

export function parseBytes(text: string): number {
	const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
	const unit = m ? UNITS_BYTES[m[2]!.toLowerCase()] : undefined;
	if (!m || unit === undefined) throw new SettingError(`wants a size like 64MiB or 1000000, got ${JSON.stringify(text)}`);
	return Math.floor(Number(m[1]) * unit);
}

function parseCount(text: string): number {
	if (!/^\d+$/.test(text.trim())) throw new SettingError(`wants a whole number, got ${JSON.stringify(text)}`);
	return Number(text);
}

function convert(s: Setting, raw: unknown): string | number | string[] {
	if (s.kind === "list") {
		if (Array.isArray(raw) && raw.every((x) => typeof x === "string")) return raw;
		if (typeof raw === "string") return [raw];
		throw new SettingError(`wants a string or a list of strings`);
	}
	if ((s.kind === "count" || s.kind === "bytes") && typeof raw === "number" && Number.isInteger(raw) && raw >= 0) return raw;
	if (typeof raw !== "string") throw new SettingError(`wants a string, got ${JSON.stringify(raw)}`);
	if (s.kind === "duration") return parseDuration(raw);
	if (s.kind === "bytes") return parseBytes(raw);
	if (s.kind === "count") return parseCount(raw);
	return raw;
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
		const flag = sources.flags[s.flag];
		const env = sources.env[envName(s)];
		const file = sources.file ? lookup(sources.file.table, s.key) : undefined;
		const [raw, where] =
			flag !== undefined && flag !== false
				? [Array.isArray(flag) && s.kind !== "list" ? flag[flag.length - 1] : flag, `--${s.flag}`]
				: env !== undefined
					? [s.kind === "list" ? env.split(",") : env, envName(s)]
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
