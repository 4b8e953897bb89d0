// The demo broadcast `demo/clock`: track `seconds` holds one group per wall-clock second, each frame the ISO time
// of a 100 ms tick. Any moq-lite-05 client can discover it, subscribe to it and fetch past seconds.
import type { BroadcastProducer, GroupProducer, OriginProducer, TrackProducer } from "../model/index.js";

export const DEMO_BROADCAST = "demo/clock";
export const DEMO_TRACK = "seconds";
const TICK_MS = 100;

export interface DemoClock {
	readonly broadcast: BroadcastProducer;
	readonly track: TrackProducer;
	stop(): void;
}

export function publishClock(origin: OriginProducer, path = DEMO_BROADCAST, name = DEMO_TRACK): DemoClock {
	const broadcast = origin.createBroadcast(path);
	// Keep a minute of seconds fetchable (timestamps in ms, the default timescale).
	const track = broadcast.createTrack(name, { latencyMax: 60_000, timescale: 1000 });
	const text = new TextEncoder();
	let group: GroupProducer | undefined;
	let second = -1;

	const tick = () => {
		const now = Date.now();
		const s = Math.floor(now / 1000);
		if (s !== second) {
			group?.finish();
			group = track.appendGroup();
			second = s;
		}
		group!.writeFrame(now, text.encode(new Date(now).toISOString()));
	};
	tick();
	const timer = setInterval(tick, TICK_MS);
	return {
		broadcast,
		track,
		stop() {
			clearInterval(timer);
			group?.finish();
			track.finish();
			broadcast.finish();
		},
	};
}
