// Datagrams (spec §3.8): single-frame groups sent best-effort. They share the track's sequence namespace but
// are never cached, replayed or fetchable: a track keeps only the last MAX_DATAGRAM_AGE ms for its readers.

/** How long (ms) a datagram stays readable: a reader that stalls longer loses it instead of replaying it. */
export const MAX_DATAGRAM_AGE = 50;

/** The QUIC DATAGRAM frame ceiling: a larger payload could not be sent on any hop. */
export const MAX_DATAGRAM_BYTES = 65535;

export interface Datagram {
	readonly sequence: number;
	/** In the track's timescale. */
	readonly timestamp: number;
	/** Shared with every reader: treat as read-only. */
	readonly payload: Uint8Array;
}

/** One buffer per track; each reader holds its own absolute cursor into it. */
export class DatagramBuffer {
	// Parallel arrays rather than an entry object per datagram: nothing is allocated per push or per read.
	#datagrams: Datagram[] = [];
	/** Arrival time of each datagram. */
	#times: number[] = [];
	/** Absolute index of datagrams[0]. */
	#base = 0;

	/** The cursor of a reader that starts now: nothing already buffered is replayed. */
	get end(): number {
		return this.#base + this.#datagrams.length;
	}

	push(datagram: Datagram, now: number): void {
		this.#expire(now);
		this.#datagrams.push(datagram);
		this.#times.push(now);
	}

	/** The absolute index of the oldest datagram still fresh at or after `cursor` (read it with `at`), or -1. */
	next(cursor: number, now: number): number {
		this.#expire(now);
		const i = Math.max(cursor, this.#base);
		return i < this.end ? i : -1;
	}

	/** The datagram at an absolute index `next` returned. */
	at(index: number): Datagram {
		return this.#datagrams[index - this.#base]!;
	}

	#expire(now: number): void {
		const times = this.#times;
		let n = 0;
		while (n < times.length && now - times[n]! > MAX_DATAGRAM_AGE) n++;
		if (n === 0) return;
		this.#datagrams.splice(0, n);
		times.splice(0, n);
		this.#base += n;
	}
}
