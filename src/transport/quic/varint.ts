// QUIC variable-length integers (RFC 9000 §16) for the HTTP/3 layer. Kept apart from the moq codec, which runs in
// the WASM core: the transport must frame bytes before (and without) a moq session. Values stay below 2^53, which
// every HTTP/3 and WebTransport field we use does (the largest, mapped error codes, is under 2^47).

export function varintLength(v: number): number {
	return v < 0x40 ? 1 : v < 0x4000 ? 2 : v < 0x40000000 ? 4 : 8;
}

/** Writes `v` at `offset` in its minimal length; returns the offset after it. */
export function writeVarint(out: Uint8Array, offset: number, v: number): number {
	const n = varintLength(v);
	if (n === 8) {
		const view = new DataView(out.buffer, out.byteOffset + offset, 8);
		view.setUint32(0, Math.floor(v / 2 ** 32) | 0xc0000000);
		view.setUint32(4, v >>> 0);
		return offset + 8;
	}
	let rest = v;
	for (let i = n - 1; i >= 0; i--) {
		out[offset + i] = rest & 0xff;
		rest = Math.floor(rest / 256);
	}
	out[offset] = (out[offset] ?? 0) | ((n === 1 ? 0 : n === 2 ? 1 : 2) << 6);
	return offset + n;
}

export function encodeVarint(v: number): Uint8Array {
	const out = new Uint8Array(varintLength(v));
	writeVarint(out, 0, v);
	return out;
}

/** Concatenates varints and byte strings into one buffer. */
export function concat(...parts: (number | Uint8Array)[]): Uint8Array {
	const size = parts.reduce<number>((n, p) => n + (typeof p === "number" ? varintLength(p) : p.byteLength), 0);
	const out = new Uint8Array(size);
	let offset = 0;
	for (const p of parts) {
		if (typeof p === "number") offset = writeVarint(out, offset, p);
		else {
			out.set(p, offset);
			offset += p.byteLength;
		}
	}
	return out;
}

/** Reads a varint at `offset`: [value, next offset], or undefined when the bytes end inside it. */
export function readVarint(bytes: Uint8Array, offset: number): [number, number] | undefined {
	const first = bytes[offset];
	if (first === undefined) return undefined;
	const n = 1 << (first >> 6);
	if (offset + n > bytes.length) return undefined;
	let v = first & 0x3f;
	for (let i = 1; i < n; i++) v = v * 256 + (bytes[offset + i] ?? 0);
	return [v, offset + n];
}
