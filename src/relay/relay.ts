// The relay: one shared origin, every session scoped to its grant (root, publish and subscribe prefixes), an
// optional upstream link, and the session log. Listeners (src/node/) hand it accepted transports.
import { type MoqError, SessionCode } from "../error.js";
import { type Dialer, accept } from "../lite/connect.js";
import { sendGoaway } from "../lite/goaway.js";
import type { Session } from "../lite/session.js";
import { hasGoaway } from "../lite/version.js";
import type { OriginProducer, Pool } from "../model/index.js";
import { hopId } from "../model/origin-id.js";
import { hasPrefix } from "../path.js";
import type { Transport } from "../transport/types.js";
import { type Grant, OPEN_GRANT } from "./grant.js";
import type { Limits } from "./limits.js";
import { type Logger, SILENT } from "./log.js";
import { Metrics } from "./metrics.js";
import { linkUpstream, type UpstreamLink } from "./upstream.js";

export interface RelayOptions {
	/** Served to every session, and where every session's broadcasts land. */
	origin: OriginProducer;
	/** An upstream relay to link to: our broadcasts go up, its come down, unannounced paths are pulled from it. */
	upstream?: { url: string; dial: Dialer };
	/**
	 * This relay's hop id (`cluster.id`, relay-ops.md §5): the one every session and the upstream link send in SETUP
	 * and ANNOUNCE_OK and refuse in received chains, so a loop through any link is caught and peers know us across
	 * reconnects. An integer 1..2^53-1 (RangeError otherwise); default random per start.
	 */
	hopId?: number;
	/** How long a track copy nobody reads is kept (ms); see SessionOptions.trackLinger. */
	trackLinger?: number;
	/** What peers may make us hold (./limits.ts). */
	limits: Limits;
	/** The origin's cache budget, reported on /metrics. */
	pool?: Pool;
	log?: Logger;
	/** Called for each session that could not start or ended with an error. */
	onError?: (err: unknown) => void;
}

/** Where a session comes from, for the log. */
export interface Peer {
	/** `host:port` of the remote end. */
	readonly address: string;
	readonly transport: "webtransport" | "quic" | "websocket";
}

/** Whether `path` (normalized) lies under one of `prefixes`. */
export function covered(prefixes: readonly string[], path: string): boolean {
	return prefixes.some((p) => hasPrefix(path, p));
}

export class Relay {
	readonly origin: OriginProducer;
	readonly sessions = new Set<Session>();
	readonly upstream: UpstreamLink | undefined;
	readonly log: Logger;
	readonly limits: Limits;
	readonly metrics: Metrics;
	/** See RelayOptions.hopId. */
	readonly hopId: number;
	readonly #options: RelayOptions;
	#draining = false;
	/** Sessions counted from accept, handshaking ones included, for the sessions limit. */
	#admitted = 0;

	constructor(options: RelayOptions) {
		this.#options = options;
		this.hopId = hopId(options.hopId);
		this.origin = options.origin;
		this.log = options.log ?? SILENT;
		this.limits = options.limits;
		this.metrics = new Metrics(this.origin.consume(), options.pool);
		const onError = (err: unknown) => {
			this.log.warn(`upstream ${options.upstream?.url}: ${(err as Error).message}`);
			options.onError?.(err);
		};
		this.upstream = options.upstream ? linkUpstream(options.upstream.url, this.origin, { dial: options.upstream.dial, hopId: this.hopId, onError }) : undefined;
	}

	/** Whether one more session may start (the listener refuses before accepting when not). */
	get full(): boolean {
		return this.limits.sessions > 0 && this.#admitted >= this.limits.sessions;
	}

	/** Runs a session over an accepted transport, scoped to `grant` (default: everything). */
	adopt(transport: Transport, peer: Peer, grant: Grant = OPEN_GRANT): void {
		if (this.full) {
			this.refused(peer, "full", `${this.#admitted} sessions, the most allowed`);
			transport.close({ closeCode: SessionCode.TooManyRequests, reason: "too many sessions" });
			return;
		}
		this.#admitted++;
		// Every admitted session's bytes, groups and resets reach /metrics (moq_relay_bytes_total and the like).
		transport = this.metrics.counted(transport);
		const opened = performance.now();
		const root = this.origin.withRoot(grant.root);
		const everything = grant.subscribe.includes("");
		accept(transport, {
			// The peer sees only what it may subscribe to; it is asked only for what it may publish.
			...(grant.subscribe.length ? { publish: root.consume() } : {}),
			...(everything ? {} : { mayServe: (path: string) => covered(grant.subscribe, path) }),
			...(grant.publish.length ? { subscribe: root, announcePrefix: grant.publish } : {}),
			pull: false,
			hopId: this.hopId,
			limits: this.limits,
			log: (line: string) => this.log.warn(line),
			...(this.#options.trackLinger !== undefined ? { trackLinger: this.#options.trackLinger } : {}),
		}).then(
			(session) => {
				this.sessions.add(session);
				const who = `${peer.address} ${peer.transport} ${session.protocol} root=${JSON.stringify(grant.root)}`;
				this.log.info(`session open ${who}`);
				const labels = { transport: peer.transport, version: session.protocol };
				this.metrics.sessionsOpened.inc(labels);
				if (this.#draining) this.#goaway(session);
				if (grant.expires !== undefined) this.#expire(session, grant.expires);
				void session.closed.then((err: MoqError) => {
					this.#admitted--;
					this.sessions.delete(session);
					this.metrics.sessionsClosed.inc(labels);
					const seconds = ((performance.now() - opened) / 1000).toFixed(1);
					// A local close names its reason; a peer's close names its code.
					this.log.info(`session closed ${who} after ${seconds} s: ${err.message}`);
				});
			},
			(err: unknown) => {
				this.#admitted--;
				this.log.warn(`session failed ${peer.address} ${peer.transport}: ${(err as Error).message}`);
				this.#options.onError?.(err);
			},
		);
	}

	/** A session the relay would not take: one log line, one count. */
	refused(peer: Peer, reason: "unauthorized" | "full", message: string): void {
		this.log.info(`session refused ${peer.address} ${peer.transport}: ${message}`);
		this.metrics.sessionsRefused.inc({ reason });
	}

	/** A token's `exp` ends the session with Unauthorized, as the reference relay does (relay-ops.md §1.6). */
	#expire(session: Session, expires: number): void {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const check = () => {
			const wait = expires - Date.now();
			if (wait <= 0) return session.close(SessionCode.Unauthorized, "token expired");
			// setTimeout overflows past 2^31 - 1 ms (~24.8 days): wake up and look again.
			timer = setTimeout(check, Math.min(wait, 2 ** 31 - 1));
		};
		check();
		session.onClose(() => clearTimeout(timer));
	}

	/**
	 * Shutdown, first half: GOAWAY to every session (and to any that opens meanwhile), then waits until they have
	 * all left or `ms` passed. Sessions on moq-lite-03 have no GOAWAY and simply stay until close().
	 */
	async drain(ms: number): Promise<void> {
		this.#draining = true;
		for (const s of this.sessions) this.#goaway(s);
		const deadline = new Promise<void>((r) => setTimeout(r, ms).unref());
		const left = (async () => {
			while (this.sessions.size) await Promise.race([...this.sessions].map((s) => s.closed));
		})();
		await Promise.race([left, deadline]);
	}

	#goaway(s: Session): void {
		if (hasGoaway(s.version)) sendGoaway(s).catch(() => {});
	}

	/** Closes the upstream link and every session. */
	close(): void {
		this.upstream?.close();
		for (const s of this.sessions) s.close();
	}
}
