// moq-lite-01/02 only (moq-lite-versions §3): the draft-14 SETUP handshake, ANNOUNCE_INIT and SESSION_INFO.
// Setup record: message type (SETUP_CLIENT / SETUP_SERVER), version count, versions (exactly one for the server),
// parameter count, then per parameter (id, offset, length, value): even ids hold a varint value (offset and length
// unused), odd ids hold bytes (value SLOT_ABSENT).
import { MAX_ANNOUNCE_INIT, R_INIT_PATHS, R_PARAMS, R_TYPE, R_VERSIONS, SETUP_CLIENT, SETUP_SERVER, SLOT_ABSENT } from "../contract";
import { fail, reason } from "./reason";
import { getF, getI32, getU62, putF, putU62 } from "./slots";
import { readPath, readStr, readVi, setMsgType, writePath, writeStr, writeVi } from "./wire";

const MAX_VERSIONS: u64 = 64;
const MAX_PARAMS: u64 = 64;

export function isLegacySetupType(type: u64): bool {
	return type == <u64>SETUP_CLIENT || type == <u64>SETUP_SERVER;
}

export function decodeLegacySetup(type: u64): void {
	if (!isLegacySetupType(type)) {
		fail(R_TYPE);
		return;
	}
	putF(<f64>type);
	const n: u64 = type == <u64>SETUP_CLIENT ? readVi() : 1;
	if (n > MAX_VERSIONS) {
		fail(R_VERSIONS);
		return;
	}
	putF(<f64>n);
	for (let i = 0; i < <i32>n; i++) putU62(readVi());
	const params = readVi();
	if (params > MAX_PARAMS) {
		fail(R_PARAMS);
		return;
	}
	putF(<f64>params);
	for (let i = 0; i < <i32>params && reason == 0; i++) {
		const id = readVi();
		putU62(id);
		if ((id & 1) == 0) {
			putF(0);
			putF(0);
			putU62(readVi());
		} else {
			readStr();
			putF(SLOT_ABSENT);
		}
	}
}

export function encodeLegacySetup(): void {
	const type = getI32();
	const n = getI32();
	if ((type != SETUP_CLIENT && type != SETUP_SERVER) || (type == SETUP_SERVER && n != 1)) {
		fail(R_TYPE);
		return;
	}
	if (<u64>n > MAX_VERSIONS) {
		fail(R_VERSIONS);
		return;
	}
	setMsgType(type);
	if (type == SETUP_CLIENT) writeVi(<u64>n);
	for (let i = 0; i < n; i++) writeVi(getU62());
	const params = <u64>getI32();
	if (params > MAX_PARAMS) {
		fail(R_PARAMS);
		return;
	}
	writeVi(params);
	for (let i = 0; i < <i32>params; i++) {
		const id = getU62();
		writeVi(id);
		if ((id & 1) == 0) {
			getF(); // offset and length are unused for varint parameters
			getF();
			writeVi(getU62());
		} else {
			writeStr();
			getF();
		}
	}
}

/** Record: suffix count, then each suffix (offset, length). */
export function decodeAnnounceInit(): void {
	const n = readVi();
	if (n > <u64>MAX_ANNOUNCE_INIT) {
		fail(R_INIT_PATHS);
		return;
	}
	putF(<f64>n);
	for (let i = 0; i < <i32>n; i++) readPath();
}

export function encodeAnnounceInit(): void {
	const n = getI32();
	if (n > MAX_ANNOUNCE_INIT) {
		fail(R_INIT_PATHS);
		return;
	}
	writeVi(<u64>n);
	for (let i = 0; i < n; i++) writePath();
}

/** Record: the bitrate (bits per second, 0 = unknown). */
export function decodeSessionInfo(): void {
	putU62(readVi());
}

export function encodeSessionInfo(): void {
	writeVi(getU62());
}
