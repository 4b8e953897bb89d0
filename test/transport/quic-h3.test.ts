// The HTTP/3 pieces of the Node QUIC transport, byte by byte: QPACK (with RFC 7541's Huffman examples), error code
// mapping, structured-field subprotocols, SETTINGS, capsules, and the generated certificate.
import { X509Certificate, createPrivateKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { certificateHash, generateCertificate } from "../../src/transport/quic/certificate.js";
import { closeCapsuleFrame, decodeClose, parseCapsules, CLOSE_SESSION } from "../../src/transport/quic/h3/capsule.js";
import { fromHttp3, toHttp3 } from "../../src/transport/quic/h3/codes.js";
import { huffmanDecode } from "../../src/transport/quic/h3/huffman.js";
import { parseSfItem, parseSfList, selectProtocol, sfString, sfStringList } from "../../src/transport/quic/h3/protocols.js";
import { decodeFieldSection, encodeFieldSection } from "../../src/transport/quic/h3/qpack.js";
import { decodeSettings, Setting, settingsFrame, supportsWebTransport } from "../../src/transport/quic/h3/settings.js";
import { encodeVarint, readVarint } from "../../src/transport/quic/varint.js";

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));

describe("varint", () => {
	it("round-trips the RFC 9000 examples and 2^53 - 1", () => {
		for (const [v, h] of [
			[37, "25"],
			[15293, "7bbd"],
			[494878333, "9d7f3e7d"],
			[151288809941952652, "c2197c5eff14e88c"],
		] as const) {
			if (Number.isSafeInteger(v)) expect(Buffer.from(encodeVarint(v)).toString("hex")).toBe(h);
			expect(readVarint(hex(h), 0)?.[0]).toBe(v);
		}
		const max = Number.MAX_SAFE_INTEGER;
		expect(readVarint(encodeVarint(max), 0)).toEqual([max, 8]);
		expect(readVarint(hex("c2197c"), 0)).toBeUndefined();
	});
});

describe("qpack", () => {
	it("decodes RFC 7541's Huffman examples", () => {
		expect(huffmanDecode(hex("f1e3 c2e5 f23a 6ba0 ab90 f4ff"))).toBe("www.example.com");
		expect(huffmanDecode(hex("a8eb 1064 9cbf"))).toBe("no-cache");
		expect(huffmanDecode(hex("6402"))).toBe("302");
		// Cut inside the last symbol, or padded with zeros: both invalid.
		expect(() => huffmanDecode(hex("f1e3 c2e5 f23a 6ba0 ab90 f4"))).toThrow(/padding/);
		expect(() => huffmanDecode(hex("00"))).toThrow(/padding/);
	});

	it("round-trips a CONNECT with static references and literals", () => {
		const headers: [string, string][] = [
			[":method", "CONNECT"],
			[":scheme", "https"],
			[":authority", "127.0.0.1:4443"],
			[":path", "/moq?jwt=x"],
			[":protocol", "webtransport"],
			["wt-available-protocols", '"moq-lite-05", "moq-lite-04"'],
		];
		const encoded = encodeFieldSection(headers);
		// :method CONNECT is static index 15, indexed: 0xc0 | 15.
		expect(encoded[2]).toBe(0xcf);
		expect(decodeFieldSection(encoded)).toEqual(headers);
	});

	it("decodes Huffman-coded literals with static name references, as browsers send them", () => {
		// Literal with static name ref (index 1 :path), value Huffman "www.example.com".
		const section = Uint8Array.from([0, 0, 0x51, 0x80 | 12, ...hex("f1e3 c2e5 f23a 6ba0 ab90 f4ff")]);
		expect(decodeFieldSection(section)).toEqual([[":path", "www.example.com"]]);
	});

	it("refuses dynamic table references", () => {
		expect(() => decodeFieldSection(Uint8Array.from([1, 0]))).toThrow(/dynamic/);
		expect(() => decodeFieldSection(Uint8Array.from([0, 0, 0x80]))).toThrow(/dynamic/);
	});
});

