// The boundary to the WASM track/group state machines (assembly/state) of an Engine. Handles are i32 slots;
// sequences and times are f64. Side effects of a call come back as an event batch that `drain` applies to
// the JS objects the engine registered by slot, so no call ever crosses more than once per event.
import {
	ClosedError,
	DroppedError,
	DuplicateError,
	EvictedError,
	FrameTooLargeError,
	NotFoundError,
	OldError,
	ProtocolViolationError,
} from "../error.js";
import { Event, Limits, Result } from "../contract.js";
import type { Engine } from "../wasm/engine.js";
import type { GroupState } from "./group.js";
import type { Cause } from "./notify.js";

export interface StateExports {
	stateEvents(): number;
	stateOut(): number;
	poolNew(capacity: number): number;
	poolUsed(pool: number): number;
	trackNew(pool: number): number;
	trackSetLatency(track: number, latencyMax: number): void;
	trackCreateGroup(track: number, sequence: number, now: number): number;
	trackDatagram(track: number, sequence: number): number;
	trackFinish(track: number): number;
	trackFinishAt(track: number, final: number): number;
	trackAbort(track: number): void;
	trackFree(track: number): void;
	trackLatest(track: number): number;
	trackFinal(track: number): number;
	trackComplete(track: number): number;
	groupFinished(slot: number): number;
	trackList(track: number, from: number): void;
	groupWrite(slot: number, size: number, now: number): number;
	groupDrop(slot: number, size: number): number;
	groupFinish(slot: number): void;
	groupAbort(slot: number): void;
	trackFetch(track: number, sequence: number, priority: number, now: number): number;
	trackRequested(track: number): number;
	trackHandlers(track: number, delta: number): number;
	attemptPriority(attempt: number): number;
	attemptAccept(attempt: number, now: number): number;
	attemptReject(attempt: number): void;
	subOpen(track: number, priority: number, ordered: number, latencyMax: number, start: number, end: number): number;
	subUpdate(row: number, priority: number, ordered: number, latencyMax: number, start: number, end: number): void;
	subClose(row: number): void;
}

/** The state-machine exports of an engine. */
export function state(engine: Engine): StateExports {
	return engine.exports as unknown as StateExports;
}

/** A fetch attempt shared by every caller waiting on one (track, sequence). */
export class Attempt {
	readonly promise: Promise<GroupState>;
	settled = false;
	/** Settled with a group (rather than an error). */
	filled = false;
	#resolve!: (g: GroupState) => void;
	#reject!: (e: Error) => void;

	constructor() {
		this.promise = new Promise<GroupState>((resolve, reject) => {
			this.#resolve = resolve;
			this.#reject = reject;
		});
		// Joiners each attach their own handler; the shared promise itself must never report unhandled.
		this.promise.catch(() => {});
	}

	fill(group: GroupState): void {
		this.settled = true;
		this.filled = true;
		this.#resolve(group);
	}

	fail(err: Error): void {
		this.settled = true;
		this.#reject(err);
	}
}

const old = (): Error => new OldError();
const evicted = (): Error => new EvictedError();
const dropped = (): Error => new DroppedError("track dropped without finishing");
const aborted = (): Error => new ClosedError("track aborted");

function failGroup(groups: (GroupState | undefined)[], slot: number, finished: number, err: Cause): void {
	const g = groups[slot];
	groups[slot] = undefined;
	g?.release(finished === 1);
	g?.fail(err);
}

/**
 * Applies the events of the last call. `trackError` is the error of a track being aborted (for cleared
 * groups and failed attempts); `listed` collects trackList results.
 */
export function drain(engine: Engine, trackError?: Error, listed?: GroupState[]): void {
	const i32 = engine.i32;
	const header = engine.events;
	const n = i32[header]!;
	if (n === 0) return;
	const { groups, attempts } = engine;
	const base = i32[header + 1]! >> 2;
	// Handlers below never call back into WASM, so the batch cannot grow while we walk it.
	i32[header] = 0;
	for (let i = 0; i < n; i++) {
		const at = base + i * 3;
		const kind = i32[at]!;
		const a = i32[at + 1]!;
		const b = i32[at + 2]!;
		switch (kind) {
			case Event.old:
				failGroup(groups, a, b, old);
				break;
			case Event.evicted:
				failGroup(groups, a, b, evicted);
				break;
			case Event.cleared:
				failGroup(groups, a, b, trackError ?? aborted);
				break;
			case Event.freed: {
				// The track's last handle is gone: a finished group stays readable, an open one never completes.
				const g = groups[a];
				groups[a] = undefined;
				g?.release(b === 1);
				if (g && b !== 1) g.fail(dropped);
				break;
			}
			case Event.filled: {
				const attempt = attempts[a]!;
				attempts[a] = undefined;
				attempt.fill(groups[b]!);
				break;
			}
			case Event.failed: {
				const attempt = attempts[a];
				attempts[a] = undefined;
				attempt?.fail(
					b === Result.notFound ? new NotFoundError("group not found") : b === Result.dropped ? new DroppedError() : trackError!,
				);
				break;
			}
			case Event.listed:
				listed!.push(groups[a]!);
				break;
		}
	}
}

/** Turns a failure `Result` into the matching typed error. */
export function codeError(code: number, trackError: Error | undefined, what: string): Error {
	switch (code) {
		case Result.aborted:
			return trackError ?? new ClosedError(`${what}: track aborted`);
		case Result.duplicate:
			return new DuplicateError(`${what}: already cached`);
		case Result.notFound:
			return new NotFoundError(`${what}: not found`);
		case Result.atOrBelowLiveEdge:
			return new ProtocolViolationError(`${what}: at or below the live edge`);
		case Result.closed:
			return new ClosedError(`${what}: closed`);
		default:
			return new ClosedError(`${what}: failed with result ${code}`);
	}
}

/** FrameTooLarge needs the size, which only the caller has. */
export function frameError(code: number, size: number): Error {
	return code === Result.frameTooLarge
		? new FrameTooLargeError(size, Limits.maxFrameBytes)
		: codeError(code, undefined, "write frame");
}
