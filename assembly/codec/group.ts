// GROUP header (spec §3.7): subscribe id, sequence, and on 06+ the index of the stream's first frame
// (moq-lite-versions §2.8; recorded as 0 before 06).
import { R_ENC_FRAME_BOUND } from "../contract";
import { fail } from "./reason";
import { getU62, putF, putU62 } from "./slots";
import { hasFrameBounds } from "./version";
import { readVi, writeVi } from "./wire";

export function decodeGroup(v: i32): void {
	putU62(readVi());
	putU62(readVi());
	if (hasFrameBounds(v)) putU62(readVi());
	else putF(0);
}

export function encodeGroup(v: i32): void {
	writeVi(getU62());
	writeVi(getU62());
	const frameStart = getU62();
	if (hasFrameBounds(v)) writeVi(frameStart);
	else if (frameStart != 0) fail(R_ENC_FRAME_BOUND);
}
