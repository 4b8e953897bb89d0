// `moqwire relay [CONFIG.toml]`: the relay alone; `moqwire serve`: the relay plus the demo broadcast demo/clock and
// its browser viewer. Settings from flags, MOQ_* variables and the TOML file (src/relay/settings.ts); runs
// until SIGINT/SIGTERM.
import { createSecureContext } from "node:tls";
import { existsSync, readFileSync, unwatchFile, watchFile } from "node:fs";
import { parse as parseToml } from "smol-toml";
import { DEMO_HTML } from "../demo/html.js";
import { OriginProducer, Pool } from "../model/index.js";
import { publishClock } from "../node/demo-clock.js";
import { type Endpoint, listen } from "../node/endpoint.js";
import type { Page } from "../node/http.js";
import { Auth } from "../relay/auth.js";
import { createLogger, type Logger, parseLevel } from "../relay/log.js";
import { LIMITS, type Limits } from "../relay/limits.js";
import { type Kind, RELAY_SETTINGS, type Resolved, resolve, SettingError } from "../relay/settings.js";
import { type Command, type Options, UsageError, type Values } from "./args.js";
import { collectAfterCrowds } from "./idle-gc.js";

const VALUE: Record<Kind, string> = { string: "VALUE", list: "PREFIX", ms: "DURATION", bytes: "BYTES", count: "N", hop: "ID" };

const OPTIONS: Options = Object.fromEntries(
	RELAY_SETTINGS.flatMap((s) => {
		const spec = {
			type: "string",
			...(s.kind === "list" ? { multiple: true } : {}),
			value: s.flag === "bind" ? "HOST:PORT" : VALUE[s.kind],
			description: `${s.description}${s.default !== undefined ? ` (default ${s.default})` : ""} [${s.key}, ${s.env}]`,
		} as const;
		return [[s.flag, spec], ...(s.aliases ?? []).map((a) => [a, { ...spec, description: `same as --${s.flag}` }])];
	}),
);

