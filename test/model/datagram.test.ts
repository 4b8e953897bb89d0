// Datagrams in the model (spec §3.8, §5.4): one shared sequence counter with groups, a 50 ms best-effort
// buffer per track, nothing cached, replayed or fetchable.
import { describe, expect, it } from "vitest";
import { CancelError, ClosedError, FrameTooLargeError, NotFoundError } from "../../src/error.js";
import { MAX_DATAGRAM_AGE, MAX_DATAGRAM_BYTES } from "../../src/model/index.js";
import { Clock, bytes, settled, track } from "./helpers.js";

// Every track here runs on a manual clock: on a busy machine more than MAX_DATAGRAM_AGE can pass between a push
// and its read, which on the platform clock would expire the datagram the test is about to read.
const still = (info?: Parameters<typeof track>[0]) => track(info, { now: new Clock().now });

describe("datagrams", () => {
	it("appendDatagram and appendGroup draw from one sequence counter", async () => {
		const { producer } = still({ timescale: 1000 });
		const sub = producer.subscribe();
		expect(producer.appendGroup().sequence).toBe(0);
		expect(producer.appendDatagram(40, bytes(1))).toBe(1);
		expect(producer.appendGroup().sequence).toBe(2);
		producer.writeDatagram(7, 70, bytes(2));
		expect(producer.appendDatagram(80, bytes(3))).toBe(8);
		expect(await sub.recvDatagram()).toEqual({ sequence: 1, timestamp: 40, payload: bytes(1) });
		expect(await sub.recvDatagram()).toEqual({ sequence: 7, timestamp: 70, payload: bytes(2) });
		expect(await sub.recvDatagram()).toEqual({ sequence: 8, timestamp: 80, payload: bytes(3) });
		sub.close();
	});

	it("timestamps are scaled to the track timescale", async () => {
		const { producer } = still({ timescale: 90000 });
		const sub = producer.subscribe();
		producer.appendDatagram({ value: 2, timescale: 1000 }, bytes(1));
		expect((await sub.recvDatagram())?.timestamp).toBe(180);
		sub.close();
	});

	it("a waiting reader wakes on the next datagram; every subscriber gets it once", async () => {
		const { producer } = still();
		const a = producer.subscribe();
		const b = producer.subscribe();
		const waiting = a.recvDatagram();
		expect((await settled(waiting)).state).toBe("pending");
		producer.appendDatagram(1, bytes(5));
		expect((await waiting)?.payload).toEqual(bytes(5));
		expect((await b.recvDatagram())?.payload).toEqual(bytes(5));
		expect((await settled(a.recvDatagram({ signal: AbortSignal.abort() }))).state).toBe("rejected");
		a.close();
		b.close();
	});

	it("a reader that stalls past MAX_DATAGRAM_AGE loses the stale datagrams", async () => {
		const clock = new Clock();
		const { producer } = track({}, { now: clock.now });
		const sub = producer.subscribe();
		producer.appendDatagram(0, bytes(0));
		clock.advance(MAX_DATAGRAM_AGE / 2);
		producer.appendDatagram(1, bytes(1));
		clock.advance(MAX_DATAGRAM_AGE / 2 + 1);
		producer.appendDatagram(2, bytes(2));
		expect((await sub.recvDatagram())?.sequence).toBe(1);
		expect((await sub.recvDatagram())?.sequence).toBe(2);
		sub.close();
	});

	it("datagrams are not replayed to later subscribers, not cached and not fetchable", async () => {
		const { producer } = still();
		const early = producer.subscribe();
		producer.appendDatagram(0, bytes(1));
		const late = producer.subscribe();
		producer.appendDatagram(1, bytes(2));
		expect((await early.recvDatagram())?.sequence).toBe(0);
		expect((await late.recvDatagram())?.sequence).toBe(1);
		expect(producer.latestGroup()).toBeUndefined();
		await expect(producer.consume().fetchGroup(0)).rejects.toBeInstanceOf(NotFoundError);
		early.close();
		late.close();
	});

	it("payloads above 65535 bytes are refused; a finished or aborted track refuses datagrams", async () => {
		const { producer } = still();
		expect(() => producer.appendDatagram(0, new Uint8Array(MAX_DATAGRAM_BYTES + 1))).toThrow(FrameTooLargeError);
		producer.appendDatagram(0, new Uint8Array(MAX_DATAGRAM_BYTES));
		producer.finishAt(3);
		expect(() => producer.writeDatagram(3, 0, bytes(1))).toThrow(ClosedError);
		const sub = producer.subscribe({ startGroup: 0 });
		producer.writeDatagram(2, 0, bytes(2));
		// Datagram 2 reached the final boundary: the track is complete once it is read.
		expect((await sub.recvDatagram())?.sequence).toBe(2);
		expect(await sub.recvDatagram()).toBeUndefined();

		const other = still().producer;
		const reader = other.subscribe();
		const waiting = reader.recvDatagram();
		other.abort(new CancelError("gone"));
		await expect(waiting).rejects.toBeInstanceOf(CancelError);
		expect(() => other.appendDatagram(0, bytes(1))).toThrow(CancelError);
	});

	it("close() ends a reader waiting for a datagram", async () => {
		const { producer } = still();
		const sub = producer.subscribe();
		const waiting = sub.recvDatagram();
		sub.close();
		expect(await waiting).toBeUndefined();
	});
});
