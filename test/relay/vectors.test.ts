// The reference's token scheme, checked against relay-ops.md §1.8 (grant scoping) and §1.9 (test vectors): our
// verifier accepts what @moq/token makes and refuses what the reference refuses; our signer writes the vector bytes.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as MoqToken from "@moq/token";
import { describe, expect, it } from "vitest";
import { Auth, verifyToken } from "../../src/relay/auth.js";
import { AuthError, authorize } from "../../src/relay/authorize.js";
import { importKey, parseJwk } from "../../src/relay/keys.js";
import { generateKey, signToken } from "../../src/relay/token.js";

const HS_JSON = '{"kty":"oct","alg":"HS256","k":"bW9xd2lyZSB0ZXN0IHZlY3RvciBrZXkgLS0gMzIgYnk","kid":"moqwire-test-1","key_ops":["sign","verify"]}';
const HS_BASE64 =
	"eyJrdHkiOiJvY3QiLCJhbGciOiJIUzI1NiIsImsiOiJiVzl4ZDJseVpTQjBaWE4wSUhabFkzUnZjaUJyWlhrZ0xTMGdNeklnWW5rIiwia2lkIjoibW9xd2lyZS10ZXN0LTEiLCJrZXlfb3BzIjpbInNpZ24iLCJ2ZXJpZnkiXX0";
const TOKEN_A =
	"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Im1vcXdpcmUtdGVzdC0xIn0.eyJyb290IjoiZGVtbyIsInB1dCI6WyJhbGljZSJdLCJnZXQiOlsiIl0sImlhdCI6MTc2MDAwMDAwMCwiZXhwIjo0MTAyNDQ0ODAwfQ.NBKRxLiJ48ZG0855lsNGolOQewajEih7_ADtU50nDh8";
const EXPIRED =
	"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Im1vcXdpcmUtdGVzdC0xIn0.eyJyb290IjoiZGVtbyIsImdldCI6WyIiXSwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDM2MDB9.hyjmxBKLWssZAmUculkf6LXuw5Ch5aXSz6CS6AxWyac";
const PATTERN =
	"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Im1vcXdpcmUtdGVzdC0xIn0.eyJyb290IjoiZGVtbyIsInB1Ymxpc2giOlsiYWxpY2UiXSwic3Vic2NyaWJlIjpbIioqIl0sImlhdCI6MTc2MDAwMDAwMCwiZXhwIjo0MTAyNDQ0ODAwfQ.0X-MNgHerMy_I84M631hw5ry18TYs2iS7m8izmxzin4";
const ES_PUBLIC = '{"kty":"EC","x":"iEqSc0HZi9y4FeloyYIBaoTC6fq9OSsyXh6yKPwNumE","y":"HAj-BPS1s0mxDamLs-NN3ffv4dTQ_kEosoYyT0Ww8Bc","crv":"P-256","alg":"ES256","kid":"moqwire-es-1","key_ops":["verify"]}';
const ES_TOKEN =
	"eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Im1vcXdpcmUtZXMtMSJ9.eyJyb290Ijoicm9vbXMvMTIzIiwicHV0IjoiYWxpY2UiLCJnZXQiOiIiLCJleHAiOjQxMDI0NDQ4MDB9.iFV4yGIKjzqxWwEizuakGd_bMiOiv-xrxeW2oeIjc-tNAGgEv3yxIQJXRhbXblZEWf7BA8P3QRx06LJ91x1huw";

const dir = mkdtempSync(join(tmpdir(), "moqwire-keys-"));
function file(name: string, text: string): string {
	const path = join(dir, name);
	writeFileSync(path, text);
	return path;
}

