// PROBE (spec §3.10) and GOAWAY (§3.11): the two single-purpose streams.
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { Goaway, Probe, Version } from "./types.js";
import type { Cursor } from "./wasm.js";
import type { Engine } from "../wasm/engine.js";

/** On 04+ an absent RTT is sent as 0 (unknown); on 03 the RTT is not sent at all. */
export function writeProbe(c: Cursor, m: Probe): void {
	c.wNum(m.bitrate);
	if (m.rtt === undefined) c.wF(Number.NaN);
	else c.wNum(m.rtt);
}

export function readProbe(c: Cursor): Probe {
	const bitrate = c.rNum();
	const rtt = c.rNumOrAbsent();
	return rtt === undefined ? { bitrate } : { bitrate, rtt };
}

export function writeGoaway(c: Cursor, m: Goaway): void {
	c.wStr(m.uri);
}

export function readGoaway(c: Cursor): Goaway {
	return { uri: c.rStr() };
}

export function encodeProbe(m: Probe, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.probe, version, writeProbe, m, "PROBE", engine);
}

export function encodeGoaway(m: Goaway, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.goaway, version, writeGoaway, m, "GOAWAY", engine);
}
