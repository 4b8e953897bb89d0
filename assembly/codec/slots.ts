// Sequential access to the slot table: decoders append records, encoders read the record TS wrote.
import { FIRST, SLOT_ABSENT, SLOT_BIG } from "../contract";
import { BIG, TABLE } from "./memory";

const MAX_SAFE: u64 = 9007199254740991;

export let ws: i32 = FIRST;
export let rs: i32 = FIRST;

export function resetSlots(): void {
	ws = FIRST;
	rs = FIRST;
}

export function rewindTo(slot: i32): void {
	ws = slot;
}

export function putF(v: f64): void {
	store<f64>(TABLE + (<usize>ws << 3), v);
	ws++;
}

export function putU62(v: u64): void {
	if (v <= MAX_SAFE) {
		putF(<f64>v);
	} else {
		store<u64>(BIG + (<usize>ws << 3), v);
		putF(SLOT_BIG);
	}
}

/** `opt` fields (0 = absent, n+1 = n) cross as SLOT_ABSENT for absent, else the value. */
export function putOpt(raw: u64): void {
	if (raw == 0) putF(SLOT_ABSENT);
	else putU62(raw - 1);
}

export function getF(): f64 {
	const v = load<f64>(TABLE + (<usize>rs << 3));
	rs++;
	return v;
}

export function getU62(): u64 {
	const f = getF();
	return f == SLOT_BIG ? load<u64>(BIG + (<usize>(rs - 1) << 3)) : <u64>f;
}

/** The wire form of an `opt` slot. */
export function getOpt(): u64 {
	const f = load<f64>(TABLE + (<usize>rs << 3));
	if (isNaN(f)) {
		rs++;
		return 0;
	}
	return getU62() + 1;
}

export function getI32(): i32 {
	return <i32>getF();
}

/** The exact u62 in an already written slot (duplicate checks look back at earlier records). */
export function slotU62(slot: i32): u64 {
	const f = load<f64>(TABLE + (<usize>slot << 3));
	return f == SLOT_BIG ? load<u64>(BIG + (<usize>slot << 3)) : <u64>f;
}
