// SETUP (05+): named parameters in id order, unknown ones kept as raw bytes (spec §3.2, §2.7).
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { Setup, U62, Version } from "./types.js";
import { rBytes, rF, rSkip, rStr, rU62, wBytes, wF, wNum, wStr, wU62 } from "./wasm.js";

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
export function writeParameter(id: U62, value: U62 | string | Uint8Array): void {
	wU62(id);
	if (typeof value === "string") {
		wStr(value);
		wF(Number.NaN);
	} else if (value instanceof Uint8Array) {
		wBytes(value);
		wF(Number.NaN);
	} else {
		wF(0);
		wF(0);
		wU62(value);
	}
}

export function writeSetup(m: Setup): void {
	const list = params(m);
	wNum(list.length);
	for (const [id, value] of list) writeParameter(id, value);
}

export function readSetup(): Setup {
	const out: Setup = {};
	const n = rF();
	for (let i = 0; i < n; i++) {
		const id = rU62();
		switch (id) {
			case PROBE:
				rSkip(2);
				out.probe = Math.min(Number(rU62()), 2); // unknown levels mean Increase
				break;
			case PATH:
				out.path = rStr();
				rSkip(1);
				break;
			case ROLE: {
				rSkip(2);
				const role = rU62();
				out.role = role === 1 || role === 2 ? role : 0; // unknown roles mean Both
				break;
			}
			case COST:
				rSkip(2);
				out.cost = rU62();
				break;
			case ORIGIN: {
				rSkip(2);
				const origin = rU62();
				if (origin !== 0) out.origin = origin;
				break;
			}
			default: {
				const value = rBytes();
				rSkip(1);
				// Unknown ids beyond 2^53-1 cannot key the contract's Map<number, ...>; they are ignored anyway.
				if (typeof id === "number") (out.unknown ??= new Map()).set(id, value);
			}
		}
	}
	return out;
}

export function encodeSetup(m: Setup, version: Version): Uint8Array {
	return encodeWith(Code.setup, version, writeSetup, m, "SETUP");
}
