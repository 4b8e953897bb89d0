// `moqwire token`: keys and tokens the reference's tools read, and the reverse.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as MoqToken from "@moq/token";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const cli = async (...args: string[]) => (await exec(process.execPath, ["dist/cli.js", ...args])).stdout.trim();
const dir = mkdtempSync(join(tmpdir(), "moqwire-token-"));

describe("moqwire token", () => {
	it("signs the spec's vector token from the base64url key file, byte for byte", async () => {
		const key = join(dir, "vector.jwk");
		writeFileSync(
			key,
			"eyJrdHkiOiJvY3QiLCJhbGciOiJIUzI1NiIsImsiOiJiVzl4ZDJseVpTQjBaWE4wSUhabFkzUnZjaUJyWlhrZ0xTMGdNeklnWW5rIiwia2lkIjoibW9xd2lyZS10ZXN0LTEiLCJrZXlfb3BzIjpbInNpZ24iLCJ2ZXJpZnkiXX0",
		);
		const token = await cli("token", "sign", "--key", key, "--root", "demo", "--publish", "alice", "--subscribe", "", "--issued", "1760000000", "--expires", "4102444800");
		expect(token).toBe(
			"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Im1vcXdpcmUtdGVzdC0xIn0.eyJyb290IjoiZGVtbyIsInB1dCI6WyJhbGljZSJdLCJnZXQiOlsiIl0sImlhdCI6MTc2MDAwMDAwMCwiZXhwIjo0MTAyNDQ0ODAwfQ.NBKRxLiJ48ZG0855lsNGolOQewajEih7_ADtU50nDh8",
		);
	});

	it.each(["HS256", "ES256", "EdDSA"])("generates %s keys whose tokens @moq/token verifies, and verifies its tokens", async (alg) => {
		const priv = join(dir, `${alg}.jwk`);
		const pub = join(dir, `${alg}.pub.jwk`);
		await cli("token", "generate", "--algorithm", alg, "--id", `k-${alg}`, "--out", priv, ...(alg === "HS256" ? [] : ["--public", pub]));
		expect(statSync(priv).mode & 0o777).toBe(0o600);
		const token = await cli("token", "sign", "--key", priv, "--root", "room", "--subscribe", "");
		const theirs = alg === "HS256" ? MoqToken.load(readFileSync(priv, "utf8")) : MoqToken.loadPublic(readFileSync(pub, "utf8"));
		expect(await MoqToken.verify(theirs, token, "room")).toMatchObject({ root: "room", get: [""] });
		// And back: their token, our verify, with the grant at a path.
		const signed = await MoqToken.sign(MoqToken.load(readFileSync(priv, "utf8")), { root: "room", put: ["me"] });
		const verifyKey = alg === "HS256" ? priv : pub;
		const file = join(dir, `${alg}.token`);
		writeFileSync(file, signed);
		expect(JSON.parse(await cli("token", "verify", "--key", verifyKey, "--in", file, "--path", "/room/me"))).toEqual({ root: "room/me", publish: [""], subscribe: [] });
	});

	it("runs README's token example as written", async () => {
		const block = /```sh token\n([\s\S]*?)```/.exec(readFileSync("README.md", "utf8"))![1]!;
		const cwd = mkdtempSync(join(tmpdir(), "moqwire-readme-token-"));
		const script = block.replace(/^moqwire /gm, `"${process.execPath}" "${join(process.cwd(), "dist/cli.js")}" `);
		const { stdout } = await exec("sh", ["-e", "-c", script], { cwd });
		expect(JSON.parse(stdout)).toMatchObject({ root: "demo", publish: ["alice"], subscribe: [""], expires: 4102444800_000 });
	});

	it("refuses a token that grants nothing, and misuse, in one line with exit 2", async () => {
		const key = join(dir, "HS256.jwk");
		const err = await exec(process.execPath, ["dist/cli.js", "token", "sign", "--key", key]).catch((e: { code: number; stderr: string }) => e);
		expect(err).toMatchObject({ code: 2, stderr: "moqwire token sign: give --publish or --subscribe (or both): a token must grant something\n" });
		const bad = await exec(process.execPath, ["dist/cli.js", "token", "frob"]).catch((e: { code: number; stderr: string }) => e);
		expect(bad).toMatchObject({ code: 2, stderr: 'moqwire: unknown command "token frob" (see moqwire --help)\n' });
	});
});
