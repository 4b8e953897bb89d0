// ANNOUNCE_REQUEST, ANNOUNCE_OK and the legacy ANNOUNCE (spec §3.3).
// ANNOUNCE record: status, suffix (offset, length), hop count, hops (zeros on 03, which sends only a count).
import { ATAG_END, ATAG_START, ATAG_UNKNOWN, ATAG_UPDATE, R_ENC_STATUS, R_HOPS, R_STATUS, R_TYPE } from "../contract";
import { fail } from "./reason";
import { getI32, getU62, putF, putU62 } from "./slots";
import { hasExcludeHop, hasHopCount, hasHopList, hasRestartStatus } from "./version";
import { readPath, readU8, readVi, setMsgType, skipRest, writePath, writeU8, writeVi } from "./wire";

const MAX_HOPS: u64 = 32;

export function decodeAnnounceRequest(v: i32): void {
	readPath();
	putU62(hasExcludeHop(v) ? readVi() : 0);
}

export function encodeAnnounceRequest(v: i32): void {
	writePath();
	const exclude = getU62();
	if (hasExcludeHop(v)) writeVi(exclude);
}

export function decodeAnnounceOk(): void {
	putU62(readVi());
	putU62(readVi());
}

export function encodeAnnounceOk(): void {
	writeVi(getU62());
	writeVi(getU62());
}

export function decodeAnnounce(v: i32): void {
	const status = readU8();
	if (status > 2 || (status == 2 && !hasRestartStatus(v))) fail(R_STATUS);
	putF(<f64>status);
	readPath();
	// 01/02: no hops on the wire at all.
	const n = hasHopCount(v) ? readVi() : 0;
	if (n > MAX_HOPS) {
		fail(R_HOPS);
		return;
	}
	putF(<f64>n);
	const list = hasHopList(v);
	for (let i = 0; i < <i32>n; i++) putU62(list ? readVi() : 0);
}

export function encodeAnnounce(v: i32): void {
	const status = getI32();
	if (status == 2) fail(R_ENC_STATUS);
	else if (status > 2 || status < 0) fail(R_STATUS);
	writeU8(<u32>status);
	writePath();
	const n = <u64>getI32();
	if (n > MAX_HOPS) {
		fail(R_HOPS);
		return;
	}
	if (hasHopCount(v)) writeVi(n);
	const list = hasHopList(v);
	for (let i = 0; i < <i32>n; i++) {
		const hop = getU62();
		if (list) writeVi(hop);
	}
}

/**
 * 06 announce-stream messages (moq-lite-versions §2.3), typed: 0 START{ suffix, hops, warm, cold }, 1 END{ id },
 * 2 UPDATE{ id, hops, warm, cold }. Record: tag, then START suffix (offset, length) / END and UPDATE id, then
 * for START and UPDATE the hop count, hops, warm and cold costs. An unknown type is recorded as ATAG_UNKNOWN with
 * its type and its body skipped (it takes no announce id).
 */
export function decodeAnnounceChange(type: u64): void {
	if (type > 2) {
		putF(<f64>ATAG_UNKNOWN);
		putU62(type);
		skipRest();
		return;
	}
	const tag = <i32>type;
	putF(<f64>tag);
	if (tag == ATAG_START) readPath();
	else putU62(readVi());
	if (tag == ATAG_END) return;
	const n = readVi();
	if (n > MAX_HOPS) {
		fail(R_HOPS);
		return;
	}
	putF(<f64>n);
	for (let i = 0; i < <i32>n; i++) putU62(readVi());
	putU62(readVi());
	putU62(readVi());
}

export function encodeAnnounceChange(): void {
	const tag = getI32();
	if (tag < ATAG_START || tag > ATAG_UPDATE) {
		fail(R_TYPE);
		return;
	}
	setMsgType(tag);
	if (tag == ATAG_START) writePath();
	else writeVi(getU62());
	if (tag == ATAG_END) return;
	const n = <u64>getI32();
	if (n > MAX_HOPS) {
		fail(R_HOPS);
		return;
	}
	writeVi(n);
	for (let i = 0; i < <i32>n; i++) writeVi(getU62());
	writeVi(getU62());
	writeVi(getU62());
}