/** Settings from every source; a value that does not parse is a usage error. */
function settings(values: Values, config: string | undefined): Resolved {
	let file: { name: string; table: Record<string, unknown> } | undefined;
	if (config !== undefined) {
		let source: string;
		try {
			source = readFileSync(config, "utf8");
		} catch (err) {
			throw new UsageError(`cannot read config file ${config}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
		}
		try {
			file = { name: config, table: parseToml(source) as Record<string, unknown> };
		} catch (err) {
			throw new UsageError(`${config}: ${(err as Error).message.split("\n")[0]}`);
		}
	}
	try {
		return resolve(RELAY_SETTINGS, { ...(file ? { file } : {}), env: process.env, flags: values });
	} catch (err) {
		if (err instanceof SettingError) throw new UsageError(err.message);
		throw err;
	}
}

/** A PEM certificate and key that belong together (else the TLS library says why not). */
function readTls(certFile: string, keyFile: string): { cert: string; key: string } {
	const tls = { cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
	createSecureContext(tls);
	return tls;
}

/** Reloads the certificate when either file changes; a bad pair keeps the last good one. Returns the unwatch. */
function watchTls(endpoint: Endpoint, certFile: string, keyFile: string, log: Logger): () => void {
	const reload = () => {
		try {
			endpoint.setCertificate(readTls(certFile, keyFile));
			log.info(`TLS certificate reloaded from ${certFile}`);
		} catch (err) {
			log.warn(`TLS certificate not reloaded, keeping the last good one: ${(err as Error).message}`);
		}
	};
	// Polling survives the file being replaced (rename into place), which fs.watch does not.
	for (const f of [certFile, keyFile]) watchFile(f, { interval: 250 }, reload);
	return () => {
		for (const f of [certFile, keyFile]) unwatchFile(f, reload);
	};
}

/** The browser viewer, built beside this file by `npm run build` (dist/demo.js). */
function demoPage(): Page | undefined {
	const script = new URL("./demo.js", import.meta.url);
	if (!existsSync(script)) return undefined;
	return { html: DEMO_HTML, script: readFileSync(script, "utf8"), wasm: readFileSync(new URL("./moqwire.wasm", import.meta.url)) };
}

function banner(endpoint: Endpoint, demo: boolean, page: boolean, secure: boolean, upstream: string | undefined): string[] {
	const host = endpoint.host.includes(":") ? `[${endpoint.host}]` : endpoint.host;
	const at = `${host}:${endpoint.port}`;
	const lines = [`moqwire serving moq-lite on ${at}`];
	if (endpoint.certificateHash) {
		const pin = secure ? "" : ` (self-signed; pin http://${at}/certificate.sha256)`;
		lines.push(`  WebTransport:     https://${at}/${pin}`, `  raw QUIC:         moql://${at}/`);
	}
	const http = secure ? "https" : "http";
	lines.push(`  WebSocket (qmux): ${secure ? "wss" : "ws"}://${at}/`);
	if (demo) lines.push(`  demo broadcast:   demo/clock, track "seconds"`, `  HTTP fetch:       ${http}://${at}/fetch/demo/clock/seconds?group=latest`);
	if (page) lines.push(`  browser viewer:   ${http}://${at}/`);
	lines.push(`  health:           ${http}://${at}/health`);
	if (upstream) lines.push(`  upstream relay:   ${upstream}`);
	return lines;
}

async function run(values: Values, positionals: string[], demo: boolean): Promise<number> {
	const s = settings(values, positionals[0]);
	const get = <T>(key: string) => s.get(key) as T;
	let log;
	try {
		log = createLogger(parseLevel(get<string>("log.level")));
	} catch (err) {
		throw new UsageError((err as Error).message);
	}
	// Listen for signals before announcing readiness, so a supervisor may stop us the moment we print.
	const stopped = new Promise<NodeJS.Signals>((resolve) => {
		process.once("SIGINT", resolve);
		process.once("SIGTERM", resolve);
	});
	const upstream = get<string | undefined>("cluster.connect");
	if (upstream !== undefined) {
		try {
			new URL(upstream);
		} catch {
			throw new UsageError(`--upstream wants a URL like https://relay.example:4443/, got ${JSON.stringify(upstream)}`);
		}
	}
	let auth: Auth;
	try {
		auth = await Auth.load({
			...(get<string | undefined>("auth.key") ? { key: get<string>("auth.key") } : {}),
			...(get<string | undefined>("auth.key_dir") ? { keyDir: get<string>("auth.key_dir") } : {}),
			public: get<string[] | undefined>("auth.public") ?? [],
		});
	} catch (err) {
		throw new UsageError((err as Error).message);
	}
	if (auth.open) {
		log.warn("NO AUTHENTICATION: anyone can publish and subscribe to anything on this relay.");
		log.warn("  Give --auth-key FILE or --auth-key-dir DIR (see `moqwire token`), or --auth-public PREFIX to choose what is open.");
	}
	const certFile = get<string | undefined>("server.tls.cert");
	const keyFile = get<string | undefined>("server.tls.key");
	if ((certFile === undefined) !== (keyFile === undefined)) throw new UsageError("--tls-cert and --tls-key go together");
	let tls: { cert: string; key: string } | undefined;
	try {
		tls = certFile && keyFile ? readTls(certFile, keyFile) : undefined;
	} catch (err) {
		throw new UsageError(`cannot use --tls-cert ${certFile} with --tls-key ${keyFile}: ${(err as Error).message}`);
	}
	// 0 (or absent) keeps the default, a random id per start; the parser already refused what is not a safe integer.
	const clusterId = get<number | undefined>("cluster.id") || undefined;
	const limits = Object.fromEntries(LIMITS.map((l) => [l.name, get<number>(l.config)])) as Limits;
	// Every cached group of every track, ours and the peers', is charged to one relay-wide budget.
	const pool = limits.cacheCapacity > 0 ? new Pool(limits.cacheCapacity) : undefined;
	const origin = new OriginProducer(pool ? { pool } : {});
	const clock = demo ? publishClock(origin) : undefined;
	const page = demo ? demoPage() : undefined;
	const endpoint = await listen({
		bind: get<string>("server.bind"),
		origin,
		...(upstream ? { upstream } : {}),
		...(page ? { page } : {}),
		...(tls ? { tls } : {}),
		trackLinger: get<number>("cache.linger"),
		...(clusterId !== undefined ? { hopId: clusterId } : {}),
		limits,
		...(pool ? { pool } : {}),
		auth,
		log,
	}).catch((err: unknown) => {
		// Nothing may keep the process alive after a failed start (the clock's timer would).
		clock?.stop();
		throw err;
	});
	for (const line of banner(endpoint, demo, page !== undefined, tls !== undefined, upstream)) console.log(line);
	const unwatch = certFile && keyFile ? watchTls(endpoint, certFile, keyFile, log) : () => {};
	const stopCollecting = collectAfterCrowds(() => endpoint.sessions.size, {
		onCollect: ({ peak, now, freedBytes }) => log.info(`sessions ${peak} → ${now}: full GC freed ${(freedBytes / 2 ** 20).toFixed(0)} MiB of heap`),
	});

	const signal = await stopped;
	const drain = get<number>("drain_timeout");
	log.info(`${signal}: draining ${endpoint.sessions.size} sessions for up to ${drain} ms (again to exit now)`);
	const now = (again: NodeJS.Signals) => {
		log.warn(`${again} again: exiting now`);
		process.exit(1);
	};
	process.once("SIGINT", now);
	process.once("SIGTERM", now);
	clock?.stop();
	unwatch();
	stopCollecting();
	const t0 = performance.now();
	await endpoint.relay.drain(drain);
	const t1 = performance.now();
	await endpoint.close();
	log.debug(`drained in ${Math.round(t1 - t0)} ms, closed in ${Math.round(performance.now() - t1)} ms`);
	log.info("stopped");
	// Everything is closed; a library handle still winding down (a socket's last timer) must not delay the exit.
	process.exit(0);
}

export const relayCommand: Command = {
	name: "relay",
	args: "[CONFIG.toml]",
	summary: "run a relay: QUIC/WebTransport on UDP, WebSocket + HTTP on TCP, one port number",
	options: OPTIONS,
	run: (values, positionals) => run(values, positionals, false),
};

export const serveCommand: Command = {
	name: "serve",
	args: "[CONFIG.toml]",
	summary: "run a relay that also publishes the demo broadcast demo/clock and its browser viewer",
	options: OPTIONS,
	run: (values, positionals) => run(values, positionals, true),
};
