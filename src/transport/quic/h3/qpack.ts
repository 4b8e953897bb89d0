// QPACK field sections (RFC 9204) without the dynamic table: we advertise a table capacity of 0, so a conforming
// peer only sends static-table references and literals (Required Insert Count 0). Decoding takes any of those,
// Huffman-coded or not; encoding writes static references where an exact match exists, else literals.
import { huffmanDecode } from "./huffman.js";

export type Header = [name: string, value: string];

/** RFC 9204 Appendix A. */
const STATIC: readonly Header[] = [
	[":authority", ""],
	[":path", "/"],
	["age", "0"],
	["content-disposition", ""],
	["content-length", "0"],
	["cookie", ""],
	["date", ""],
	["etag", ""],
	["if-modified-since", ""],
	["if-none-match", ""],
	["last-modified", ""],
	["link", ""],
	["location", ""],
	["referer", ""],
	["set-cookie", ""],
	[":method", "CONNECT"],
	[":method", "DELETE"],
	[":method", "GET"],
	[":method", "HEAD"],
	[":method", "OPTIONS"],
	[":method", "POST"],
	[":method", "PUT"],
	[":scheme", "http"],
	[":scheme", "https"],
	[":status", "103"],
	[":status", "200"],
	[":status", "304"],
	[":status", "404"],
	[":status", "503"],
	["accept", "*/*"],
	["accept", "application/dns-message"],
	["accept-encoding", "gzip, deflate, br"],
	["accept-ranges", "bytes"],
	["access-control-allow-headers", "cache-control"],
	["access-control-allow-headers", "content-type"],
	["access-control-allow-origin", "*"],
	["cache-control", "max-age=0"],
	["cache-control", "max-age=2592000"],
	["cache-control", "max-age=604800"],
	["cache-control", "no-cache"],
	["cache-control", "no-store"],
	["cache-control", "public, max-age=31536000"],
	["content-encoding", "br"],
	["content-encoding", "gzip"],
	["content-type", "application/dns-message"],
	["content-type", "application/javascript"],
	["content-type", "application/json"],
	["content-type", "application/x-www-form-urlencoded"],
	["content-type", "image/gif"],
	["content-type", "image/jpeg"],
	["content-type", "image/png"],
	["content-type", "text/css"],
	["content-type", "text/html; charset=utf-8"],
	["content-type", "text/plain"],
	["content-type", "text/plain;charset=utf-8"],
	["range", "bytes=0-"],
	["strict-transport-security", "max-age=31536000"],
	["strict-transport-security", "max-age=31536000; includesubdomains"],
	["strict-transport-security", "max-age=31536000; includesubdomains; preload"],
	["vary", "accept-encoding"],
	["vary", "origin"],
	["x-content-type-options", "nosniff"],
	["x-xss-protection", "1; mode=block"],
	[":status", "100"],
	[":status", "204"],
	[":status", "206"],
	[":status", "302"],
	[":status", "400"],
	[":status", "403"],
	[":status", "421"],
	[":status", "425"],
	[":status", "500"],
	["accept-language", ""],
	["access-control-allow-credentials", "FALSE"],
	["access-control-allow-credentials", "TRUE"],
	["access-control-allow-headers", "*"],
	["access-control-allow-methods", "get"],
	["access-control-allow-methods", "get, post, options"],
	["access-control-allow-methods", "options"],
	["access-control-expose-headers", "content-length"],
	["access-control-request-headers", "content-type"],
	["access-control-request-method", "get"],
	["access-control-request-method", "post"],
	["alt-svc", "clear"],
	["authorization", ""],
	["content-security-policy", "script-src 'none'; object-src 'none'; base-uri 'none'"],
	["early-data", "1"],
	["expect-ct", ""],
	["forwarded", ""],
	["if-range", ""],
	["origin", ""],
	["purpose", "prefetch"],
	["server", ""],
	["timing-allow-origin", "*"],
	["upgrade-insecure-requests", "1"],
	["user-agent", ""],
	["x-forwarded-for", ""],
	["x-frame-options", "deny"],
	["x-frame-options", "sameorigin"],
];

