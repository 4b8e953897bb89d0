// Track/group state machine exports. Sequences and times cross as f64 (never i64: BigInt costs ~10x per
// call); slots, attempts and rows are i32 handles into struct-of-arrays tables.
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
	groupWrite,
	groupDrop,
	groupFinish,
	groupAbort,
} from "./producer";
export { trackFetch, trackRequested, trackHandlers, attemptPriority, attemptAccept, attemptReject } from "./fetch";
export { subOpen, subUpdate, subClose } from "./subscription";

export function stateVersion(): i32 {
	return 1;
}
