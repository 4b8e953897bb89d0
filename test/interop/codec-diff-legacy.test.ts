// Differential tests of the moq-lite-01/02 codec against @moq/net 0.1.9 (devDependency alias `moq-net-019`), the
// library old `@moq/publish` builds run: for every legacy kind on 01 and 02, 1,000 random messages each,
//   1. our bytes equal the reference's bytes,
//   2. the reference decodes our bytes to the message,
//   3. our decoder decodes the reference's bytes, fed in random chunk splits, to the message.
// The reference is driven through its wire classes (imported by path: its package exports only "."). Messages are
// narrowed to what it can carry (u53 where it writes u53; SETUP varint parameters before byte ones, the order its
// SetupOptions writes them in).
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import * as Ours from "../../src/codec/index.js";
import { type AnyMessageMap, type LegacyParameter, type U62, Version } from "../../src/codec/index.js";
import { cutsArb, framesArb, split } from "../codec/arbitraries.js";
import { LEGACY_ARBITRARIES, LEGACY_VERSIONS } from "../codec/arbitraries-legacy.js";
import { encodeMessage } from "../codec/encoders.js";
import { concat } from "../codec/helpers.js";
import * as RefAnnounce from "../../node_modules/moq-net-019/lite/announce.js";
import { Frame as RefFrame, Group as RefGroup } from "../../node_modules/moq-net-019/lite/group.js";
import { SessionInfo as RefSessionInfo } from "../../node_modules/moq-net-019/lite/session.js";
import * as RefSub from "../../node_modules/moq-net-019/lite/subscribe.js";
import { ClientSetup as RefClientSetup, ServerSetup as RefServerSetup } from "../../node_modules/moq-net-019/ietf/setup.js";
import { SetupOptions as RefSetupOptions } from "../../node_modules/moq-net-019/ietf/parameters.js";
import { Version as RefIetfVersion } from "../../node_modules/moq-net-019/ietf/version.js";
import { Reader, Writer } from "../../node_modules/moq-net-019/stream.js";
import { ensurePromiseWithResolvers } from "../../src/transport/websocket/polyfill.js";

const RUNS = 1000;
const vname = (v: Version) => `lite-0${v & 0xff}`;
const DRAFT_14 = RefIetfVersion.DRAFT_14;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

beforeAll(() => ensurePromiseWithResolvers());

/** Our U62 convention: a number up to 2^53-1, an exact bigint above. */
const u62 = (v: U62): U62 => (typeof v === "bigint" && v <= MAX_SAFE ? Number(v) : v);
const isU53 = (v: U62) => typeof v === "number";
const even = (id: U62) => BigInt(id) % 2n === 0n;


/** Runs `write` on a reference Writer and returns every byte it wrote (chunks copied: it reuses a scratch buffer). */
async function refBytes(write: (w: Writer) => Promise<void>): Promise<Uint8Array> {
	const chunks: Uint8Array[] = [];
	const w = new Writer(new WritableStream<Uint8Array>({ write: (c) => void chunks.push(c.slice()) }));
	await write(w);
	w.close();
	await w.closed;
	return concat(chunks);
}

/** A reference Reader over fixed bytes (EOF after them). */
function refReader(bytes: Uint8Array): Reader {
	return new Reader(undefined, bytes);
}

type LegacyKind = "legacySetup" | "sessionInfo" | "announceRequest" | "announceInit" | "announce" | "subscribe" | "subscribeResponse" | "group";

function refOptions(parameters: readonly LegacyParameter[]): RefSetupOptions {
	const o = new RefSetupOptions();
	for (const { id, value } of parameters) {
		if (value instanceof Uint8Array) o.setBytes(BigInt(id), value);
		else o.setVarint(BigInt(id), BigInt(value));
	}
	return o;
}

function ourParameters(o: RefSetupOptions): LegacyParameter[] {
	const out: LegacyParameter[] = [];
	for (const [id, value] of o.vars) out.push({ id: u62(id), value: u62(value) });
	for (const [id, value] of o.bytes) out.push({ id: u62(id), value });
	return out;
}

/** The reference's encoding of `m` on `v`, exact wire bytes (type and length prefixes included). */
function refEncode<K extends LegacyKind>(kind: K, m: AnyMessageMap[K], v: Version): Promise<Uint8Array> {
	const rv = v as never;
	return refBytes(async (w) => {
		switch (kind) {
			case "legacySetup": {
				const s = m as AnyMessageMap["legacySetup"];
				if (s.type === "client") {
					await w.u53(RefClientSetup.id);
					await new RefClientSetup({ versions: s.versions.map(Number), parameters: refOptions(s.parameters) }).encode(w, DRAFT_14);
				} else {
					await w.u53(RefServerSetup.id);
					await new RefServerSetup({ version: Number(s.version), parameters: refOptions(s.parameters) }).encode(w, DRAFT_14);
				}
				return;
			}
			case "sessionInfo":
				return new RefSessionInfo((m as AnyMessageMap["sessionInfo"]).bitrate).encode(w, rv);
			case "announceRequest":
				return new RefAnnounce.AnnounceInterest((m as AnyMessageMap["announceRequest"]).prefix as never).encode(w, rv);
			case "announceInit":
				return new RefAnnounce.AnnounceInit((m as AnyMessageMap["announceInit"]).suffixes as never).encode(w, rv);
			case "announce": {
				const a = m as AnyMessageMap["announce"];
				return new RefAnnounce.Announce({ suffix: a.suffix as never, active: a.status === 1 }).encode(w, rv);
			}
			case "subscribe": {
				const s = m as AnyMessageMap["subscribe"];
				return new RefSub.Subscribe({ id: BigInt(s.id), broadcast: s.broadcast as never, track: s.track, priority: s.priority }).encode(w, rv);
			}
			case "subscribeResponse": {
				const r = m as Extract<AnyMessageMap["subscribeResponse"], { type: "ok" }>;
				return RefSub.encodeSubscribeResponse(w, { ok: new RefSub.SubscribeOk({ priority: r.priority }) }, rv);
			}
			case "group": {
				const g = m as AnyMessageMap["group"];
				return new RefGroup(BigInt(g.subscribeId), Number(g.sequence)).encode(w);
			}
		}
	});
}

