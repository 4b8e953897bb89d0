// @moq/qmux calls Promise.withResolvers (ES2024), which Node 20 lacks. Install the standard behaviour only where
// it is missing, right before the first QMux session is built, so importing moqwire changes no globals.

type WithResolvers = <T>() => { promise: Promise<T>; resolve: (value: T) => void; reject: (reason?: unknown) => void };

export function ensurePromiseWithResolvers(): void {
	const P = Promise as unknown as { withResolvers?: WithResolvers };
	if (P.withResolvers) return;
	P.withResolvers = function withResolvers<T>() {
		let resolve!: (value: T) => void;
		let reject!: (reason?: unknown) => void;
		const promise = new Promise<T>((res, rej) => {
			resolve = res;
			reject = rej;
		});
		return { promise, resolve, reject };
	};
}
