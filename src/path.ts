// Broadcast paths: "/"-separated segments, normalized so "a//b/" and "/a/b" name the same broadcast, and
// prefix matching on whole segments ("a/b" is under "a" but "ab" is not).
import { BoundsExceededError } from "./error.js";

/** The most segments a path may have (spec §5.7). */
export const MAX_PATH_SEGMENTS = 32;

/** Drops empty segments (leading, trailing and doubled slashes); throws BoundsExceededError past 32 segments. */
export function normalizePath(path: string): string {
	const segments = path.split("/").filter((s) => s.length > 0);
	if (segments.length > MAX_PATH_SEGMENTS) {
		throw new BoundsExceededError(`path has ${segments.length} segments, more than ${MAX_PATH_SEGMENTS}`);
	}
	return segments.join("/");
}

/** Joins two normalized paths (either may be empty). */
export function joinPath(prefix: string, suffix: string): string {
	return normalizePath(prefix.length === 0 ? suffix : suffix.length === 0 ? prefix : `${prefix}/${suffix}`);
}

/** Whether a normalized path is the prefix itself or lies below it, segment-wise. */
export function hasPrefix(path: string, prefix: string): boolean {
	return prefix.length === 0 || path === prefix || (path.startsWith(prefix) && path.charCodeAt(prefix.length) === 47);
}

/** The part of a normalized path below the prefix, or undefined when it is not under it. */
export function stripPrefix(path: string, prefix: string): string | undefined {
	if (!hasPrefix(path, prefix)) return undefined;
	return prefix.length === 0 ? path : path.slice(prefix.length + 1);
}
