// The relay's session limits (the table in src/relay/limits.ts) on one accepted session: the transport handshake
// and SETUP deadlines, idle timeout, live subscriptions, pending fetches, announced broadcasts and the latencyMax
// clamp. Hitting one resets the request or closes the session with the table's code, and says so in one log line.
import { BidiStreamType } from "../codec/index.js";
import { ErrorCode, MoqError } from "../error.js";
import type { TrackInfo } from "../model/index.js";
import { DEFAULT_LIMITS, formatLimit, LIMITS, type LimitName, type Limits } from "../relay/limits.js";
import type { Transport } from "../transport/types.js";
import type { Session } from "./session.js";
import { hasSetupStream } from "./version.js";

/** The limits a session enforces itself (0: no limit; absent: none, except the served-subscription bounds, which
 * default to the table's: a subscriber's stalled reads are bounded on every session). */
export type SessionLimits = Partial<
	Pick<Limits, "handshakeTimeout" | "idleTimeout" | "subscriptions" | "fetches" | "announcements" | "cacheDuration" | "subscriptionStreams" | "subscriptionBytes">
>;

/** What one served subscription may hold: group streams open or waiting, and their bytes (0: no bound). */
export interface SubscriptionBounds {
	readonly streams: number;
	readonly bytes: number;
}

/** A session's served-subscription bounds: its guard's limits, else the table's defaults. */
export function subscriptionBounds(guard: SessionGuard | undefined): SubscriptionBounds {
	const limits = guard?.limits ?? {};
	return {
		streams: limits.subscriptionStreams ?? DEFAULT_LIMITS.subscriptionStreams,
		bytes: limits.subscriptionBytes ?? DEFAULT_LIMITS.subscriptionBytes,
	};
}

const SPEC = new Map(LIMITS.map((l) => [l.name, l]));

/** setTimeout fires at once beyond this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A limit's duration as a timer delay: undefined for none — 0, or 2^53−1 ms and above, "no limit", never arms a
 * timer (moq-lite-versions §6 item 6) — and at most 2^31−1 ms (about 24.8 days), where setTimeout would fire at once.
 */
export function timerDelay(ms: number | undefined): number | undefined {
	if (ms === undefined || !(ms > 0) || ms >= Number.MAX_SAFE_INTEGER) return undefined;
	return Math.min(ms, MAX_TIMER_MS);
}

/** The error a hit limit raises: the table's code, and the limit in words. */
export function limitError(name: LimitName, value: number, what: string): MoqError {
	const spec = SPEC.get(name)!;
	const message = `limit ${name} (${formatLimit(spec, value)}, ${spec.flag}) reached: ${what}`;
	// A "close session" limit's code is a session close code; the others reset a stream with theirs.
	if (spec.action === "close session") return new MoqError(ErrorCode.Internal, message, { session: spec.code });
	return new MoqError(spec.code, message);
}

/** Which request counts against which limit. */
const COUNTED: Partial<Record<number, "subscriptions" | "fetches">> = {
	[BidiStreamType.Subscribe]: "subscriptions",
	[BidiStreamType.Fetch]: "fetches",
	[BidiStreamType.Track]: "fetches",
};

export class SessionGuard {
	readonly #s: Session;
	readonly #limits: SessionLimits;
	readonly #log: (line: string) => void;
	readonly #logged = new Set<LimitName>();
	readonly #open = { subscriptions: 0, fetches: 0 };
	/** What this session enforces. */
	get limits(): Readonly<SessionLimits> {
		return this.#limits;
	}

	/** Streams the peer opened that are still being served. */
	#held = 0;
	/** Each announce stream's count of the peer's broadcasts. */
	readonly #announced = new Set<() => number>();
	#idle: ReturnType<typeof setTimeout> | undefined;