describe("webtransport error codes", () => {
	it("maps 32-bit codes into the HTTP/3 range, skipping reserved codepoints, and back", () => {
		expect(toHttp3(0)).toBe(0x52e4a40fa8db);
		expect(toHttp3(0xffffffff)).toBe(0x52e5ac983162);
		for (const code of [0, 1, 0x1d, 0x1e, 0x1f, 64, 1000, 0x7fffffff, 0xffffffff]) {
			const h3 = toHttp3(code);
			expect((h3 - 0x21) % 0x1f).not.toBe(0);
			expect(fromHttp3(h3)).toBe(code);
		}
		expect(fromHttp3(0x100)).toBeUndefined();
	});
});

describe("subprotocols", () => {
	it("writes and reads structured-field strings and lists", () => {
		expect(sfString("moq-lite-05")).toBe('"moq-lite-05"');
		expect(sfString('a"b\\c')).toBe('"a\\"b\\\\c"');
		expect(sfStringList(["moq-lite-05", "moq-lite-04"])).toBe('"moq-lite-05", "moq-lite-04"');
		expect(parseSfList('"moq-lite-05",  "moq-lite-04";q=1, moql')).toEqual(["moq-lite-05", "moq-lite-04", "moql"]);
		expect(parseSfList('"unterminated')).toBeUndefined();
		expect(parseSfItem(' "moq-lite-05" ')).toBe("moq-lite-05");
	});

	it("picks our preference among the client's offers", () => {
		expect(selectProtocol(["moq-lite-03", "moq-lite-05"], ["moq-lite-05", "moq-lite-04", "moq-lite-03"])).toBe("moq-lite-05");
		expect(selectProtocol(["moqt-16"], ["moq-lite-05"])).toBeUndefined();
	});
});

describe("settings and capsules", () => {
	it("advertises WebTransport in every generation and datagrams", () => {
		const frame = settingsFrame(true);
		const payload = frame.subarray(2);
		const settings = decodeSettings(payload);
		expect(settings.get(Setting.EnableConnectProtocol)).toBe(1);
		expect(settings.get(Setting.H3Datagram)).toBe(1);
		expect(supportsWebTransport(settings)).toBe(true);
		// Chromium's shape: draft-02 enable flag only.
		expect(supportsWebTransport(new Map([[Setting.EnableWebTransportDraft02, 1]]))).toBe(true);
		expect(supportsWebTransport(new Map())).toBe(false);
	});

	it("writes WT_CLOSE_SESSION in a DATA frame and reads it back", () => {
		const frame = closeCapsuleFrame(420, "test");
		// DATA, length 11, capsule type 0x2843 as a 2-byte varint (68 43), length 8, code, reason.
		expect(Buffer.from(frame).toString("hex")).toBe("000b" + "6843" + "08" + "000001a4" + Buffer.from("test").toString("hex"));
		const { capsules, rest } = parseCapsules(frame.subarray(2));
		expect(rest.length).toBe(0);
		expect(capsules[0]?.type).toBe(CLOSE_SESSION);
		expect(decodeClose(capsules[0]!.payload)).toEqual({ closeCode: 420, reason: "test" });
	});
});

describe("certificate", () => {
	it("is a 13-day ECDSA P-256 leaf for localhost and loopback, self-signed, with its DER hash exposed", () => {
		const c = generateCertificate();
		const x = new X509Certificate(c.cert);
		expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
		expect(x.subjectAltName).toBe("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");
		expect(x.ca).toBe(false);
		expect(x.verify(x.publicKey)).toBe(true);
		expect(x.checkPrivateKey(createPrivateKey(c.key))).toBe(true);
		const days = (Date.parse(x.validTo) - Date.parse(x.validFrom)) / 86_400_000;
		expect(days).toBeCloseTo(13, 3);
		expect(Buffer.from(c.sha256).toString("hex")).toBe(x.fingerprint256.replace(/:/g, "").toLowerCase());
		expect(certificateHash(c.cert)).toEqual(c.sha256);
		expect(() => generateCertificate({ days: 15 })).toThrow(RangeError);
	});
});
