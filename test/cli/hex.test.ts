// The built CLI (dist/cli.js) round-trips messages between JSON and hex and reports bad input with typed codes.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const cli = (...args: string[]) => run(process.execPath, ["dist/cli.js", ...args]);

describe("moqwire encode/decode", () => {
	it("encodes a SUBSCRIBE to the spec's bytes and decodes them back", async () => {
		const json = '{"id":5,"broadcast":"a","track":"v","priority":0,"ordered":true,"maxLatency":0,"startGroup":10,"endGroup":20}';
		const { stdout } = await cli("encode", "subscribe", json);
		expect(stdout.trim()).toBe("0a 05 01 61 01 76 00 01 00 0b 15");
		const decoded = await cli("decode", "subscribe", stdout.trim());
		expect(JSON.parse(decoded.stdout)).toEqual(JSON.parse(json));
	});

	it("keeps u62 values above 2^53 exact", async () => {
		const { stdout } = await cli("encode", "probe", '{"bitrate":1000000,"rtt":40}', "--version", "04");
		expect(stdout.trim()).toBe("05 80 0f 42 40 28");
		const big = await cli("encode", "announceOk", '{"origin":"4611686018427387903","activeCount":0}');
		const back = await cli("decode", "announceOk", big.stdout.trim());
		expect(JSON.parse(back.stdout).origin).toBe("4611686018427387903");
	});

	it("reports truncated and trailing bytes as decode errors (code 0, Internal)", async () => {
		await expect(cli("decode", "trackInfo", "06 00 00 53 88 43")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("(Internal, 0)") });
		await expect(cli("decode", "trackInfo", "07 00 00 53 88 43 e8 00")).rejects.toMatchObject({ stderr: expect.stringContaining("(Internal, 0)") });
	});
});
