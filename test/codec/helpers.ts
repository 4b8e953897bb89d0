// Small shared helpers for the codec tests.
export function hex(bytes: Uint8Array): string {
	return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}

export function unhex(s: string): Uint8Array {
	const clean = s.replace(/\s+/g, "");
	const out = new Uint8Array(clean.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
	return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.byteLength;
	}
	return out;
}

export const utf8 = (s: string) => new TextEncoder().encode(s);

/** Frames as cheaply comparable values (payloads base64, compared natively instead of element by element). */
export function plainFrames(frames: readonly { timestamp?: number; payload: Uint8Array }[]): { timestamp?: number; payload: string }[] {
	return frames.map((f) => ({
		timestamp: f.timestamp,
		payload: Buffer.from(f.payload.buffer, f.payload.byteOffset, f.payload.byteLength).toString("base64"),
	}));
}
