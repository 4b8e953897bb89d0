// What a session serves and where the peer's broadcasts land (mirrors the Rust client/server origins).
import { engineOf } from "../model/context.js";
import type { Engine, OriginConsumer, OriginProducer } from "../model/index.js";
import type { SessionLimits } from "./session-limits.js";

export interface SessionOptions {
	/** Broadcasts we serve to the peer (announced ones are advertised; OriginDynamic paths served on request). */
	publish?: OriginConsumer;
	/** Where the peer's broadcasts appear: announced ones are created here, others are pulled on request. */
	subscribe?: OriginProducer;
	/** The prefix asked of the peer's announcements (default "": everything); several prefixes open one
	 * announce stream each (a relay asks only for what the peer may publish). */
	announcePrefix?: string | readonly string[];
	/**
	 * Which of our broadcasts (paths relative to `publish`) the peer may see: others are never announced to it, and
	 * a SUBSCRIBE, FETCH or TRACK for one is reset with Unroutable (30), exactly like a broadcast that does not
	 * exist. Default: all. The relay's authorization seam.
	 */
	mayServe?: (path: string) => boolean;
	/**
	 * Serve unannounced paths requested of `subscribe` by asking this peer for them (an OriginDynamic on it).
	 * Default true. A relay turns it off for its downstream clients: one client must not be asked for the
	 * unannounced paths other clients request (only an upstream relay is).
	 */
	pull?: boolean;
	/** Largest control message accepted from the peer, in bytes (default 64 KiB); a longer one resets its stream
	 * with BoundsExceeded (11) before anything is buffered. */
	maxMessage?: number;
	/** How long a track copy of the peer's broadcast is kept with nobody reading it (ms, default 30 s; Infinity
	 * keeps it until its broadcast ends). A returning viewer or fetch within the linger reuses it. */
	trackLinger?: number;
	/** Limits this session enforces on its peer (a relay's accepted sessions; src/relay/limits.ts). Default none. */
	limits?: SessionLimits;
	/** Where a hit limit is reported, one line each (default console.warn). */
	log?: (line: string) => void;
	/** Our hop id (1..2^53−1), sent in SETUP and ANNOUNCE_OK and refused in received chains. A relay passes one id
	 * for all its sessions so a loop through another link is caught and the id survives reconnects. Default:
	 * random per session. */
	hopId?: number;
	/** The WASM core this session encodes and decodes with (default: the `subscribe` origin's engine, else the
	 * process's default), so sessions of two relays in one process share no codec state. */
	engine?: Engine;
}

/** The engine of a session with `options` (SessionOptions.engine). */
export function sessionEngine(options: SessionOptions): Engine {
	return options.engine ?? engineOf(options.subscribe?.options);
}
