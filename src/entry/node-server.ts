// `moqwire/node`: the Node entry plus the Node-only servers.
export * from "./node.js";
export * from "../node/index.js";
