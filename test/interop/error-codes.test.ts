// Error codes by peer (moq-lite-versions §2.10): we send the renumbered registry on every version. @moq/net 0.3.4
// (the newest installable JS) cannot choose a code and reports a peer's verbatim, so it sees exactly ours and its
// session carries on; its own resets (always 0) read here as unspecified, never as a cancel.
import * as Moq from "@moq/net";
import { beforeAll, describe, expect, test } from "vitest";
import { ErrorCode, InternalError, NotFoundError, RemoteError, SessionCode, UnroutableError } from "../../src/error.js";
import { accept, connect } from "../../src/lite/index.js";
import { decodeSessionCode, decodeStreamCode } from "../../src/lite/error.js";
import { OriginProducer } from "../../src/model/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { prepareReference } from "./session-peers.js";

beforeAll(prepareReference);

describe("codes we send reach @moq/net 0.3.4 verbatim", () => {
	for (const protocol of ["moq-lite-05", "moq-lite-04", "moq-lite-03"]) {
		test(`${protocol}: NotFound 0x33 and Unroutable 0x36; its session keeps working`, async () => {
			const { client, server } = MemoryTransport.pair({ protocol });
			const origin = new OriginProducer();
			const video = origin.createBroadcast("room").createTrack("video", { timescale: 1000 });
			const session = await accept(server, { publish: origin.consume() });
			const conn = await Moq.Connection.connect(new URL("https://localhost/"), { transport: client as unknown as WebTransport });
			const codeOf = async (path: string, track: string): Promise<unknown> => {
				const sub = conn.consume(Moq.Path.from(path)).track(track).subscribe();
				const err = await sub.recvGroup().then(
					() => "no error",
					(e: unknown) => e,
				);
				sub.close();
				return err instanceof Moq.RemoteError ? err.code : err;
			};
			expect(await codeOf("room", "audio")).toBe(ErrorCode.NotFound);
			expect(await codeOf("nobody", "video")).toBe(ErrorCode.Unroutable);
			// Still one healthy session: a real subscription delivers.
			const sub = conn.consume(Moq.Path.from("room")).track("video").subscribe();
			const g = video.appendGroup();
			g.writeFrame(7, Uint8Array.of(1, 2));
			g.finish();
			const got = await sub.recvGroup();
			expect([...(await got!.readFrame())!.payload]).toEqual([1, 2]);
			expect(session.isClosed).toBe(false);
			conn.close();
		});
	}

	test("its reset (always 0) is an unspecified failure here, not a cancel", async () => {
		const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
		const theirs = new Moq.Broadcast.Producer();
		const conn = await Moq.Connection.accept(server as unknown as WebTransport, new URL("https://localhost/"));
		conn.publish(Moq.Path.from("room"), theirs);
		const remote = new OriginProducer();
		await connect(client, { subscribe: remote });
		const room = await remote.consume().requestBroadcast("room");
		// Their publisher has no such track and no handler: it resets the TRACK stream with 0... or never answers
		// (it asks its application); a broadcast it does not have is reset at once.
		const missing = await remote.consume().requestBroadcast("elsewhere");
		const err = await missing.track("video").subscribe().catch((e: unknown) => e);
		expect(err).toBeInstanceOf(InternalError);
		expect(err).toMatchObject({ code: ErrorCode.Internal, remote: true });
		expect(room).toBeDefined();
		conn.close();
	});
});

describe("a peer's code in either numbering becomes its typed error", () => {
	test("the new registry", () => {
		const cases: [number, string][] = [
			[0x0, "InternalError"], [0x1, "CancelError"], [0x2, "TimeoutError"], [0x3, "ClosedError"], [0x4, "GoingAwayError"],
			[0x5, "LaggedError"], [0x12, "MalformedTrackError"], [0x30, "NoCapacityError"], [0x31, "ControlTimeoutError"],
			[0x32, "GroupTooLargeError"], [0x33, "NotFoundError"], [0x34, "OldError"], [0x35, "EvictedError"],
			[0x36, "UnroutableError"], [0x37, "WrongSizeError"], [0x38, "FrameTooLargeError"], [0x39, "TimestampMismatchError"],
		];
		for (const [code, name] of cases) {
			const err = decodeStreamCode(code);
			expect(err.name, `code ${code}`).toBe(name);
			// Round trip: what we would send for it is the code itself.
			expect(err.code, name).toBe(code);
			expect(err.remote).toBe(true);
		}
	});

	test("Aug-2026 numbers the new registry leaves free keep their meaning, sent on as the new code", () => {
		expect(decodeStreamCode(13)).toBeInstanceOf(NotFoundError);
		expect(decodeStreamCode(13).code).toBe(ErrorCode.NotFound);
		expect(decodeStreamCode(30)).toBeInstanceOf(UnroutableError);
		expect(decodeStreamCode(26).code).toBe(ErrorCode.TooFarBehind);
		expect(decodeStreamCode(27).code).toBe(ErrorCode.FrameTooLarge);
		expect(decodeStreamCode(31).code).toBe(ErrorCode.Evicted);
		expect(decodeStreamCode(14).code).toBe(ErrorCode.WrongSize);
		expect(decodeStreamCode(12).name).toBe("DuplicateError");
	});

	test("application codes pass through; reserved 32-47 and unknown ones are unspecified", () => {
		const app = decodeStreamCode(64 + 9);
		expect(app).toBeInstanceOf(RemoteError);
		expect(app).toMatchObject({ code: 73, wire: 73 });
		for (const code of [32, 40, 47, 7, 8, 0x3a, 63]) {
			const err = decodeStreamCode(code);
			expect(err, `code ${code}`).toBeInstanceOf(RemoteError);
			expect(err).toMatchObject({ code: ErrorCode.Internal, wire: code });
		}
	});

	test("session close codes", () => {
		expect(decodeSessionCode(SessionCode.NoError).name).toBe("ClosedError");
		expect(decodeSessionCode(SessionCode.ProtocolViolation).name).toBe("ProtocolViolationError");
		expect(decodeSessionCode(SessionCode.ProtocolViolation).sessionCode).toBe(SessionCode.ProtocolViolation);
		expect(decodeSessionCode(SessionCode.TooManyRequests).sessionCode).toBe(SessionCode.TooManyRequests);
		expect(decodeSessionCode(SessionCode.VersionNegotiationFailed).name).toBe("VersionError");
		expect(decodeSessionCode(SessionCode.GoawayTimeout).sessionCode).toBe(SessionCode.GoawayTimeout);
		expect(decodeSessionCode(64 + 3)).toMatchObject({ wire: 67, sessionCode: 67 });
	});
});
