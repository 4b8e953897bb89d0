// SUBSCRIBE, SUBSCRIBE_UPDATE and the typed subscribe-stream responses (spec §3.4).
// Response records start with a TAG_* independent of the version (assembly/contract.ts).
import { R_TYPE, R_VERSION, TAG_DROP, TAG_END, TAG_OK, TAG_START } from "../contract";
import { fail } from "./reason";
import { getI32, getOpt, getU62, putF, putOpt, putU62 } from "./slots";
import { hasSubscribeStart } from "./version";
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

/** priority, ordered, max latency, start, end: shared by SUBSCRIBE (03+), SUBSCRIBE_UPDATE and 03/04 SUBSCRIBE_OK. */
function decodePreferences(): void {
	putF(<f64>readU8());
	putF(readBool() ? 1 : 0);
	putU62(readVi());
	putOpt(readVi());
	putOpt(readVi());
}

function encodePreferences(): void {
	writeU8(<u32>getI32());
	writeU8(<u32>getI32());
	writeVi(getU62());
	writeVi(getOpt());
	writeVi(getOpt());
}

export function decodeSubscribe(): void {
	putU62(readVi());
	readPath();
	readStr();
	decodePreferences();
}

export function encodeSubscribe(): void {
	writeVi(getU62());
	writePath();
	writeStr();
	encodePreferences();
}

export function decodeSubscribeUpdate(): void {
	decodePreferences();
}

export function encodeSubscribeUpdate(): void {
	encodePreferences();
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

/** Wire type -> tag: 05 uses 0 START, 1 END, 2 DROP; 03/04 use 0 OK, 1 DROP. */
export function decodeSubscribeResponse(v: i32, type: u64): void {
	const tag: i32 = hasSubscribeStart(v)
		? type == 0 ? TAG_START : type == 1 ? TAG_END : type == 2 ? TAG_DROP : -1
		: type == 0 ? TAG_OK : type == 1 ? TAG_DROP : -1;
	if (tag < 0) {
		fail(R_TYPE);
		return;
	}
	putF(<f64>tag);
	if (tag == TAG_OK) decodePreferences();
	else if (tag == TAG_DROP) decodeRange();
	else putU62(readVi());
}

export function encodeSubscribeResponse(v: i32): void {
	const tag = getI32();
	const v05 = hasSubscribeStart(v);
	if (tag == TAG_OK && !v05) {
		setMsgType(0);
		encodePreferences();
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
