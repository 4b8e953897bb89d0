// Send order of group and fetch streams (W3C: higher first). Control streams keep the default 0, so every
// data stream sits below them; among data, subscriber priority first, then newest first (oldest if ordered).
const SPAN = 2 ** 40;

export function sendOrder(priority: number, sequence: number, ordered: boolean): number {
	const s = Math.min(sequence, SPAN - 1);
	const position = ordered ? s : SPAN - 1 - s;
	return -((255 - priority) * SPAN + position + 1);
}
