// GROUP header (spec §3.7): subscribe id, sequence.
import { getU62, putU62 } from "./slots";
import { readVi, writeVi } from "./wire";

export function decodeGroup(): void {
	putU62(readVi());
	putU62(readVi());
}

export function encodeGroup(): void {
	writeVi(getU62());
	writeVi(getU62());
}
