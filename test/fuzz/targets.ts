// Fuzz targets: one per decoder (message kind × version, frames × version, datagram, stream-type varint).
// `check` runs one input through a target and returns what went wrong, or undefined. Shared by the property
// tests (test/hardening), the corpus replay (test/fuzz/corpus.test.ts) and the long run (`npm run fuzz`).
// What counts as wrong: anything thrown that is not a MoqError; a different outcome for the same bytes pushed
// whole, in chunks, or through the batch path; a different outcome when the WASM input area past the input
// holds other stale bytes (a read past the input); more items than input bytes (no progress); a decoded value
// that does not survive encode → decode.
import fc from "fast-check";
import {
	decodeDatagram,
	Decoder,
	encodeDatagram,
	type Frame,
	FrameEncoder,
	type MessageKind,
	Version,
} from "../../src/codec/index.js";
import { inputArea, memory } from "../../src/codec/wasm.js";
import { ErrorCode, MoqError } from "../../src/error.js";
import { arbitraries, datagramArb, framesArb, KIND_VERSIONS } from "../codec/arbitraries.js";
import { encodeMessage } from "../codec/encoders.js";
import { concat } from "../codec/helpers.js";

export interface Target {
	readonly name: string;
	/** Valid encodings to mutate. */
	seeds(): Uint8Array[];
	check(input: Uint8Array): string | undefined;
}

const KNOWN_CODES = new Set<number>(Object.values(ErrorCode));
const vtag = (v: Version) => `0${v & 0xff}`;

/** What one decode produced, comparable across runs. */
interface Outcome {
	items: unknown[];
	/** `Class:code` of the error that ended it, or "" for none. */
	error: string;
	/** Set when something other than a MoqError escaped. */
	untyped?: unknown;
}

function describeError(e: unknown): Pick<Outcome, "error" | "untyped"> {
	if (e instanceof MoqError) return { error: `${e.name}:${e.code}` };
	return { error: `untyped:${String(e)}`, untyped: e };
}

/** Canonical text of decoded values: keys sorted (SETUP parameters have no wire order), bigints and bytes spelled out. */
function plain(v: unknown): string {
	return JSON.stringify(v, (_k, x: unknown) => {
		if (typeof x === "bigint") return `${x}n`;
		if (x instanceof Uint8Array) return Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString("hex");
		if (x instanceof Map) return [...x].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
		if (x !== null && typeof x === "object" && !Array.isArray(x)) {
			return Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
		}
		return x;
	});
}

// Poison written past the input in the WASM input area before a decode, so a read past the input shows up as
// an outcome that depends on the poison.
const POISON_SPAN = 4096;
function poison(inputLength: number, byte: number): void {
	const at = inputArea(inputLength + POISON_SPAN);
	memory().fill(byte, at + inputLength, at + inputLength + POISON_SPAN);
}

/** Splits at two input-derived points, so a replayed input is chunked the same way every time. */
function chunks(input: Uint8Array): Uint8Array[] {
	if (input.byteLength < 2) return [input];
	const a = (input[0]! * 7) % input.byteLength;
	const b = (input[input.byteLength - 1]! * 13) % input.byteLength;
	const [lo, hi] = a < b ? [a, b] : [b, a];
	return [input.subarray(0, lo), input.subarray(lo, hi), input.subarray(hi)].filter((c) => c.byteLength > 0);
}

