//! TypeScript declarations for the option objects, named as the incumbent names them. The room
//! config is in `types_room.rs`, the `CallKit` class in `types_kit.rs`, the enums' runtime
//! objects in `enums.rs`.
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
// Only what is declared `export` is exported: the incumbent's types that the room config
// mentions (types_room.rs) are exported as types only, and have no runtime value here.
export {};

/** A user: `userID` is the app's identifier, unique within the app. */
export interface ZegoUser {
  /** The app's identifier for the user (1 to 128 bytes). */
  userID: string;
  /** The name shown in the UI; the ID when absent. */
  userName?: string;
  /** An avatar URL: only http(s) and `data:image/` URLs are shown. */
  avatar?: string;
}

/** `CallKit.create`'s object form. */
export interface ZegoKitInit {
  /** The app ID: messages of other apps are ignored. */
  appID: number | string;
  /** This kit's user. */
  userID: string;
  /** This kit's user's name. */
  userName?: string;
  /** The room `joinRoom` joins. */
  roomID?: string;
}

/**
 * `CallKit.create`'s second argument, the incumbent's: its media cloud's proxy and noise
 * suppression. Accepted and not read: there is no media cloud.
 */
export interface ZegoUIKitCreateConfig {
  /** The incumbent's cloud proxies: not read. */
  cloudProxyConfig?: { proxyList: { hostName: string; port?: number }[] };
  /** The incumbent's AI noise suppression: not read. */
  AiDenoiseConfig?: { mode: AiDenoiseMode };
}

/**
 * A call's type, as `callType` gives it: `ZegoInvitationType.VoiceCall` (0) or
 * `ZegoInvitationType.VideoCall` (1); `CallKit.InvitationTypeVoiceCall` and
 * `CallKit.InvitationTypeVideoCall` are the same values. A frozen object at runtime, with the
 * reverse mapping of a TypeScript enum (`ZegoInvitationType[1] === "VideoCall"`).
 *
 * Declared as the incumbent declares it, `VideoCall` without an initializer: the compiler then
 * takes its value as computed, and this type and the incumbent's are assignable to each other
 * (a constant `VideoCall = 1` would make them incompatible both ways). As with the incumbent's,
 * the compiler therefore accepts any number where a `ZegoInvitationType` goes; the kit refuses
 * anything but 0 and 1 with a `RangeError` naming `callType`.
 */
export declare enum ZegoInvitationType {
  /** A voice call: 0. The camera is never opened. */
  VoiceCall = 0,
  /** A video call: 1. */
  VideoCall,
}

/**
 * The UI languages, as the incumbent names them: `ZegoUIKitLanguage.ENGLISH` is `"en-US"`,
 * `ZegoUIKitLanguage.CHS` is `"zh-CN"`. A frozen object at runtime. Where the kit takes a
 * language (`setLanguage`, the call-invitation config's `language`), the plain tags work too.
 */
export declare enum ZegoUIKitLanguage {
  /** Simplified Chinese: `"zh-CN"`. */
  CHS = "zh-CN",
  /** English: `"en-US"`. */
  ENGLISH = "en-US",
}

/** A UI language tag: `"en-US"` or `"zh-CN"` (or a `ZegoUIKitLanguage` member). */
export type ZegoLanguage = "en-US" | "zh-CN";

/**
 * Why a call invitation ended: `"Declined"`, `"Timeout"`, `"Canceled"`, `"Busy"` or
 * `"LeaveRoom"`. Declared as the incumbent declares it, an enum of these strings, so that a
 * callback typed with the incumbent's `CallInvitationEndReason` fits `onCallInvitationEnded`;
 * exported as a type only (there is no runtime object): compare it with the strings,
 * `reason === "Declined"`.
 */
declare enum CallInvitationEndReason {
  Declined = "Declined",
  Timeout = "Timeout",
  Canceled = "Canceled",
  Busy = "Busy",
  LeaveRoom = "LeaveRoom",
}
export type { CallInvitationEndReason };

/**
 * Cancels the invitation (handed to `onWaitingPageWhenSending`). `data` (at most 4096 bytes)
 * reaches the callee's `onCallInvitationEnded("Canceled", data)`. Only the first answer counts.
 */