/** An HPACK-style prefixed integer: `prefix` low bits of the first byte, then 7-bit continuation bytes. */
function writeInt(out: number[], flags: number, prefix: number, value: number): void {
	const max = (1 << prefix) - 1;
	if (value < max) {
		out.push(flags | value);
		return;
	}
	out.push(flags | max);
	let rest = value - max;
	while (rest >= 128) {
		out.push((rest % 128) | 0x80);
		rest = Math.floor(rest / 128);
	}
	out.push(rest);
}

function writeString(out: number[], flags: number, prefix: number, text: string): void {
	const bytes = Buffer.from(text, "utf8");
	writeInt(out, flags, prefix, bytes.length);
	for (const b of bytes) out.push(b);
}

export function encodeFieldSection(headers: readonly Header[]): Uint8Array {
	// Required Insert Count 0, Delta Base 0: no dynamic table.
	const out: number[] = [0, 0];
	for (const [name, value] of headers) {
		const exact = STATIC.findIndex(([n, v]) => n === name && v === value);
		if (exact >= 0) {
			writeInt(out, 0xc0, 6, exact); // indexed field line, static (T=1)
			continue;
		}
		const named = STATIC.findIndex(([n]) => n === name);
		if (named >= 0) writeInt(out, 0x50, 4, named); // literal with static name reference (N=0, T=1)
		else writeString(out, 0x20, 3, name); // literal with literal name (N=0, H=0)
		writeString(out, 0x00, 7, value); // value, H=0
	}
	return Uint8Array.from(out);
}

class Cursor {
	offset = 0;
	constructor(readonly bytes: Uint8Array) {}

	int(prefix: number): number {
		const first = this.bytes[this.offset++];
		if (first === undefined) throw new RangeError("truncated QPACK field section");
		const max = (1 << prefix) - 1;
		let value = first & max;
		if (value < max) return value;
		for (let shift = 1; ; shift *= 128) {
			const b = this.bytes[this.offset++];
			if (b === undefined) throw new RangeError("truncated QPACK integer");
			value += (b & 0x7f) * shift;
			if (!(b & 0x80)) return value;
			if (shift > 2 ** 35) throw new RangeError("QPACK integer too large");
		}
	}

	/** A string whose length has `prefix` bits, the Huffman flag just above them. */
	string(prefix: number): string {
		const huffman = ((this.bytes[this.offset] ?? 0) >> prefix) & 1;
		const length = this.int(prefix);
		if (this.offset + length > this.bytes.length) throw new RangeError("truncated QPACK string");
		const raw = this.bytes.subarray(this.offset, this.offset + length);
		this.offset += length;
		return huffman ? huffmanDecode(raw) : Buffer.from(raw).toString("utf8");
	}
}

function staticEntry(index: number): Header {
	const entry = STATIC[index];
	if (!entry) throw new RangeError(`QPACK static index ${index} out of range`);
	return entry;
}

/** Decodes a field section that uses no dynamic table; throws on one that does (our capacity is 0). */
export function decodeFieldSection(bytes: Uint8Array): Header[] {
	const c = new Cursor(bytes);
	if (c.int(8) !== 0) throw new RangeError("QPACK dynamic table reference, but our table capacity is 0");
	c.int(7); // Delta Base: meaningless without a dynamic table
	const out: Header[] = [];
	while (c.offset < bytes.length) {
		const b = bytes[c.offset] ?? 0;
		if (b & 0x80) {
			if (!(b & 0x40)) throw new RangeError("QPACK dynamic table reference");
			out.push(staticEntry(c.int(6)));
		} else if (b & 0x40) {
			if (!(b & 0x10)) throw new RangeError("QPACK dynamic table reference");
			const [name] = staticEntry(c.int(4));
			out.push([name, c.string(7)]);
		} else if (b & 0x20) {
			const name = c.string(3);
			out.push([name, c.string(7)]);
		} else throw new RangeError("QPACK post-base reference");
	}
	return out;
}
