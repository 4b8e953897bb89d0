// Public object model: Origin → Broadcast → Track → Group → Frame, with on-demand handlers at every level.
export { Pool, type ModelOptions } from "./context.js";
export { type Clock, ManualClock } from "./clock.js";
export { Engine } from "../wasm/engine.js";
export type { WaitOptions } from "./notify.js";
export { DEFAULT_TRACK_INFO, type TrackInfo, type SubscribeOptions, type Subscription, type Timestamp } from "./info.js";
export { type Frame, GroupProducer, GroupConsumer } from "./group.js";
export { type Datagram, MAX_DATAGRAM_AGE, MAX_DATAGRAM_BYTES } from "./datagram.js";
export { TrackProducer, TrackConsumer, type FetchOptions } from "./track.js";
export { TrackSubscriber } from "./subscriber.js";
export { TrackDynamic, GroupRequest } from "./track-dynamic.js";
export { TrackRequest } from "./track-request.js";
export { BroadcastProducer, BroadcastConsumer, type OriginId } from "./broadcast.js";
export { BroadcastDynamic } from "./broadcast-dynamic.js";
export { OriginProducer, OriginConsumer } from "./origin.js";
export { OriginDynamic, BroadcastRequest } from "./origin-dynamic.js";
export { AnnouncedConsumer, type Announcement } from "./announced.js";
