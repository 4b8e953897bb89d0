// Shared by the transport tests: read helpers, and a reference (@moq/net) publisher/subscriber pair used to prove a
// transport carries a real moq-lite session.
import * as Moq from "@moq/net";
import { expect } from "vitest";

type Established = Awaited<ReturnType<typeof Moq.Connection.accept>>;

/** The first item of a stream (throws if it ended), leaving the stream unlocked. */
export async function first<T>(stream: ReadableStream<T>): Promise<T> {
	const reader = stream.getReader();
	const { value, done } = await reader.read();
	reader.releaseLock();
	if (done) throw new Error("stream ended");
	return value;
}

/** Every byte until FIN, as numbers (handy for toEqual). */
export async function readAll(readable: ReadableStream<Uint8Array>): Promise<number[]> {
	const out: number[] = [];
	for await (const chunk of readable) out.push(...chunk);
	return out;
}

/** `publisher` serves broadcast "demo" with track "clock": per request, 3 groups of 2 string frames. */
export function publishDemo(publisher: Established): void {
	const broadcast = new Moq.Broadcast.Producer();
	publisher.publish(Moq.Path.from("demo"), broadcast);
	void (async () => {
		for (let request = await broadcast.requested(); request; request = await broadcast.requested()) {
			const track = request.accept();
			for (let g = 0; g < 3; g++) {
				const group = track.appendGroup();
				group.writeString(`g${g} f0`);
				group.writeString(`g${g} f1`);
				group.close();
			}
		}
	})();
}

/** `subscriber` discovers "demo" by announcement, subscribes to "clock" and reads its first group. */
export async function consumeDemo(subscriber: Established): Promise<string[]> {
	const announced = subscriber.announced();
	expect(await announced.next()).toEqual({ path: "demo", active: true });
	const track = subscriber.consume(Moq.Path.from("demo")).subscribe("clock");
	const group = await track.recvGroup();
	const frames = [await group!.readString(), await group!.readString()];
	track.close();
	announced.close();
	return frames as string[];
}