export type CancelCallInvitationFunc = (data?: string) => void;
/** Accepts the ringing invitation (handed to `onConfirmDialogWhenReceiving`). `data` (at most 4096 bytes) reaches the caller's `onOutgoingCallAccepted(callID, callee, data)`. */
export type AcceptCallInvitationFunc = (data?: string) => void;
/** Declines the ringing invitation (handed to `onConfirmDialogWhenReceiving`). `data` (at most 4096 bytes) reaches the caller's `onOutgoingCallDeclined(callID, callee, data)` and `onCallInvitationEnded("Declined", data)`. */
export type RefuseCallInvitationFunc = (data?: string) => void;

/**
 * A signaling transport: carries the kit's JSON messages between users of one app. `token` is
 * the server token of a kit token made by `CallKit.generateKitTokenForProduction` (absent with
 * a test token): the credential a transport that logs in can use.
 */
export interface ZegoSignalingTransport {
  /** Sends `text` to the users `to` (a routing hint; receivers check the address again). May return a Promise; a rejection marks the invitation as failed, and so does one that has not settled by the invitation's timeout. */
  send(text: string, meta: { appID: string; to: string[]; token?: string }): void | Promise<unknown>;
  /** Delivers every text for `userID` to `onText`; returns a function that unsubscribes. */
  subscribe(onText: (text: string) => void, meta: { appID: string; userID: string; token?: string }): () => void;
}

/**
 * The call's media as the kit hands it to a media engine: after every change while this kit is
 * in a joined call (members joining or leaving, the camera turned off or on again), and only
 * once the call's media key is known.
 */
export interface MediaEngineCall {
  /** The call ID (the room ID). */
  callID: string;
  /** This kit's user. */
  userID: string;
  /**
   * A secret of the call, told only to its members (never in an invitation): name and lock the
   * call's room on a media server with it, so that knowing the call ID is not enough.
   */
  mediaKey: string;
  /** A video call. */
  video: boolean;
  /** The call's size limit (the initiator's `maxUsers`, default 10). */
  maxUsers: number;
  /** This kit's captured tracks: publish them, following the tracks it holds now (the camera's
   * track leaves it while the camera is off, and a new one comes back). */
  stream: MediaStream;
  /** The other members, each with a stream for the engine to fill with the tracks it receives
   * from them (the kit's tiles show these streams). Anyone else must not be received. */
  members: { userID: string; stream: MediaStream }[];
  /** The room config's `iceServers`, when it gives them. */
  iceServers?: RTCIceServer[];
}

/**
 * A media engine: carries the call's audio and video instead of the built-in mesh, such as
 * `janusMedia` of `callkit-invite/janus` (the Janus VideoRoom). The kit keeps the capture, the
 * tiles and the membership.
 */
export interface MediaEngine {
  /** The call's media as it is now; called again on every change, so it must be idempotent. A throw is reported with `console.error`. */
  update(call: MediaEngineCall): void;
  /** This kit's media of the call is over (left, ended, destroyed, or the engine replaced): stop publishing and receiving. */
  leave(): void;
}

/** `addPlugins`' argument. */
export interface ZegoPlugins {
  /** The signaling transport; the default is a BroadcastChannel between tabs of one browser. */
  signaling?: ZegoSignalingTransport;
  /** The media engine; `null`: the built-in mesh (the default). Replacing it during a call starts the call's media over. */
  media?: MediaEngine | null;
  /** The incumbent's ZIM plugin: accepted and not needed. */
  ZIM?: unknown;
  /** The incumbent's whiteboard plugin: accepted and not read. */
  ZegoSuperBoardManager?: unknown;
  [plugin: string]: unknown;
}

/** The invitee list of the Invitees sidebar. */
export interface CallingInvitationListConfig {
  /** Who can be invited during the call, in order: at most 9, unique `userID`s. */
  waitingSelectUsers: ZegoUser[];
  /** Whether new rows start checked (default true). */
  defaultChecked?: boolean;
}