	constructor(s: Session, limits: SessionLimits, log: (line: string) => void) {
		this.#s = s;
		this.#limits = limits;
		this.#log = log;
		const setupMs = limits.handshakeTimeout ?? 0;
		const setupDelay = timerDelay(setupMs);
		if (setupDelay !== undefined && hasSetupStream(s.version)) {
			const timer = setTimeout(() => this.#close("handshakeTimeout", setupMs, "no SETUP from the peer"), setupDelay);
			void s.peerSetup.then(() => clearTimeout(timer));
			s.onClose(() => clearTimeout(timer));
		}
		this.#armIdle();
		s.onClose(() => clearTimeout(this.#idle));
	}

	/** A stream the peer opened, of bidi `type` (undefined: uni): counted until the returned release; throws the
	 * limit's error when it is one request too many. */
	open(type?: number | bigint): () => void {
		const limit = type === undefined ? undefined : COUNTED[Number(type)];
		if (limit) {
			const max = this.#limits[limit] ?? 0;
			if (max > 0 && this.#open[limit] >= max) throw this.#hit(limit, max, `one ${limit === "fetches" ? "FETCH/TRACK" : "SUBSCRIBE"} too many, reset`);
			this.#open[limit]++;
		}
		if (this.#held++ === 0) clearTimeout(this.#idle);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			if (limit) this.#open[limit]--;
			if (--this.#held === 0) this.#armIdle();
		};
	}

	/** An announce stream's live count of the peer's broadcasts; returns the function that forgets it. */
	watchAnnounced(count: () => number): () => void {
		this.#announced.add(count);
		return () => this.#announced.delete(count);
	}

	/** Throws the limit's error when the peer announcing one more broadcast would exceed the session's limit. */
	admitAnnounce(path: string): void {
		const max = this.#limits.announcements ?? 0;
		if (max > 0 && this.#announcedCount() >= max) throw this.#hit("announcements", max, `announce of ${path} refused, closing the session`);
	}

	/** A publisher's TRACK_INFO with its latencyMax clamped to the relay maximum. */
	clampInfo(info: TrackInfo): TrackInfo {
		const max = this.#limits.cacheDuration ?? 0;
		if (max === 0 || info.latencyMax <= max) return info;
		this.#note("cacheDuration", limitError("cacheDuration", max, `TRACK_INFO latencyMax of ${info.latencyMax} ms clamped`).message);
		return { ...info, latencyMax: max };
	}

	#announcedCount(): number {
		let n = 0;
		for (const count of this.#announced) n += count();
		return n;
	}

	// Nothing held: the peer gets idleTimeout to open something or announce; a broadcast it announced meanwhile
	// (its announce stream is ours, so not a held stream) keeps it alive and re-arms.
	#armIdle(): void {
		const ms = this.#limits.idleTimeout ?? 0;
		const delay = timerDelay(ms);
		if (delay === undefined || this.#s.isClosed) return;
		clearTimeout(this.#idle);
		this.#idle = setTimeout(() => {
			if (this.#held > 0) return;
			if (this.#announcedCount() > 0) return this.#armIdle();
			this.#close("idleTimeout", ms, "the session held nothing");
		}, delay);
	}

	#close(name: LimitName, value: number, what: string): void {
		const err = this.#hit(name, value, `${what}, closing the session`);
		this.#s.close(err.sessionCode, err.message);
	}

	#hit(name: LimitName, value: number, what: string): MoqError {
		const err = limitError(name, value, what);
		this.#note(name, err.message);
		return err;
	}

	/** One log line per limit and session: a flood of hits is not a flood of lines. */
	#note(name: LimitName, message: string): void {
		if (this.#logged.has(name)) return;
		this.#logged.add(name);
		this.#log(`session ${this.#s.origin}: ${message}`);
	}
}

/**
 * Resolves once `transport` finished its handshake (QMux parameters, QUIC/WebTransport setup); after `ms` (0: no
 * deadline) it closes the transport with the handshakeTimeout limit's code and rejects with its error instead.
 */
export async function handshake(transport: Transport, ms = 0): Promise<void> {
	const delay = timerDelay(ms);
	if (delay === undefined) {
		await transport.ready;
		return;
	}
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			const err = limitError("handshakeTimeout", ms, "transport handshake not finished, closing");
			transport.close({ closeCode: err.sessionCode, reason: err.message });
			reject(err);
		}, delay);
	});
	try {
		await Promise.race([transport.ready, late]);
	} finally {
		clearTimeout(timer);
	}
}
