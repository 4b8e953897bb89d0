// SUBSCRIBE, SUBSCRIBE_UPDATE and the typed subscribe-stream responses (spec §3.4).
// Response records start with a TAG_* independent of the version (assembly/contract.ts).
import { R_ENC_FRAME_BOUND, R_FRAME_BOUND, R_TYPE, R_VERSION, TAG_DROP, TAG_END, TAG_OK, TAG_START } from "../contract";
import { fail } from "./reason";
import { getI32, getOpt, getU62, putF, putOpt, putU62 } from "./slots";
import { hasFrameBounds, hasGroupOrder, hasOkPriority, hasSubscribePreferences, hasSubscribeStart, hasTypedSubscribeResponse } from "./version";
import {
	readBool,
	readPath,
	readStr,
	readU8,
	readVi,
	setMsgType,
	writePath,
	writeStr,
	writeU8,
	writeVi,
} from "./wire";

/**
 * Record: priority, ordered, max latency (06: max age), start group, end group, start frame, end frame — shared by
 * SUBSCRIBE, SUBSCRIBE_UPDATE and 03/04 SUBSCRIBE_OK. Versions without a field record its neutral value (ordered
 * 0, start frame 0, end frame absent); 06's raw Group Start 0 with Frame Start 0 is recorded as absent.
 */
function decodePreferences(v: i32): void {
	putF(<f64>readU8());
	if (!hasSubscribePreferences(v)) {
		putNeutral();
		return;
	}
	putF(hasGroupOrder(v) && readBool() ? 1 : 0);
	putU62(readVi());
	if (!hasFrameBounds(v)) {
		putOpt(readVi());
		putOpt(readVi());
		putF(0);
		putF(NaN);
		return;
	}
	const start = readVi();
	const end = readVi();
	const frameStart = readVi();
	const frameEnd = readVi();
	// A frame bound needs its group bound: frame_end without group_end (the draft's reset).
	if (frameEnd != 0 && end == 0) fail(R_FRAME_BOUND);
	if (start == 0 && frameStart == 0) putF(NaN);
	else putU62(start);
	putOpt(end);
	putU62(frameStart);
	putOpt(frameEnd);
}

/** What 01/02 cannot say: not ordered, no max latency, latest group on, unbounded, whole groups. */
function putNeutral(): void {
	putF(0);
	putF(0);
	putF(NaN);
	putF(NaN);
	putF(0);
	putF(NaN);
}

/** 01/02 carry the priority only: the rest of the record is not expressible there and is not sent. */
function encodePreferences(v: i32): void {
	writeU8(<u32>getI32());
	if (!hasSubscribePreferences(v)) return;
	const ordered = getI32();
	if (hasGroupOrder(v)) writeU8(<u32>ordered);
	writeVi(getU62());
	const start = getOpt();
	const end = getOpt();
	const frameStart = getU62();
	const frameEnd = getOpt();
	if (!hasFrameBounds(v)) {
		if (frameStart != 0 || frameEnd != 0) fail(R_ENC_FRAME_BOUND);
		writeVi(start);
		writeVi(end);
		return;
	}
	// Absent start = raw 0 (no floor); a start frame needs a named start group, an end frame its end group.
	if ((frameStart != 0 && start == 0) || (frameEnd != 0 && end == 0)) fail(R_ENC_FRAME_BOUND);
	writeVi(start == 0 ? 0 : start - 1);
	writeVi(end);
	writeVi(frameStart);
	writeVi(frameEnd);
}

export function decodeSubscribe(v: i32): void {
	putU62(readVi());
	readPath();
	readStr();
	decodePreferences(v);
}

export function encodeSubscribe(v: i32): void {
	writeVi(getU62());
	writePath();
	writeStr();
	encodePreferences(v);
}

export function decodeSubscribeUpdate(v: i32): void {
	decodePreferences(v);
}

export function encodeSubscribeUpdate(v: i32): void {
	encodePreferences(v);
}

function decodeRange(): void {
	putU62(readVi());
	putU62(readVi());
	putU62(readVi());
}

function encodeRange(): void {
	writeVi(getU62());
	writeVi(getU62());
	writeVi(getU62());
}

/** 01/02: the one untyped SUBSCRIBE_OK, with the priority on 01 (0 on 02). */
function decodeLegacyOk(v: i32): void {
	putF(<f64>TAG_OK);
	putF(hasOkPriority(v) ? <f64>readU8() : 0);
	putNeutral();
}

/** Wire type -> tag: 05 uses 0 START, 1 END, 2 DROP; 03/04 use 0 OK, 1 DROP; 01/02 are untyped OK. */
export function decodeSubscribeResponse(v: i32, type: u64): void {
	if (!hasTypedSubscribeResponse(v)) {
		decodeLegacyOk(v);
		return;
	}
	const tag: i32 = hasSubscribeStart(v)
		? type == 0 ? TAG_START : type == 1 ? TAG_END : type == 2 ? TAG_DROP : -1
		: type == 0 ? TAG_OK : type == 1 ? TAG_DROP : -1;
	if (tag < 0) {
		fail(R_TYPE);
		return;
	}
	putF(<f64>tag);
	if (tag == TAG_OK) decodePreferences(v);
	else if (tag == TAG_DROP) decodeRange();
	else putU62(readVi());
}

export function encodeSubscribeResponse(v: i32): void {
	const tag = getI32();
	const v05 = hasSubscribeStart(v);
	if (!hasTypedSubscribeResponse(v)) {
		if (tag != TAG_OK) fail(tag >= TAG_OK && tag <= TAG_DROP ? R_VERSION : R_TYPE);
		else if (hasOkPriority(v)) writeU8(<u32>getI32());
	} else if (tag == TAG_OK && !v05) {
		setMsgType(0);
		encodePreferences(v);
	} else if ((tag == TAG_START || tag == TAG_END) && v05) {
		setMsgType(tag == TAG_START ? 0 : 1);
		writeVi(getU62());
	} else if (tag == TAG_DROP) {
		setMsgType(v05 ? 2 : 1);
		encodeRange();
	} else {
		fail(tag >= TAG_OK && tag <= TAG_DROP ? R_VERSION : R_TYPE);
	}
}
