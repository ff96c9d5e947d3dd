//! TypeScript declarations for the option objects, named as the incumbent names them.
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
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

/** 0: voice call, 1: video call. */
export type ZegoInvitationType = 0 | 1;

/** A UI language. */
export type ZegoLanguage = "en-US" | "zh-CN";

/** Why a call invitation ended. */
export type CallInvitationEndReason = "Declined" | "Timeout" | "Canceled" | "Busy" | "LeaveRoom";

/** A signaling transport: carries the kit's JSON messages between users of one app. */
export interface ZegoSignalingTransport {
  /** Sends `text` to the users `to` (a routing hint; receivers check the address again). May return a Promise; a rejection marks the invitation as failed, and so does one that has not settled by the invitation's timeout. */
  send(text: string, meta: { appID: string; to: string[] }): void | Promise<unknown>;
  /** Delivers every text for `userID` to `onText`; returns a function that unsubscribes. */
  subscribe(onText: (text: string) => void, meta: { appID: string; userID: string }): () => void;
}

/** `addPlugins`' argument. */
export interface ZegoPlugins {
  /** The signaling transport; the default is a BroadcastChannel between tabs of one browser. */
  signaling?: ZegoSignalingTransport;
  /** The incumbent's ZIM plugin: accepted and not needed. */
  ZIM?: unknown;
  [plugin: string]: unknown;
}

/** The invitee list of the Invitees sidebar. */
export interface CallingInvitationListConfig {
  /** Who can be invited during the call, in order: at most 9, unique `userID`s. */
  waitingSelectUsers: ZegoUser[];
  /** Whether new rows start checked (default true). */
  defaultChecked?: boolean;
}

/** The room config: returned by `onSetRoomConfigBeforeJoining`, or passed to `joinRoom`. Other fields of the incumbent's room config are accepted and ignored. */
export interface ZegoCloudRoomConfig {
  /** The element to render into; absent: a full-viewport layer on `document.body`. */
  container?: HTMLElement | null;
  /** Show waiting tiles for invitees who have not answered yet (default true). */
  showWaitingCallAcceptAudioVideoView?: boolean;
  /** The invitee list for this call. */
  callingInvitationListConfig?: CallingInvitationListConfig;
  /** Microphone on when joining (default true). */
  turnOnMicrophoneWhenJoining?: boolean;
  /** Camera on when joining (default true; a voice call never opens the camera). */
  turnOnCameraWhenJoining?: boolean;
  /** The front camera (`facingMode: "user"`, default true), else the back one. */
  useFrontFacingCamera?: boolean;
  /**
   * The built-in media (default true): the kit captures the microphone and camera and connects
   * every member to every other (a WebRTC mesh over the kit's signaling). `false`: no capture,
   * no connection; the whole invitation UI stays, for apps with a media stack of their own.
   */
  builtInMedia?: boolean;
  /**
   * STUN/TURN servers handed to every connection (at most 8), e.g.
   * `[{ urls: "turn:turn.example.com:3478", username, credential }]`. Without them, calls
   * connect where the browsers can reach each other directly (one network).
   */
  iceServers?: RTCIceServer[];
  /**
   * How many people a call this kit starts holds, itself included (participants and pending
   * invitees together): a whole number from 2 to 50, default 10. Only the initiator's counts;
   * it travels with the call. Invitees past it are reported with the reason `"callFull"`.
   */
  maxUsers?: number;
  /** Called once joined. */
  onJoinRoom?: () => void;
  /** Called once left. */
  onLeaveRoom?: () => void;
  /** Called when users join the call. */
  onUserJoin?: (users: ZegoUser[]) => void;
  /** Called when users leave the call. */
  onUserLeave?: (users: ZegoUser[]) => void;
  [field: string]: unknown;
}

/** The call-invitation config; each `setCallInvitationConfig` merges the fields it gives. */
export interface ZegoCallInvitationConfig {
  /** Allow inviting during a call (default false). */
  canInvitingInCalling?: boolean;
  /** Only the user who started the call may invite during it (default false). */
  onlyInitiatorCanInvite?: boolean;
  /** When the initiator leaves, the call ends for everyone (default false). */
  endCallWhenInitiatorLeave?: boolean;
  /** The app draws the caller's waiting page (via `onWaitingPageWhenSending`). */
  enableCustomCallInvitationWaitingPage?: boolean;
  /** The app draws the incoming-call dialog (via `onConfirmDialogWhenReceiving`). */
  enableCustomCallInvitationDialog?: boolean;
  /** Ringtones played while ringing. */
  ringtoneConfig?: { incomingCallUrl?: string; outgoingCallUrl?: string };
  /** The UI language. */
  language?: ZegoLanguage;
  /** Called before each join; the room config it returns is used for that call. */
  onSetRoomConfigBeforeJoining?: (callType: ZegoInvitationType) => ZegoCloudRoomConfig | void;
  /** The caller's waiting page, when the app draws it. */
  onWaitingPageWhenSending?: (callType: ZegoInvitationType, callees: ZegoUser[], cancel: () => void) => void;
  /** The incoming-call dialog, when the app draws it (or there is no DOM). */
  onConfirmDialogWhenReceiving?: (callType: ZegoInvitationType, caller: ZegoUser, refuse: () => void, accept: () => void, data: string) => void;
  /** A call invitation ended. */
  onCallInvitationEnded?: (reason: CallInvitationEndReason, data: string) => void;
  /** An invitation arrived. */
  onIncomingCallReceived?: (callID: string, caller: ZegoUser, callType: ZegoInvitationType, callees: ZegoUser[]) => void;
  /** The caller cancelled the ringing invitation. */
  onIncomingCallCanceled?: (callID: string, caller: ZegoUser) => void;
  /** The ringing invitation timed out. */
  onIncomingCallTimeout?: (callID: string, caller: ZegoUser) => void;
  /** A callee accepted. */
  onOutgoingCallAccepted?: (callID: string, callee: ZegoUser) => void;
  /** A callee was busy. */
  onOutgoingCallRejected?: (callID: string, callee: ZegoUser) => void;
  /** A callee declined. */
  onOutgoingCallDeclined?: (callID: string, callee: ZegoUser) => void;
  /** Callees did not answer in time. */
  onOutgoingCallTimeout?: (callID: string, callees: ZegoUser[]) => void;
}

/** `sendCallInvitation`'s argument. */
export interface ZegoSendInvitationOptions {
  /** 1 to 9 users, unique, not the kit's own user. */
  callees: ZegoUser[];
  /** `CallKit.InvitationTypeVoiceCall` (0) or `CallKit.InvitationTypeVideoCall` (1); default video. */
  callType?: ZegoInvitationType;
  /** Seconds before the invitation times out: 1 to 600, default 60. */
  timeout?: number;
  /** App data delivered with the invitation (at most 4096 bytes). */
  data?: string;
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
