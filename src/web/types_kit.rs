//! The TypeScript declaration of the `CallKit` class, written here rather than generated
//! (call_kit.rs is `skip_typescript`): wasm-bindgen would declare `[Symbol.dispose]`, which
//! needs the `esnext.disposable` lib that apps do not always have, and could not give the
//! incumbent's optional arguments. tests/node/typecheck.test.mjs checks that it declares what
//! the class has at runtime, no more and no less.
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const CALL_KIT: &'static str = r#"
/**
 * A call kit for one user of one app: the invitation lifecycle, its UI and its signaling. The
 * incumbent's `ZegoUIKitPrebuilt`: `import { CallKit as ZegoUIKitPrebuilt } from "callkit-invite"`.
 */
export class CallKit {
  private constructor();
  /**
   * Creates a kit from a kit token (`generateKitTokenForTest`, `generateKitTokenForProduction`)
   * or from `{ appID, userID, userName }`, and subscribes to the default BroadcastChannel
   * transport. Renders into the page when there is a DOM; headless (callbacks only) without.
   * `createConfig`, the incumbent's (its media cloud's proxy and noise suppression), is
   * accepted and not read. A bad token is a `TypeError` naming `token`.
   */
  static create(token: string | ZegoKitInit, createConfig?: ZegoUIKitCreateConfig): CallKit;
  /**
   * Makes a kit token for tests and demos. It is readable by anyone and is not a credential:
   * `serverSecret` is only checked for presence. `roomID` may be `null` or empty (each call
   * then makes its own room). `userName` defaults to `userID`. `expirationSeconds`, the
   * incumbent's, is accepted and not read: a kit token does not expire.
   */
  static generateKitTokenForTest(appID: number | string, serverSecret: string, roomID: string | null | undefined, userID: string, userName?: string, expirationSeconds?: number): string;
  /**
   * Makes a kit token around `token`, a token your server issued to this user after sign-in
   * (at most 4096 bytes). The kit hands it to its signaling transport, as the `token` of
   * `subscribe`'s and `send`'s second argument: `natsSignaling` logs in with it (token auth)
   * when it was given no credentials of its own. The kit token is readable by anyone who holds
   * it: it is the user's own credential, as `token` is. `roomID` and `userName` as in
   * `generateKitTokenForTest`.
   */
  static generateKitTokenForProduction(appID: number | string, token: string, roomID: string | null | undefined, userID: string, userName?: string): string;
  /** The package version. */
  static getVersion(): string;
  /** `callType` of a voice call: `ZegoInvitationType.VoiceCall` (0). */
  static readonly InvitationTypeVoiceCall: ZegoInvitationType;
  /** `callType` of a video call: `ZegoInvitationType.VideoCall` (1). */
  static readonly InvitationTypeVideoCall: ZegoInvitationType;
  /**
   * Plugs in a signaling transport (`{ signaling: { send, subscribe } }`) and a media engine
   * (`{ media: janusMedia({ servers }) }`). Both are checked before either changes. Nothing, or
   * the incumbent's `{ ZIM }` plugin, changes nothing.
   */
  addPlugins(plugins?: ZegoPlugins): void;
  /**
   * Merges a call-invitation config into the current one, field by field (flags,
   * `ringtoneConfig`, `language`, callbacks). Nothing changes nothing.
   */
  setCallInvitationConfig(config?: ZegoCallInvitationConfig): void;
  /**
   * Invites `callees` (1 to 9 users): starts a call (in the room `roomID`, or a new one), or
   * invites into the current one. Resolves with `{ errorInvitees }`: the users not invited,
   * each with a `reason` (`"inCall"`, `"calling"`, `"sendFailed"` or `"callFull"`), once the
   * transport has taken the invitation. A transport that has not settled its send by the
   * invitation's `timeout`, or by `destroy`, fails it: every invitee is `"sendFailed"` then.
   * Rejects with a `CallKitError` whose `code` says why: `Error("Only initiator can invite")`
   * (`ONLY_INITIATOR_CAN_INVITE`) when the call's policy forbids it, a `TypeError` or
   * `RangeError` naming the field (`INVALID_ARGUMENT`) for bad options.
   */
  sendCallInvitation(options: ZegoSendInvitationOptions): Promise<ZegoSendInvitationResult>;
  /**
   * Replaces the invitee list: rows still present keep their checked state, new rows take
   * `defaultChecked`. Before a call, sets the list the next call starts with.
   */
  updateCallingInvitationListConfig(config: CallingInvitationListConfig): void;
  /**
   * Joins the token's room directly (or a new `room_<32 hex>`), as its initiator. The room
   * config's `maxUsers` (2 to 50, default 10) sizes a call its initiator starts.
   */
  joinRoom(roomConfig?: ZegoCloudRoomConfig): void;
  /**
   * Leaves the call; this kit's pending invitations are cancelled. With
   * `endCallWhenInitiatorLeave`, the initiator leaving ends the call for everyone.
   */
  hangUp(): void;
  /** Leaves any call, declines a ringing invitation, stops timers, unsubscribes and removes the UI. */
  destroy(): void;
  /** Switches the UI language at once: `"en-US"` or `"zh-CN"` (or a `ZegoUIKitLanguage` member). */
  setLanguage(language: ZegoLanguage): void;
  /**
   * The `MediaStream` of a participant of the current call (this kit's user: its own
   * camera and microphone), for recording or a layout of the app's own; nothing when there
   * is none (`undefined`: not in a call, built-in media off, not connected yet).
   */
  getMediaStream(userID: string): MediaStream | undefined;
  /** The current call's room ID, or the token's, or `""`. */
  getRoomID(): string;
  /**
   * Frees this handle's wasm memory; the handle is unusable afterwards. Call `destroy()` first:
   * it is what leaves the call, unsubscribes and removes the UI.
   */
  free(): void;
}
"#;