/** The reference's decoding of `bytes` on `v`, mapped to our shape. */
async function refDecode(kind: LegacyKind, bytes: Uint8Array, v: Version): Promise<unknown> {
	const rv = v as never;
	const r = refReader(bytes);
	switch (kind) {
		case "legacySetup": {
			const type = await r.u53();
			if (type === RefClientSetup.id) {
				const s = await RefClientSetup.decode(r, DRAFT_14);
				return { type: "client", versions: s.versions.map((x: number) => x), parameters: ourParameters(s.parameters) };
			}
			const s = await RefServerSetup.decode(r, DRAFT_14);
			return { type: "server", version: s.version, parameters: ourParameters(s.parameters) };
		}
		case "sessionInfo":
			return { bitrate: (await RefSessionInfo.decode(r, rv)).bitrate };
		case "announceRequest":
			return { prefix: (await RefAnnounce.AnnounceInterest.decode(r, rv)).prefix, excludeHop: 0 };
		case "announceInit":
			return { suffixes: (await RefAnnounce.AnnounceInit.decode(r, rv)).suffixes };
		case "announce": {
			const a = await RefAnnounce.Announce.decode(r, rv);
			return { status: a.active ? 1 : 0, suffix: a.suffix, hops: a.hops };
		}
		case "subscribe": {
			const s = await RefSub.Subscribe.decode(r, rv);
			return { id: u62(s.id), broadcast: s.broadcast, track: s.track, priority: s.priority, ordered: false, maxLatency: 0 };
		}
		case "subscribeResponse": {
			const ok = await RefSub.SubscribeOk.decode(r, rv);
			return { type: "ok", priority: ok.priority ?? 0, ordered: false, maxLatency: 0 };
		}
		case "group": {
			const g = await RefGroup.decode(r);
			return { subscribeId: u62(g.subscribe), sequence: g.sequence };
		}
	}
}

/** Where the reference writes a u53 (or orders parameters), the random message is narrowed to match. */
function narrow(kind: LegacyKind, arb: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
	switch (kind) {
		case "legacySetup":
			return (arb as fc.Arbitrary<AnyMessageMap["legacySetup"]>)
				.filter((s) => (s.type === "client" ? s.versions.every(isU53) : isU53(s.version)))
				.map((s) => ({
					...s,
					parameters: [...s.parameters.filter((p) => even(p.id)), ...s.parameters.filter((p) => !even(p.id))],
				}));
		case "group":
			return (arb as fc.Arbitrary<AnyMessageMap["group"]>).filter((g) => isU53(g.sequence));
		default:
			return arb;
	}
}

const KINDS: LegacyKind[] = ["legacySetup", "sessionInfo", "announceRequest", "announceInit", "announce", "subscribe", "subscribeResponse", "group"];

describe("ours vs @moq/net 0.1.9 on moq-lite-01/02", () => {
	for (const kind of KINDS) {
		for (const v of LEGACY_VERSIONS) {
			test(`${kind} [${vname(v)}]: same bytes, each decodes the other's`, async () => {
				const arb = narrow(kind, LEGACY_ARBITRARIES[kind]!(v) as fc.Arbitrary<unknown>);
				await fc.assert(
					fc.asyncProperty(arb, cutsArb, async (msg, cuts) => {
						const ours = encodeMessage(kind, msg as never, v);
						const theirs = await refEncode(kind, msg as never, v);
						expect(Buffer.from(ours).toString("hex")).toBe(Buffer.from(theirs).toString("hex"));
						expect(await refDecode(kind, ours, v)).toEqual(msg);
						const d = new Ours.Decoder();
						let got: unknown;
						for (const chunk of split(theirs, cuts)) {
							expect(got).toBeUndefined();
							d.push(chunk);
							got = d.message(kind, v);
						}
						d.finish();
						expect(got).toEqual(msg);
					}),
					{ numRuns: RUNS },
				);
			});
		}
	}

	for (const v of LEGACY_VERSIONS) {
		test(`frames [${vname(v)}]: the reference's length-wrapped Frame is our timestamp-less frame`, async () => {
			await fc.assert(
				fc.asyncProperty(framesArb(v), cutsArb, async (frames, cuts) => {
					const enc = new Ours.FrameEncoder(v);
					const ours = concat(frames.flatMap((f) => [enc.header(undefined, f.payload.byteLength), f.payload]));
					const theirs = await refBytes(async (w) => {
						for (const f of frames) await new RefFrame(f.payload).encode(w);
					});
					expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
					const r = refReader(ours);
					for (const f of frames) expect(Buffer.from((await RefFrame.decode(r)).payload).equals(Buffer.from(f.payload))).toBe(true);
					const d = new Ours.Decoder();
					const got: Uint8Array[] = [];
					for (const chunk of split(theirs, cuts)) {
						d.push(chunk);
						for (const f of d.frames(v)) got.push(f.payload.slice());
					}
					d.finish();
					expect(got.map((p) => Buffer.from(p).toString("hex"))).toEqual(frames.map((f) => Buffer.from(f.payload).toString("hex")));
				}),
				{ numRuns: RUNS },
			);
		});
	}
});