/** The call-invitation config; each `setCallInvitationConfig` merges the fields it gives. */
export interface ZegoCallInvitationConfig {
  /** Allow inviting during a call (default false). */
  canInvitingInCalling?: boolean;
  /** Only the user who started the call may invite during it (default false). */
  onlyInitiatorCanInvite?: boolean;
  /** When the initiator leaves, the call ends for everyone (default false). */
  endCallWhenInitiatorLeave?: boolean;
  /** The app draws the caller's waiting page: the built-in "Calling…" page does not show. */
  enableCustomCallInvitationWaitingPage?: boolean;
  /** The app draws the incoming-call dialog: the built-in one does not show. */
  enableCustomCallInvitationDialog?: boolean;
  /** The incumbent's push notifications: accepted and not read (there is no push service). */
  enableNotifyWhenAppRunningInBackgroundOrQuit?: boolean;
  /** Ringtones played while ringing. */
  ringtoneConfig?: { incomingCallUrl?: string; outgoingCallUrl?: string };
  /** The UI language: `"en-US"` or `"zh-CN"`, or `ZegoUIKitLanguage.ENGLISH` / `.CHS`. */
  language?: ZegoLanguage;
  /** Called before each join; the room config it returns is used for that call. */
  onSetRoomConfigBeforeJoining?: (callType: ZegoInvitationType) => ZegoCloudRoomConfig | void;
  /** A 1:1 call is ringing: called whenever given (the built-in page shows too, unless `enableCustomCallInvitationWaitingPage`). */
  onWaitingPageWhenSending?: (callType: ZegoInvitationType, callees: ZegoUser[], cancel: CancelCallInvitationFunc) => void;
  /** An invitation rings here: called whenever given (the built-in dialog shows too, unless `enableCustomCallInvitationDialog` or there is no DOM); the first answer counts, the app's or the dialog's. */
  onConfirmDialogWhenReceiving?: (callType: ZegoInvitationType, caller: ZegoUser, refuse: RefuseCallInvitationFunc, accept: AcceptCallInvitationFunc, data: string) => void;
  /** A call invitation ended. */
  onCallInvitationEnded?: (reason: CallInvitationEndReason, data: string) => void;
  /** An invitation arrived. */
  onIncomingCallReceived?: (callID: string, caller: ZegoUser, callType: ZegoInvitationType, callees: ZegoUser[]) => void;
  /** The caller cancelled the ringing invitation. */
  onIncomingCallCanceled?: (callID: string, caller: ZegoUser) => void;
  /** The ringing invitation timed out. */
  onIncomingCallTimeout?: (callID: string, caller: ZegoUser) => void;
  /** A callee accepted; `data`: its `accept(data)`, else `""`. */
  onOutgoingCallAccepted?: (callID: string, callee: ZegoUser, data?: string) => void;
  /** A callee was busy. */
  onOutgoingCallRejected?: (callID: string, callee: ZegoUser) => void;
  /** A callee declined; `data`: its `refuse(data)`, else `""`. */
  onOutgoingCallDeclined?: (callID: string, callee: ZegoUser, data?: string) => void;
  /** Callees did not answer in time. */
  onOutgoingCallTimeout?: (callID: string, callees: ZegoUser[]) => void;
  /** The incumbent's token expiry warning: accepted and never called (kit tokens do not expire). */
  onTokenWillExpire?: () => void;
}

/**
 * The incumbent's offline-push settings for an invitation: accepted and not read (there is no
 * push service: a user who is offline misses the invitation, which times out as usual).
 */
export interface ZegoSignalingPluginNotificationConfig {
  /** The push resource ID: not read. */
  resourcesID?: string;
  /** The notification's title: not read. */
  title?: string;
  /** The notification's text: not read. */
  message?: string;
}

/** `sendCallInvitation`'s argument. */
export interface ZegoSendInvitationOptions {
  /** 1 to 9 users, unique, not the kit's own user. */
  callees: ZegoUser[];
  /** `ZegoInvitationType.VoiceCall` (0) or `ZegoInvitationType.VideoCall` (1); default video. */
  callType?: ZegoInvitationType;
  /** Seconds before the invitation times out: 1 to 600, default 60. */
  timeout?: number;
  /** App data delivered with the invitation (at most 4096 bytes). */
  data?: string;
  /**
   * The room ID of the call this invitation starts (at most 160 bytes; `""` is as none); ignored
   * when inviting into the current call. Default: `call_` and 32 random hex digits. Only the
   * invited get in, whatever the ID; still, prefer one that others cannot guess.
   */
  roomID?: string;
  /** The incumbent's offline push: accepted and not read (no push service). */
  notificationConfig?: ZegoSignalingPluginNotificationConfig;
}

/** A user `sendCallInvitation` did not invite. */
export interface ZegoErrorInvitee extends ZegoUser {
  /**
   * `"inCall"`: already in the call; `"calling"`: already invited; `"sendFailed"`: the transport's
   * `send` failed, or had not settled by the invitation's `timeout` or by `destroy()`;
   * `"callFull"`: the call holds as many people as its `maxUsers` allows.
   */
  reason: "inCall" | "calling" | "sendFailed" | "callFull";
}

/** `sendCallInvitation`'s result. */
export interface ZegoSendInvitationResult {
  /** Who could not be invited, each with a reason. */
  errorInvitees: ZegoErrorInvitee[];
}
"#;
