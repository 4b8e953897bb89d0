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
	#entries: { datagram: Datagram; at: number }[] = [];
	/** Absolute index of entries[0]. */
	#base = 0;

	/** The cursor of a reader that starts now: nothing already buffered is replayed. */
	get end(): number {
		return this.#base + this.#entries.length;
	}

	push(datagram: Datagram, now: number): void {
		this.#expire(now);
		this.#entries.push({ datagram, at: now });
	}

	/** The oldest datagram still fresh at or after `cursor`, with the cursor past it. */
	take(cursor: number, now: number): [Datagram, number] | undefined {
		this.#expire(now);
		const i = Math.max(cursor, this.#base) - this.#base;
		const entry = this.#entries[i];
		return entry && [entry.datagram, this.#base + i + 1];
	}

	#expire(now: number): void {
		let n = 0;
		while (n < this.#entries.length && now - this.#entries[n]!.at > MAX_DATAGRAM_AGE) n++;
		if (n === 0) return;
		this.#entries.splice(0, n);
		this.#base += n;
	}
}
