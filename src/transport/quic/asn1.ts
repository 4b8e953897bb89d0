// The few DER encodings a self-signed X.509 certificate needs (ITU-T X.690). Enough for ./certificate.ts, no more.

function length(n: number): Uint8Array {
	if (n < 0x80) return Uint8Array.of(n);
	const bytes: number[] = [];
	for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
	return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** A TLV: tag byte, DER length, contents. */
export function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
	const body = Buffer.concat(contents);
	return Buffer.concat([Uint8Array.of(tag), length(body.length), body]);
}

export const sequence = (...items: Uint8Array[]) => tlv(0x30, ...items);
export const set = (...items: Uint8Array[]) => tlv(0x31, ...items);
export const octetString = (bytes: Uint8Array) => tlv(0x04, bytes);
export const utf8String = (text: string) => tlv(0x0c, Buffer.from(text, "utf8"));
/** Context-specific constructed [n] (EXPLICIT tagging). */
export const explicit = (n: number, ...items: Uint8Array[]) => tlv(0xa0 | n, ...items);
/** Context-specific primitive [n] (IMPLICIT tagging of a primitive type). */
export const implicit = (n: number, bytes: Uint8Array) => tlv(0x80 | n, bytes);

/** A non-negative INTEGER from big-endian magnitude bytes (a leading 0 keeps it positive). */
export function integer(magnitude: Uint8Array): Uint8Array {
	let i = 0;
	while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
	const trimmed = magnitude.subarray(i);
	return tlv(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Uint8Array.of(0), trimmed]) : trimmed);
}

export const boolean = (value: boolean) => tlv(0x01, Uint8Array.of(value ? 0xff : 0));

/** A BIT STRING of whole bytes (0 unused bits). */
export const bitString = (bytes: Uint8Array) => tlv(0x03, Uint8Array.of(0), bytes);

export function oid(dotted: string): Uint8Array {
	const [a = 0, b = 0, ...rest] = dotted.split(".").map(Number);
	const out = [40 * a + b];
	for (const arc of rest) {
		const groups: number[] = [];
		for (let v = arc; ; v = Math.floor(v / 128)) {
			groups.unshift(v & 0x7f);
			if (v < 128) break;
		}
		out.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
	}
	return tlv(0x06, Uint8Array.from(out));
}

/** UTCTime (years 1950-2049), the form X.509 requires for those years. */
export function utcTime(date: Date): Uint8Array {
	const two = (n: number) => String(n).padStart(2, "0");
	const text =
		two(date.getUTCFullYear() % 100) +
		two(date.getUTCMonth() + 1) +
		two(date.getUTCDate()) +
		two(date.getUTCHours()) +
		two(date.getUTCMinutes()) +
		two(date.getUTCSeconds()) +
		"Z";
	return tlv(0x17, Buffer.from(text, "ascii"));
}
