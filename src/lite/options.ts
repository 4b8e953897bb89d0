// What a session serves and where the peer's broadcasts land (mirrors the Rust client/server origins).
import type { OriginConsumer, OriginProducer } from "../model/index.js";
import type { SessionLimits } from "./session-limits.js";

export interface SessionOptions {
	/** Broadcasts we serve to the peer (announced ones are advertised; OriginDynamic paths served on request). */
	publish?: OriginConsumer;
	/** Where the peer's broadcasts appear: announced ones are created here, others are pulled on request. */
	subscribe?: OriginProducer;
	/** The prefix asked of the peer's announcements (default "": everything). */
	announcePrefix?: string;
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
}