describe("token vectors (relay-ops.md §1.9)", () => {
	it("reads the HS256 key in both file forms, as @moq/token does", async () => {
		expect(parseJwk(HS_BASE64, "b64")).toEqual(parseJwk(HS_JSON, "json"));
		expect(MoqToken.load(HS_JSON)).toMatchObject({ alg: "HS256", kid: "moqwire-test-1" });
	});

	it("signs token A to exactly the vector's bytes", async () => {
		const key = await importKey(parseJwk(HS_JSON, "k"), "k");
		expect(await signToken(key, { root: "demo", put: ["alice"], get: [""], iat: 1760000000, exp: 4102444800 })).toBe(TOKEN_A);
	});

	it("verifies token A and the ES256 token, refuses the expired and the pattern-form ones", async () => {
		const hs = await importKey(parseJwk(HS_JSON, "k"), "k");
		expect(await verifyToken(hs, TOKEN_A)).toEqual({ root: "demo", put: ["alice"], get: [""], exp: 4102444800 });
		await expect(verifyToken(hs, EXPIRED)).rejects.toThrow(/expired/);
		// put/get absent: grants nothing, so the relay refuses it at any path.
		const pattern = await verifyToken(hs, PATTERN);
		expect(() => authorize(pattern, "/demo")).toThrow(AuthError);
		const es = await importKey(parseJwk(ES_PUBLIC, "es"), "es");
		expect(authorize(await verifyToken(es, ES_TOKEN), "/rooms/123")).toEqual({ root: "rooms/123", publish: ["alice"], subscribe: [""], expires: 4102444800_000 });
	});

	it("accepts tokens @moq/token signs, with its keys; refuses another key's", async () => {
		const theirs = await MoqToken.generate("HS256", "their-kid");
		const token = await MoqToken.sign(theirs, { root: "live", get: [""] });
		const auth = await Auth.load({ key: file("theirs.jwk", JSON.stringify(theirs)) });
		expect(await auth.grant("/live/x", token)).toMatchObject({ root: "live/x", publish: [], subscribe: [""] });
		const other = await Auth.load({ key: file("other.jwk", JSON.stringify((await generateKey("HS256")).private)) });
		await expect(other.grant("/live", token)).rejects.toThrow(/does not verify/);
	});

	it("finds keys by kid in a directory, read per connection", async () => {
		const keyDir = mkdtempSync(join(dir, "dir-"));
		const auth = await Auth.load({ keyDir });
		await expect(auth.grant("/demo", TOKEN_A)).rejects.toThrow(/no key moqwire-test-1/);
		writeFileSync(join(keyDir, "moqwire-test-1.jwk"), HS_BASE64);
		expect(await auth.grant("/demo", TOKEN_A)).toMatchObject({ root: "demo", publish: ["alice"], subscribe: [""] });
	});
});

describe("grant scoping (relay-ops.md §1.8)", () => {
	const A = { root: "demo", put: ["alice"], get: [""] };
	it.each([
		["/demo", { root: "demo", publish: ["alice"], subscribe: [""] }],
		["/", { root: "", publish: ["demo/alice"], subscribe: ["demo"] }],
		["/demo/alice", { root: "demo/alice", publish: [""], subscribe: [""] }],
		["/demo/bob", { root: "demo/bob", publish: [], subscribe: [""] }],
	])("token A at %s", (path, grant) => expect(authorize(A, path)).toEqual(grant));

	it.each(["/other", "/demofoo"])("token A at %s is refused", (path) => expect(() => authorize(A, path)).toThrow(/does not cover/));

	it("token B subscribes under live only; public anon opens anon only, and no JWT falls back to it", async () => {
		const B = { root: "", put: [], get: ["live"] };
		expect(authorize(B, "/live/x")).toEqual({ root: "live/x", publish: [], subscribe: [""] });
		expect(authorize(B, "/")).toEqual({ root: "", publish: [], subscribe: ["live"] });
		expect(() => authorize(B, "/vod")).toThrow(/no publish or subscribe grant/);
		const auth = await Auth.load({ key: file("c.jwk", HS_JSON), public: ["anon"] });
		expect(await auth.grant("/anon/room", undefined)).toEqual({ root: "anon/room", publish: [""], subscribe: [""] });
		expect(await auth.grant("/", undefined)).toEqual({ root: "", publish: ["anon"], subscribe: ["anon"] });
		await expect(auth.grant("/secret", undefined)).rejects.toThrow(AuthError);
		for (const path of ["/anon/room", "/", "/secret"]) await expect(auth.grant(path, "garbage")).rejects.toThrow(AuthError);
	});

	it("a relay with no key refuses any JWT, and one with nothing configured is open", async () => {
		const open = await Auth.load({});
		expect(open.open).toBe(true);
		expect(await open.grant("/x", undefined)).toEqual({ root: "x", publish: [""], subscribe: [""] });
		await expect(open.grant("/x", TOKEN_A)).rejects.toThrow(/verifies no tokens/);
	});
});
