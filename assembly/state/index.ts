// Track/group state machine exports. Sequences and times cross as f64 (never i64: BigInt costs ~10x per
// call); slots, attempts and rows are i32 handles into struct-of-arrays tables.
import { ABI } from "../contract";

export { stateEvents, stateOut } from "./events";
export { poolNew, poolUsed } from "./pool";
export {
	trackNew,
	trackSetLatency,
	trackCreateGroup,
	trackDatagram,
	trackFinish,
	trackFinishAt,
	trackAbort,
	trackFree,
	trackLatest,
	trackList,
	trackFinal,
	trackComplete,
	groupFinished,
	groupWrite,
	groupDrop,
	groupFinish,
	groupAbort,
} from "./producer";
export { trackFetch, trackRequested, trackHandlers, attemptPriority, attemptAccept, attemptReject } from "./fetch";
export { subOpen, subUpdate, subClose } from "./subscription";

/** The contract's ABI fingerprint: the loader refuses a core built from another contract. */
export function stateVersion(): i32 {
	return ABI;
}
