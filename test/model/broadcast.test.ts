import { describe, expect, it } from "vitest";
import { ClosedError, DroppedError, DuplicateError, NotFoundError } from "../../src/error.js";
import { BroadcastProducer } from "../../src/model/index.js";
import { bytes, settled } from "./helpers.js";

describe("broadcast tracks", () => {
	it("track(name) finds a live track", async () => {
		const broadcast = new BroadcastProducer();
		const producer = broadcast.createTrack("video", { priority: 3 });
		producer.createGroup(0).writeFrame(0, bytes(1));
		const consumer = broadcast.consume().track("video");
		expect(consumer.name).toBe("video");
		expect((await consumer.info()).priority).toBe(3);
		expect((await (await consumer.fetchGroup(0)).readFrame())?.payload).toEqual(bytes(1));
	});

	it("an unknown track without a handler is NotFound at once", () => {
		const broadcast = new BroadcastProducer();
		expect(() => broadcast.consume().track("nope")).toThrow(NotFoundError);
	});

	it("creating a live track name twice is a duplicate", () => {
		const broadcast = new BroadcastProducer();
		broadcast.createTrack("a");
		expect(() => broadcast.createTrack("a")).toThrow(DuplicateError);
		expect(() => broadcast.reserveTrack("a")).toThrow(DuplicateError);
	});

	it("concurrent lookups of one name join a single request, served FIFO", async () => {
		const broadcast = new BroadcastProducer();
		const dynamic = broadcast.dynamic();
		const consumer = broadcast.consume();
		const a = consumer.track("a").subscribe();
		const a2 = consumer.track("a").subscribe();
		consumer.track("b");
		const first = await dynamic.requestedTrack();
		const second = await dynamic.requestedTrack();
		expect([first.name, second.name]).toEqual(["a", "b"]);
		expect(await settled(dynamic.requestedTrack())).toEqual({ state: "pending" });
		const producer = first.accept();
		producer.writeFrame(0, bytes(5));
		const [sa, sa2] = await Promise.all([a, a2]);
		expect((await sa.readFrame())?.payload).toEqual(bytes(5));
		expect((await sa2.readFrame())?.payload).toEqual(bytes(5));
		dynamic.close();
	});

	it("createTrack fulfils a request already queued for the name", async () => {
		const broadcast = new BroadcastProducer();
		const dynamic = broadcast.dynamic();
		const subscribing = broadcast.consume().track("late").subscribe();
		const producer = broadcast.createTrack("late", { timescale: 48_000 });
		producer.writeFrame(0, bytes(2));
		const sub = await subscribing;
		expect(sub.info.timescale).toBe(48_000);
		expect((await sub.readFrame())?.payload).toEqual(bytes(2));
		expect(await settled(dynamic.requestedTrack())).toEqual({ state: "pending" });
		dynamic.close();
	});

	it("a reserved track is discoverable at once and served once accepted", async () => {
		const broadcast = new BroadcastProducer();
		const request = broadcast.reserveTrack("catalog");
		const info = broadcast.consume().track("catalog").info();
		expect(await settled(info)).toEqual({ state: "pending" });
		request.accept({ latencyMax: 1234 });
		expect((await info).latencyMax).toBe(1234);
	});

	it("closing the last dynamic handler fails queued requests with Dropped; another handler keeps them alive", async () => {
		const broadcast = new BroadcastProducer();
		const one = broadcast.dynamic();
		const two = broadcast.dynamic();
		const subscribing = broadcast.consume().track("x").subscribe();
		one.close();
		expect(await settled(subscribing)).toEqual({ state: "pending" });
		two.close();
		await expect(subscribing).rejects.toBeInstanceOf(DroppedError);
		expect(() => broadcast.consume().track("y")).toThrow(NotFoundError);
	});

	it("a track request taken but never answered fails when its handler closes", async () => {
		const broadcast = new BroadcastProducer();
		const dynamic = broadcast.dynamic();
		const subscribing = broadcast.consume().track("x").subscribe();
		await dynamic.requestedTrack();
		dynamic.close();
		await expect(subscribing).rejects.toBeInstanceOf(DroppedError);
	});

	it("finish keeps existing tracks readable and refuses new names", async () => {
		const broadcast = new BroadcastProducer();
		const dynamic = broadcast.dynamic();
		broadcast.createTrack("a").writeFrame(0, bytes(1));
		const queued = broadcast.consume().track("q").info();
		broadcast.finish();
		expect(await broadcast.closed).toBeNull();
		await expect(queued).rejects.toBeInstanceOf(NotFoundError);
		await expect(dynamic.requestedTrack()).rejects.toBeInstanceOf(ClosedError);
		expect(() => broadcast.consume().track("b")).toThrow(NotFoundError);
		expect(() => broadcast.createTrack("b")).toThrow(ClosedError);
		expect((await broadcast.consume().track("a").fetchGroup(0)).sequence).toBe(0);
	});

	it("abort fails every track and request, and lookups are Dropped", async () => {
		const broadcast = new BroadcastProducer();
		const dynamic = broadcast.dynamic();
		const live = broadcast.createTrack("a");
		const sub = live.subscribe();
		const pending = broadcast.consume().track("b").subscribe();
		const err = new Error("publisher gone");
		broadcast.abort(err);
		expect(await broadcast.closed).toBe(err);
		expect(await live.closed).toBe(err);
		await expect(sub.recvGroup()).rejects.toBe(err);
		await expect(pending).rejects.toBe(err);
		await expect(dynamic.requestedTrack()).rejects.toBe(err);
		expect(() => broadcast.consume().track("a")).toThrow(DroppedError);
	});

	it("an abort after finish still fails the tracks", async () => {
		const broadcast = new BroadcastProducer();
		const track = broadcast.createTrack("a");
		broadcast.finish();
		const err = new Error("late");
		broadcast.abort(err);
		await expect(track.consume().fetchGroup(0)).rejects.toBe(err);
		expect(() => broadcast.consume().track("a")).toThrow(DroppedError);
	});

	it("an aborted track's name can be served again", () => {
		const broadcast = new BroadcastProducer();
		broadcast.createTrack("a").abort(new Error("x"));
		expect(broadcast.createTrack("a").name).toBe("a");
	});
});
