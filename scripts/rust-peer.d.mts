// Types for scripts/rust-peer.mjs (a plain Node script, so CI can run it before anything is built).
export interface RustPin {
	crate: string;
	version: string;
	features: string[];
}
export const PINS: readonly RustPin[];
export function cacheDir(): string;
export function binaryPath(pin: RustPin): string;
