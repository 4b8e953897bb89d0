// FETCH (spec §3.6). The reply is bare frames (frame.ts).
import { getI32, getU62, putF, putU62 } from "./slots";
import { readPath, readStr, readU8, readVi, writePath, writeStr, writeU8, writeVi } from "./wire";

export function decodeFetch(): void {
	readPath();
	readStr();
	putF(<f64>readU8());
	putU62(readVi());
}

export function encodeFetch(): void {
	writePath();
	writeStr();
	writeU8(<u32>getI32());
	writeVi(getU62());
}