/** Structural equality of decoded values (cheaper than comparing their text on every input). */
function same(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
	if (a instanceof Uint8Array) return b instanceof Uint8Array && Buffer.compare(a, b) === 0;
	if (a instanceof Map) {
		if (!(b instanceof Map) || a.size !== b.size) return false;
		for (const [k, v] of a) if (!same(v, b.get(k))) return false;
		return true;
	}
	if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
	const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
	const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
	return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function compare(name: string, a: Outcome, b: Outcome): string | undefined {
	if (a.error !== b.error) return `${name}: error ${b.error} where the whole input gave ${a.error || "none"}`;
	if (!same(a.items, b.items)) return `${name}: items ${plain(b.items)} where the whole input gave ${plain(a.items)}`;
	return undefined;
}

function common(input: Uint8Array, whole: Outcome): string | undefined {
	if (whole.untyped !== undefined) {
		const e = whole.untyped;
		return `untyped error: ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`;
	}
	const code = Number(whole.error.split(":")[1] ?? 0);
	if (whole.error !== "" && !KNOWN_CODES.has(code)) return `error code ${code} is not in spec §3.12`;
	// Every item takes at least one byte: more items than bytes means a loop that made no progress.
	if (whole.items.length > input.byteLength) return `${whole.items.length} items from ${input.byteLength} bytes`;
	return undefined;
}

function messageTarget(kind: MessageKind, v: Version): Target {
	const run = (parts: Uint8Array[], batch: boolean): Outcome => {
		const d = new Decoder();
		const items: unknown[] = [];
		try {
			for (const c of parts) {
				d.push(c);
				if (batch) {
					for (let got = d.messages(kind, v); got.length > 0; got = d.messages(kind, v)) items.push(...got);
				} else {
					for (let m = d.message(kind, v); m !== undefined; m = d.message(kind, v)) items.push(m);
				}
			}
			d.finish();
			return { items, error: "" };
		} catch (e) {
			return { items, ...describeError(e) };
		}
	};
	return {
		name: `${kind}@${vtag(v)}`,
		seeds: () => fc.sample(fc.array(arbitraries[kind](v) as fc.Arbitrary<unknown>, { minLength: 1, maxLength: 3 }), { numRuns: 64, seed: 42 }).map((msgs) => concat(msgs.map((m) => encodeMessage(kind, m as never, v)))),
		check(input) {
			poison(input.byteLength, 0x00);
			const whole = run([input], false);
			const bad = common(input, whole);
			if (bad) return bad;
			poison(input.byteLength, 0xff);
			return (
				compare("poisoned input area", whole, run([input], false)) ??
				compare("chunked", whole, run(chunks(input), false)) ??
				compare("batch", whole, run([input], true)) ??
				reencode(whole.items, (m) => {
					const d = new Decoder();
					d.push(encodeMessage(kind, m as never, v));
					return d.message(kind, v);
				})
			);
		},
	};
}

/** Decoded values must be encodable and come back equal. */
function reencode(items: unknown[], roundTrip: (item: unknown) => unknown): string | undefined {
	for (const item of items) {
		// A 05 ANNOUNCE "restart" (status 2) is accepted on decode only (spec §2.3); it is never encoded.
		if ((item as { status?: number }).status === 2) continue;
		// A 06 announce message of an unknown type is skipped by length on decode; it is never encoded.
		if ((item as { type?: string }).type === "unknown") continue;
		let back: unknown;
		try {
			back = roundTrip(item);
		} catch (e) {
			return `decoded ${plain(item)} does not re-encode: ${e instanceof Error ? e.message : String(e)}`;
		}
		if (!same(back, item)) return `decoded ${plain(item)} re-encodes to ${plain(back)}`;
	}
	return undefined;
}

function framesTarget(v: Version): Target {
	const run = (parts: Uint8Array[], single: boolean): Outcome => {
		const d = new Decoder();
		const items: Frame[] = [];
		try {
			for (const c of parts) {
				d.push(c);
				if (single) for (let f = d.frame(v); f !== undefined; f = d.frame(v)) items.push(f);
				else for (let got = d.frames(v); got.length > 0; got = d.frames(v)) items.push(...got);
			}
			d.finish();
			return { items, error: "" };
		} catch (e) {
			return { items, ...describeError(e) };
		}
	};
	return {
		name: `frames@${vtag(v)}`,
		seeds: () =>
			fc.sample(framesArb(v), { numRuns: 64, seed: 42 }).map((frames) => {
				const fe = new FrameEncoder(v);
				return concat(frames.flatMap((f) => [fe.header(f.timestamp, f.payload.byteLength), f.payload]));
			}),
		check(input) {
			poison(input.byteLength, 0x00);
			const whole = run([input], false);
			// Frames may be empty (a 03/04 frame is one byte), so the progress bound is one byte per frame.
			const bad = common(input, whole);
			if (bad) return bad;
			poison(input.byteLength, 0xff);
			const diff =
				compare("poisoned input area", whole, run([input], false)) ??
				compare("chunked", whole, run(chunks(input), false)) ??
				compare("batch", whole, run(chunks(input), true));
			if (diff) return diff;
			if (whole.items.length === 0) return undefined;
			// All decoded frames re-encode to a stream that decodes back to them.
			const fe = new FrameEncoder(v);
			const frames = whole.items as Frame[];
			let wire: Uint8Array;
			try {
				wire = concat(frames.flatMap((f) => [fe.header(f.timestamp, f.payload.byteLength), f.payload]));
			} catch (e) {
				return `decoded frames do not re-encode: ${e instanceof Error ? e.message : String(e)}`;
			}
			// Only the frames: the original may have ended in an error after them, the re-encoding does not.
			const again = run([wire], false);
			return compare("re-encoded", { items: whole.items, error: "" }, again);
		},
	};
}

const datagramTarget: Target = {
	name: "datagram@05",
	seeds: () => fc.sample(datagramArb, { numRuns: 64, seed: 42 }).map((d) => encodeDatagram(d, Version.Lite05)),
	check(input) {
		const run = (): Outcome => {
			try {
				return { items: [decodeDatagram(input, Version.Lite05)], error: "" };
			} catch (e) {
				return { items: [], ...describeError(e) };
			}
		};
		poison(input.byteLength, 0x00);
		const whole = run();
		const bad = common(input, { ...whole, items: [] });
		if (bad) return bad;
		poison(input.byteLength, 0xff);
		return (
			compare("poisoned input area", whole, run()) ??
			reencode(whole.items, (d) => decodeDatagram(encodeDatagram(d as never, Version.Lite05), Version.Lite05))
		);
	},
};

/** The leading stream type: a bare varint. */
const varintTarget: Target = {
	name: "varint",
	seeds: () => [0, 1, 6, 63, 64, 16383, 16384, 2 ** 30, 2 ** 53 - 1].map((n) => concat([new Uint8Array(0), encodeVarintBytes(n)])),
	check(input) {
		const run = (parts: Uint8Array[]): Outcome => {
			const d = new Decoder();
			const items: unknown[] = [];
			try {
				for (const c of parts) {
					d.push(c);
					for (let x = d.varint(); x !== undefined; x = d.varint()) items.push(x);
				}
				return { items, error: "" };
			} catch (e) {
				return { items, ...describeError(e) };
			}
		};
		poison(input.byteLength, 0x00);
		const whole = run([input]);
		const bad = common(input, whole);
		if (bad) return bad;
		poison(input.byteLength, 0xff);
		return compare("poisoned input area", whole, run([input])) ?? compare("chunked", whole, run(chunks(input)));
	},
};

function encodeVarintBytes(n: number): Uint8Array {
	if (n < 64) return Uint8Array.of(n);
	if (n < 16384) return Uint8Array.of(0x40 | (n >> 8), n & 0xff);
	if (n < 2 ** 30) return Uint8Array.of(0x80 | (n >>> 24), (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
	const out = new Uint8Array(8);
	new DataView(out.buffer).setBigUint64(0, BigInt(n) | (3n << 62n));
	return out;
}

export const TARGETS: readonly Target[] = [
	...(Object.keys(KIND_VERSIONS) as MessageKind[]).flatMap((kind) => KIND_VERSIONS[kind].map((v) => messageTarget(kind, v))),
	...[Version.Lite03, Version.Lite04, Version.Lite05].map(framesTarget),
	datagramTarget,
	varintTarget,
];

export function target(name: string): Target {
	const t = TARGETS.find((x) => x.name === name);
	if (!t) throw new Error(`no fuzz target ${name}`);
	return t;
}
