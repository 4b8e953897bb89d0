// SETUP (spec §3.2, §2.7): a parameter bag. Record: count, then per parameter (id, offset, length, value),
// where value is the decoded varint for varint parameters and SLOT_ABSENT for byte parameters.
import { R_DUP_PARAM, R_ENC_DUP_PARAM, R_PARAM_VARINT, R_PARAMS, SLOT_ABSENT } from "../contract";
import { fail, reason } from "./reason";
import { getF, getU62, putF, putU62, rs, slotU62, ws } from "./slots";
import { viAt, viLen, viSize } from "./varint";
import { readStr, readVi, rp, writeStr, writeVi } from "./wire";

const MAX_PARAMS: u64 = 64;
const PARAM_SLOTS: i32 = 4;

/** probe (1), role (3), cost (4) and origin (5) hold one varint; path (2) and unknown ids hold bytes. */
function isVarintParam(id: u64): bool {
	return id == 1 || id == 3 || id == 4 || id == 5;
}

/** Rust rejects repeated ids while decoding: a malformed bag, so it is a decode failure. */
function seen(first: i32, count: i32, id: u64): bool {
	for (let j = 0; j < count; j++) {
		if (slotU62(first + j * PARAM_SLOTS) == id) return true;
	}
	return false;
}

export function decodeSetup(): void {
	const n = readVi();
	if (n > MAX_PARAMS) {
		fail(R_PARAMS);
		return;
	}
	putF(<f64>n);
	const first = ws;
	for (let i = 0; i < <i32>n && reason == 0; i++) {
		const id = readVi();
		if (seen(first, i, id)) fail(R_DUP_PARAM);
		putU62(id);
		const p = readStr();
		if (reason != 0) return;
		if (!isVarintParam(id)) {
			putF(SLOT_ABSENT);
		} else if (rp == p || viLen(load<u8>(p)) != rp - p) {
			fail(R_PARAM_VARINT);
		} else {
			putU62(viAt(p));
		}
	}
}

export function encodeSetup(): void {
	const n = <u64>getF();
	if (n > MAX_PARAMS) {
		fail(R_PARAMS);
		return;
	}
	writeVi(n);
	const first = rs;
	for (let i = 0; i < <i32>n; i++) {
		const id = getU62();
		if (seen(first, i, id)) fail(R_ENC_DUP_PARAM);
		writeVi(id);
		if (isVarintParam(id)) {
			getF(); // offset and length are unused for varint parameters
			getF();
			const v = getU62();
			writeVi(viSize(v));
			writeVi(v);
		} else {
			writeStr();
			getF();
		}
	}
}
