// Wire codec exports (see assembly/codec/*).
export function codecVersion(): i32 { return 1; }
