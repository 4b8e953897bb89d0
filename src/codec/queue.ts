// Received chunks, kept as the caller gave them so payloads can be handed out as views without copying.

export class ByteQueue {
	#chunks: Uint8Array[] = [];
	#head = 0; // read offset inside #chunks[0]
	length = 0;

	push(chunk: Uint8Array): void {
		if (chunk.byteLength === 0) return;
		this.#chunks.push(chunk);
		this.length += chunk.byteLength;
	}

	/** Copies the first `n` queued bytes to `dst[at..]` without consuming them. */
	copyTo(dst: Uint8Array, at: number, n: number): void {
		let off = this.#head;
		for (const c of this.#chunks) {
			if (n === 0) return;
			const k = Math.min(c.byteLength - off, n);
			dst.set(off === 0 && k === c.byteLength ? c : c.subarray(off, off + k), at);
			at += k;
			n -= k;
			off = 0;
		}
	}

	skip(n: number): void {
		this.length -= n;
		while (n > 0) {
			const rest = this.#chunks[0]!.byteLength - this.#head;
			if (n < rest) {
				this.#head += n;
				return;
			}
			n -= rest;
			this.#chunks.shift();
			this.#head = 0;
		}
	}

	/** The next `n` bytes: a view of the caller's chunk when they lie in one, else one joined copy. */
	take(n: number): Uint8Array {
		const first = this.#chunks[0];
		let out: Uint8Array;
		if (first !== undefined && first.byteLength - this.#head >= n) {
			out = first.subarray(this.#head, this.#head + n);
		} else {
			out = new Uint8Array(n);
			this.copyTo(out, 0, n);
		}
		this.skip(n);
		return out;
	}
}
