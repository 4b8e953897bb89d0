// The bench frame: send time (ms since the epoch, sub-ms precision, comparable across processes on one host)
// in its first 8 bytes, the rest padding up to the frame size.

export function now(): number {
	return performance.timeOrigin + performance.now();
}

export function stamp(frame: Uint8Array, at: number): void {
	new DataView(frame.buffer, frame.byteOffset, 8).setFloat64(0, at, true);
}

export function sentAt(frame: Uint8Array): number {
	return new DataView(frame.buffer, frame.byteOffset, 8).getFloat64(0, true);
}

/** Frames per group and groups per second, as the workload: 30 groups/s × 10 frames. */
export const FRAMES_PER_GROUP = 10;
export const GROUPS_PER_SECOND = 30;

/** The track's latencyMax (ms): frames delivered older than this are counted as stale. */
export const LATENCY_MAX = 5000;
