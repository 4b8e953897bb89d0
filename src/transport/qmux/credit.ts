// Flow control with plain numbers (RFC 9000 §4): what a peer lets us send, and the window we grant it.
import { QmuxError, TransportCode } from "./errors.js";

/** A receive window: the peer may send up to `max`; as the application consumes, the window slides. */
export class RecvWindow {
	/** The highest limit advertised to the peer. */
	max: number;
	/** Bytes (or, for stream counts, streams) the peer used. */
	received = 0;
	consumed = 0;
	readonly #window: number;

	constructor(window: number) {
		this.#window = window;
		this.max = window;
	}

	/** The peer used up to `end`; beyond `max` is the peer's violation. */
	receive(end: number, what: string, code: number = TransportCode.FlowControl): void {
		if (end > this.max) throw new QmuxError(code, `${what}: ${end} beyond the advertised ${this.max}`);
		if (end > this.received) this.received = end;
	}

	/** `n` more consumed; returns the new limit to advertise once a quarter of the window is used, else undefined.
	 * Early, so a sender never runs dry while the update is on its way (a half-used window left a 10 MB/s
	 * stream ~200 ms of credit per update at our 4 MiB). */
	consume(n: number): number | undefined {
		this.consumed += n;
		// An unlimited window (the legacy binding, no flow control) is never advertised.
		if (this.#window === Infinity || this.max - this.consumed > (this.#window * 3) / 4) return undefined;
		this.max = this.consumed + this.#window;
		return this.max;
	}
}
