// SETUP (05+): named parameters in id order, unknown ones kept as raw bytes (spec §3.2, §2.7).
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { Setup, U62, Version } from "./types.js";
import type { Cursor } from "./wasm.js";
import type { Engine } from "../wasm/engine.js";

const PROBE = 1;
const PATH = 2;
const ROLE = 3;
const COST = 4;
const ORIGIN = 5;

type Param = [id: number, value: U62 | string | Uint8Array];

function params(m: Setup): Param[] {
	const list: Param[] = [];
	if (m.probe !== undefined) list.push([PROBE, m.probe]);
	if (m.path !== undefined) list.push([PATH, m.path]);
	if (m.role !== undefined) list.push([ROLE, m.role]);
	if (m.cost !== undefined) list.push([COST, m.cost]);
	// 0 means "absent" on the wire, so it is not sent.
	if (m.origin !== undefined && m.origin !== 0 && m.origin !== 0n) list.push([ORIGIN, m.origin]);
	for (const [id, value] of m.unknown ?? []) list.push([id, value]);
	return list.sort((a, b) => a[0] - b[0]);
}

/** One parameter's record: id, offset, length, varint value (NaN for byte parameters). The legacy handshake's
 * parameters (legacy.ts) share it. */
export function writeParameter(c: Cursor, id: U62, value: U62 | string | Uint8Array): void {
	c.wU62(id);
	if (typeof value === "string") {
		c.wStr(value);
		c.wF(Number.NaN);
	} else if (value instanceof Uint8Array) {
		c.wBytes(value);
		c.wF(Number.NaN);
	} else {
		c.wF(0);
		c.wF(0);
		c.wU62(value);
	}
}

export function writeSetup(c: Cursor, m: Setup): void {
	const list = params(m);
	c.wNum(list.length);
	for (const [id, value] of list) writeParameter(c, id, value);
}

export function readSetup(c: Cursor): Setup {
	const out: Setup = {};
	const n = c.rF();
	for (let i = 0; i < n; i++) {
		const id = c.rU62();
		switch (id) {
			case PROBE:
				c.rSkip(2);
				out.probe = Math.min(Number(c.rU62()), 2); // unknown levels mean Increase
				break;
			case PATH:
				out.path = c.rStr();
				c.rSkip(1);
				break;
			case ROLE: {
				c.rSkip(2);
				const role = c.rU62();
				out.role = role === 1 || role === 2 ? role : 0; // unknown roles mean Both
				break;
			}
			case COST:
				c.rSkip(2);
				out.cost = c.rU62();
				break;
			case ORIGIN: {
				c.rSkip(2);
				const origin = c.rU62();
				if (origin !== 0) out.origin = origin;
				break;
			}
			default: {
				const value = c.rBytes();
				c.rSkip(1);
				// Unknown ids beyond 2^53-1 cannot key the contract's Map<number, ...>; they are ignored anyway.
				if (typeof id === "number") (out.unknown ??= new Map()).set(id, value);
			}
		}
	}
	return out;
}

export function encodeSetup(m: Setup, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.setup, version, writeSetup, m, "SETUP", engine);
}
