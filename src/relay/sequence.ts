// A group sequence as users write it (a URL's ?group=, the CLI's --group): a whole number up to 2^53 - 1, shown as
// given when refused, never rounded.
export function parseSequence(text: string): number {
	const n = Number(text);
	if (!/^\d+$/.test(text)) throw new RangeError(`group must be a whole number, got ${JSON.stringify(text)}`);
	if (!Number.isSafeInteger(n)) throw new RangeError(`group ${text} is beyond the largest supported, 2^53 - 1`);
	return n;
}
