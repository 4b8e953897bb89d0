// Where `@moq/net` 0.3.4 deliberately (or knowingly) differs from the spec or from Rust, pinned with exact bytes.
// The differential tests narrow their random messages around exactly these points (reference-domain.ts); if a
// later reference release changes one, the pin fails and the narrowing must be revisited.
import { describe, expect, test, vi } from "vitest";
import { Version } from "../../src/codec/types.js";
import { Timescale, Timestamp } from "../../node_modules/@moq/net/time.js";
import { bytesReader, decodeRef, encodeRef, fromHex, hex, readFramesRef } from "./reference-codec.js";

const V3 = Version.Lite03;
const V4 = Version.Lite04;
const V5 = Version.Lite05;

describe("reference quirks (spec Appendix B)", () => {
	// Appendix B.2 (written against 0.3.2) says JS rejects ANNOUNCE_OK origin 0. 0.3.4's decoder accepts it as
	// "unknown origin" (lite/announce.js AnnounceOk.#decode), like Rust. So origin 0 stays in the generator.
	test("B.2 ANNOUNCE_OK origin 0: 0.3.4 accepts it (the spec's 'JS rejects' is stale)", async () => {
		expect(await decodeRef("announceOk", fromHex("02 00 01"), V5)).toEqual({ origin: 0, activeCount: 1 });
		expect(hex(await encodeRef("announceOk", { origin: 0, activeCount: 1 }, V5))).toBe("02 00 01");
	});

	// Appendix B.3 / §2.3: Rust reads any non-zero byte as true; JS `Reader.bool()` throws unless 0 or 1.
	test("B.3 ordered flag: reference rejects bytes other than 0/1", async () => {
		await expect(decodeRef("subscribeUpdate", fromHex("05 03 02 00 00 00"), V4)).rejects.toThrow("invalid bool value");
		await expect(decodeRef("trackInfo", fromHex("06 00 ff 53 88 43 e8"), V5)).rejects.toThrow("invalid bool value");
	});

	// Appendix B.5: fields the reference reads with `Reader.u53` (latencies, groups, sequences, timescale, probe,
	// SUBSCRIBE_START/END/DROP, counts) throw above 2^53-1, though the wire allows 2^62-1. (§2.1 says u53 "logs and
	// loses precision": that is only the writer; the reader throws.)
	test("B.5 u53 fields: reference throws on a wire value above 2^53-1", async () => {
		// SUBSCRIBE_START group 2^53: c0 20 00 00 00 00 00 00
		await expect(decodeRef("subscribeResponse", fromHex("00 08 c0 20 00 00 00 00 00 00"), V5)).rejects.toThrow("larger than 53-bits");
		// GROUP sub 0, sequence 2^53
		await expect(decodeRef("group", fromHex("09 00 c0 20 00 00 00 00 00 00"), V5)).rejects.toThrow("larger than 53-bits");
	});

	// The reference encodes `opt` as `group + 1` with a Number: start group 2^53-1 goes out as 2^53 (with a console
	// warning) and its own reader then throws on it. So random `opt` groups are kept at or below 2^53-2.
	test("B.5 opt group 2^53-1: the reference writes it but cannot read it back", async () => {
		const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
		try {
			const msg = { priority: 0, ordered: false, maxLatency: 0, startGroup: Number.MAX_SAFE_INTEGER };
			const bytes = await encodeRef("subscribeUpdate", msg, V5);
			expect(hex(bytes)).toBe("0c 00 00 00 c0 20 00 00 00 00 00 00 00");
			expect(warn).toHaveBeenCalled();
			await expect(decodeRef("subscribeUpdate", bytes, V5)).rejects.toThrow("larger than 53-bits");
		} finally {
			warn.mockRestore();
		}
	});

	// Appendix B.5: SETUP varint parameters pass through `Number()` both ways (lite/setup.js setVarint/getVarint),
	// so an origin above 2^53 is silently rounded: 2^60+1 is written and read as 2^60.
	test("B.5 SETUP origin above 2^53: the reference rounds it silently", async () => {
		const bytes = await encodeRef("setup", { origin: (1n << 60n) + 1n }, V5);
		expect(hex(bytes)).toBe("0b 01 05 08 d0 00 00 00 00 00 00 00");
		expect((await decodeRef("setup", fromHex("0b 01 05 08 d0 00 00 00 00 00 00 01"), V5)).origin).toBe(1n << 60n);
	});

	// §3.2: parameter 0x4 (cost) exists on the wire (Rust encodes and decodes it); the reference has no field for
	// it and ignores unknown ids, so cost and unknown parameters are dropped from the reference domain.
	test("SETUP cost (0x4) and unknown ids: the reference ignores them on decode", async () => {
		// count 2: cost=5, id 0x21 = "zz"
		const got = await decodeRef("setup", fromHex("08 02 04 01 05 21 02 7a 7a"), V5);
		expect(got).toEqual({ probe: 0, role: 0 });
	});

	// Appendix B.4: the reference writes parameters in insertion order (probe, path, role, origin); Rust's order is
	// random, so SETUP is compared by decoded parameters, never by bytes.
	test("B.4 SETUP parameter order: the reference reads any order", async () => {
		const a = await decodeRef("setup", fromHex("07 02 01 01 01 05 01 2a"), V5);
		const b = await decodeRef("setup", fromHex("07 02 05 01 2a 01 01 01"), V5);
		expect(a).toEqual(b);
		expect(a).toEqual({ probe: 1, role: 0, origin: 42 });
	});

	// `decodeUtf8` is `new TextDecoder("utf-8", { fatal: true })`: the default `ignoreBOM: false` strips one leading
	// U+FEFF, so "\uFEFFx" arrives as "x". Rust (`String::from_utf8`) keeps it; the spec (§2.4) says bytes are a
	// UTF-8 string, nothing about a BOM. Random strings never start with U+FEFF in the differential tests.
	test("leading U+FEFF in a string: the reference strips it on decode", async () => {
		const bytes = await encodeRef("track", { broadcast: "a", track: "\uFEFFx" }, V5);
		expect(hex(bytes)).toBe("07 01 61 04 ef bb bf 78");
		expect(await decodeRef("track", bytes, V5)).toEqual({ broadcast: "a", track: "x" });
	});

	// §2.3: status 2 (restart) is accepted on decode on 05 only and treated as active; never encoded.
	test("ANNOUNCE status 2: reference reads it as active on 05, rejects it on 03/04", async () => {
		expect(await decodeRef("announce", fromHex("07 02 03 63 61 6d 01 07"), V5)).toEqual({ status: 1, suffix: "cam", hops: [7] });
		await expect(decodeRef("announce", fromHex("07 02 03 63 61 6d 01 07"), V4)).rejects.toThrow("invalid announce status");
		await expect(decodeRef("announce", fromHex("06 02 03 63 61 6d 02"), V3)).rejects.toThrow("invalid announce status");
	});

	// §3.9: Rust tolerates a FIN right after a frame's timestamp (before the size); the reference's group loop
	// reads the size unconditionally and fails.
	test("FIN after a frame timestamp: the reference fails (Rust ends the group cleanly)", async () => {
		await expect(readFramesRef(bytesReader(fromHex("47 d0")), V5)).rejects.toThrow("unexpected end of stream");
	});

	// §3.9 allows negative deltas and says nothing of negative absolute timestamps. The reference's wire loop sums
	// them fine, but its model's `Time.Timestamp` throws on a negative value, so its subscriber fails such a group.
	test("negative absolute frame timestamp: the reference's wire loop reads it, its Timestamp model refuses it", async () => {
		// zigzag 1 = delta -1, size 0
		expect(await readFramesRef(bytesReader(fromHex("01 00")), V5)).toEqual([{ timestamp: -1, payload: new Uint8Array() }]);
		expect(() => new Timestamp(-1, Timescale(1000))).toThrow("invalid timestamp");
	});

	// §2.5: paths are normalized on creation; the reference normalizes on decode too ("/a//b/" arrives as "a/b").
	test("paths: reference normalizes a non-normalized path on decode", async () => {
		expect(await decodeRef("track", fromHex("08 06 2f 61 2f 2f 62 2f 00"), V5)).toEqual({ broadcast: "a/b", track: "" });
	});

	// §2.1: decoders accept non-minimal varints (Rust does not check); so does the reference.
	test("non-minimal varints: the reference accepts them", async () => {
		// SUBSCRIBE_UPDATE prio 3 with max latency 0 as 40 00 and start group as 80 00 00 00
		expect(await decodeRef("subscribeUpdate", fromHex("09 03 00 40 00 80 00 00 00 00"), V3)).toEqual({ priority: 3, ordered: false, maxLatency: 0 });
	});
});
