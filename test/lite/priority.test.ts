import { expect, test } from "vitest";
import { sendOrder } from "../../src/lite/priority.js";

test("send order: subscriber priority first, then newest first (oldest first when ordered), below control streams", () => {
	expect(sendOrder(10, 0, false)).toBeGreaterThan(sendOrder(9, 100, false));
	expect(sendOrder(0, 5, false)).toBeGreaterThan(sendOrder(0, 4, false));
	expect(sendOrder(0, 4, true)).toBeGreaterThan(sendOrder(0, 5, true));
	for (const o of [sendOrder(255, 2 ** 45, false), sendOrder(255, 0, true), sendOrder(0, 0, false)]) {
		expect(o).toBeLessThan(0);
		expect(Number.isSafeInteger(o)).toBe(true);
	}
});
