// PROBE (spec §3.10) and GOAWAY (§3.11): the two single-purpose streams.
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { Goaway, Probe, Version } from "./types.js";
import { rNum, rNumOrAbsent, rStr, wF, wNum, wStr } from "./wasm.js";

/** On 04+ an absent RTT is sent as 0 (unknown); on 03 the RTT is not sent at all. */
export function writeProbe(m: Probe): void {
	wNum(m.bitrate);
	if (m.rtt === undefined) wF(Number.NaN);
	else wNum(m.rtt);
}

export function readProbe(): Probe {
	const bitrate = rNum();
	const rtt = rNumOrAbsent();
	return rtt === undefined ? { bitrate } : { bitrate, rtt };
}

export function writeGoaway(m: Goaway): void {
	wStr(m.uri);
}

export function readGoaway(): Goaway {
	return { uri: rStr() };
}

export function encodeProbe(m: Probe, version: Version): Uint8Array {
	return encodeWith(Code.probe, version, writeProbe, m, "PROBE");
}

export function encodeGoaway(m: Goaway, version: Version): Uint8Array {
	return encodeWith(Code.goaway, version, writeGoaway, m, "GOAWAY");
}
