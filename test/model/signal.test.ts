import { describe, expect, it } from "vitest";
import { BoundsExceededError, CancelError } from "../../src/error.js";
import { BroadcastProducer, OriginProducer } from "../../src/model/index.js";
import { bytes, settled, track } from "./helpers.js";

const cancelled = (): AbortSignal => AbortSignal.abort(new CancelError("stop"));

describe("AbortSignal on waits", () => {
	it("an aborted recvGroup rejects with the reason and loses no group", async () => {
		const { producer } = track();
		const sub = producer.subscribe();
		const controller = new AbortController();
		const waiting = sub.recvGroup({ signal: controller.signal });
		controller.abort(new CancelError("viewer left"));
		await expect(waiting).rejects.toBeInstanceOf(CancelError);
		producer.createGroup(0);
		expect((await sub.recvGroup())?.sequence).toBe(0);
	});

	it("an aborted requestedGroup loses no request", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const controller = new AbortController();
		const waiting = dynamic.requestedGroup({ signal: controller.signal });
		controller.abort();
		await expect(waiting).rejects.toBeDefined();
		const fetch = producer.consume().fetchGroup(1);
		(await dynamic.requestedGroup()).accept().finish();
		expect((await fetch).sequence).toBe(1);
		dynamic.close();
	});

	it("an aborted fetch detaches only its caller from the shared attempt", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const consumer = producer.consume();
		const controller = new AbortController();
		const leaving = consumer.fetchGroup(3, { signal: controller.signal });
		const staying = consumer.fetchGroup(3);
		controller.abort(new CancelError("gone"));
		await expect(leaving).rejects.toBeInstanceOf(CancelError);
		(await dynamic.requestedGroup()).accept().finish();
		expect((await staying).sequence).toBe(3);
		dynamic.close();
	});

	it("every other wait honours an already-aborted signal", async () => {
		const { broadcast, producer } = track();
		const origin = new OriginProducer();
		const group = producer.appendGroup();
		await expect(group.consume().readFrame({ signal: cancelled() })).rejects.toBeInstanceOf(CancelError);
		await expect(producer.subscriptionChanged({ signal: cancelled() })).rejects.toBeInstanceOf(CancelError);
		await expect(producer.used({ signal: cancelled() })).rejects.toBeInstanceOf(CancelError);
		await expect(broadcast.dynamic().requestedTrack({ signal: cancelled() })).rejects.toBeInstanceOf(CancelError);
		await expect(origin.dynamic().requestedBroadcast({ signal: cancelled() })).rejects.toBeInstanceOf(CancelError);
		await expect(origin.consume().announced().next({ signal: cancelled() })).rejects.toBeInstanceOf(CancelError);
		await expect(origin.consume().announcedBroadcast("x", { signal: cancelled() })).rejects.toBeInstanceOf(CancelError);
		await expect(origin.consume().requestBroadcast("x", { signal: cancelled() })).rejects.toBeInstanceOf(CancelError);
	});

	it("an aborted subscribe closes the subscription it opened", async () => {
		const broadcast = new BroadcastProducer();
		const request = broadcast.reserveTrack("t");
		const controller = new AbortController();
		const subscribing = broadcast.consume().track("t").subscribe({ priority: 5 }, { signal: controller.signal });
		expect(request.subscription?.priority).toBe(5);
		controller.abort(new CancelError());
		await expect(subscribing).rejects.toBeInstanceOf(CancelError);
		expect(request.subscription).toBeUndefined();
	});
});

describe("edges", () => {
	it("subscribing to an aborted track fails instead of waiting forever", async () => {
		const { producer } = track();
		const err = new Error("aborted");
		producer.abort(err);
		await expect(producer.subscribe().recvGroup()).rejects.toBe(err);
	});

	it("sequences above 2^53 - 1 are refused with BoundsExceeded", async () => {
		const { producer } = track();
		expect(() => producer.createGroup(2 ** 53)).toThrow(BoundsExceededError);
		await expect(producer.consume().fetchGroup(2 ** 53)).rejects.toBeInstanceOf(BoundsExceededError);
		expect(producer.createGroup(Number.MAX_SAFE_INTEGER).sequence).toBe(Number.MAX_SAFE_INTEGER);
	});

	it("the final sequence is visible to producer and subscriber", () => {
		const { producer } = track();
		const sub = producer.subscribe();
		expect(producer.final).toBeUndefined();
		producer.createGroup(4);
		producer.finish();
		expect(producer.final).toBe(5);
		expect(sub.final).toBe(5);
	});

	it("a track request reports subscription changes and when its subscribers leave", async () => {
		const broadcast = new BroadcastProducer();
		const request = broadcast.reserveTrack("t");
		const changed = request.subscriptionChanged();
		const controller = new AbortController();
		broadcast.consume().track("t").subscribe({ priority: 3 }, { signal: controller.signal }).catch(() => {});
		expect((await changed)?.priority).toBe(3);
		const unused = request.unused();
		expect(await settled(unused)).toEqual({ state: "pending" });
		controller.abort();
		await unused;
	});

	it("a group producer writes nothing once its group expired", () => {
		const { producer } = track();
		const group = producer.appendGroup();
		group.abort();
		expect(() => group.writeFrame(0, bytes(1))).toThrow(CancelError);
		expect(() => group.finish()).toThrow(CancelError);
	});
});
