//! The TypeScript declaration of the room config, `ZegoCloudRoomConfig`: the fields the kit
//! reads, and every field of the incumbent's, typed as the incumbent types it, so that a room
//! config written for the incumbent is one for this kit and back (tests/typecheck/compat.ts).
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const ROOM_CONFIG: &'static str = r#"
/**
 * The room config: returned by `onSetRoomConfigBeforeJoining`, or passed to `joinRoom`.
 *
 * The kit reads `container`, `showWaitingCallAcceptAudioVideoView`,
 * `callingInvitationListConfig`, `turnOnMicrophoneWhenJoining`, `turnOnCameraWhenJoining`,
 * `useFrontFacingCamera`, `maxUsers`, `onJoinRoom`, `onLeaveRoom`, `onUserJoin`, `onUserLeave`,
 * and its own `builtInMedia` and `iceServers`. Every other field is the incumbent's, with the
 * incumbent's type: accepted and not read (its media cloud's features).
 */
export interface ZegoCloudRoomConfig {
  /**
   * The element to render into; absent or `null`: a full-viewport layer on `document.body`.
   * Any `Element`, such as what `document.querySelector` returns (the incumbent's type asks
   * for an `HTMLElement`); the call is drawn as HTML, so give an HTML element.
   */
  container?: Element | null;
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

  // ---- The incumbent's other fields: accepted, not read. ----
  /** The incumbent's scenario (`{ mode: CallKit.OneONoneCall }`, …): not read. */
  scenario?: { mode?: ScenarioModel; config?: ScenarioConfig[ScenarioModel] };
  /** The incumbent's log level: not read. */
  console?: ConsoleLevel;
  /** The incumbent's screen sharing: not read. */
  screenSharingConfig?: {
    resolution?: ScreenSharingResolution;
    width?: number;
    height?: number;
    frameRate?: number;
    maxBitRate?: number;
    onError?: (errorCode: number) => string | undefined;
  };
  /** The incumbent's pre-join view: not read (the kit has none). */
  showPreJoinView?: boolean;
  /** The incumbent's pre-join view: not read. */
  preJoinViewConfig?: { title?: string };
  /** The incumbent's default resolution: not read. */
  videoResolutionDefault?: VideoResolution;
  /** The incumbent's stereo audio: not read. */
  enableStereo?: boolean;
  /** Not read. */
  showRoomDetailsButton?: boolean;
  /** Not read. */
  showRoomTimer?: boolean;
  /** Not read (the kit always shows its camera toggle in a video call). */
  showMyCameraToggleButton?: boolean;
  /** Not read (the kit always shows its microphone toggle). */
  showMyMicrophoneToggleButton?: boolean;
  /** Not read. */
  showAudioVideoSettingsButton?: boolean;
  /** Not read. */
  showTurnOffRemoteCameraButton?: boolean;
  /** Not read. */
  showTurnOffRemoteMicrophoneButton?: boolean;
  /** Not read (the kit has no text chat). */
  showTextChat?: boolean;
  /** Not read. */
  showUserList?: boolean;
  /** Not read. */
  showRemoveUserButton?: boolean;
  /** Not read. */
  lowerLeftNotification?: { showUserJoinAndLeave?: boolean; showTextChat?: boolean };
  /** Not read. */
  branding?: { logoURL?: string };
  /** Not read (the kit lays tiles out by their number). */
  layout?: "Sidebar" | "Grid" | "Auto";
  /** Not read. */
  showLayoutButton?: boolean;
  /** Not read. */
  showNonVideoUser?: boolean;
  /** Not read. */
  showOnlyAudioUser?: boolean;
  /** Not read. */
  sharedLinks?: { name?: string; url?: string }[];
  /** Not read. */
  showScreenSharingButton?: boolean;
  /** Not read. */
  showPinButton?: boolean;
  /** Not read. */
  whiteboardConfig?: { showAddImageButton?: boolean; showCreateAndCloseButton?: boolean };
  /** Not read. */
  showInviteToCohostButton?: boolean;
  /** Not read. */
  showRemoveCohostButton?: boolean;
  /** Not read. */
  showRequestToCohostButton?: boolean;
  /** Not read. */
  rightPanelExpandedType?: RightPanelExpandedType;
  /** Not read. */
  autoHideFooter?: boolean;
  /** Not read. */
  enableUserSearch?: boolean;
  /** Not read (the browser negotiates the codec). */
  videoCodec?: "H264" | "VP8";
  /** Not read. */
  showLeavingView?: boolean;
  /** Not read. */
  showLeaveRoomConfirmDialog?: boolean;
  /** Not called. */
  onUserAvatarSetter?: (user: ZegoUser[]) => void;
  /** Not called (no live streaming). */
  onLiveStart?: (user: ZegoUser) => void;
  /** Not called (no live streaming). */
  onLiveEnd?: (user: ZegoUser) => void;
  /** Not called. */
  onYouRemovedFromRoom?: () => void;
  /** Not called (no in-room messages). */
  onInRoomMessageReceived?: (messageInfo: InRoomMessageInfo) => void;
  /** Not called (no in-room messages). */
  onInRoomCommandReceived?: (fromUser: ZegoUser, command: string) => void;
  /** Not called (no in-room messages). */
  onInRoomTextMessageReceived?: (messages: ZegoSignalingInRoomTextMessage[]) => void;
  /** Not called (no in-room messages). */
  onInRoomCustomCommandReceived?: (command: ZegoSignalingInRoomCommandMessage[]) => void;
  /** Not called. */
  onReturnToHomeScreenClicked?: () => void;
  /** Not called (typed as the incumbent types it). */
  addInRoomMessageMessageAttributes?: () => any;
  /** Not called. */
  customMessageUI?: (msg: InRoomMessageInfo) => Element;
  /** Not read: the language is the call-invitation config's, or `setLanguage`'s. */
  language?: ZegoUIKitLanguage;
  /** Not read. */
  leaveRoomDialogConfig?: { titleText?: string; descriptionText?: string; confirmCallback?: () => void };
  /** Not read (the kit always has its "More" menu). */
  showMoreButton?: boolean;
  /** Not read. */
  showUserName?: boolean;
  /** Not read. */
  hideUsersById?: string[];
  /** Not read. */
  videoViewConfig?: { userID?: string; showAvatarWhenCameraOff?: boolean }[];
  /** Not read (theme the kit with its `--cki-*` CSS custom properties). */
  backgroundUrl?: string;
  /** Not read (no live streaming). */
  liveNotStartedTextForAudience?: string;
  /** Not read (no live streaming). */
  startLiveButtonText?: string;
  /** Not called. */
  requireRoomForegroundView?: () => HTMLElement;
  /** Not read. */
  videoScreenConfig?: { objectFit?: "cover" | "contain" | "fill"; localMirror?: boolean; pullStreamMirror?: boolean };
  /** Not called (no in-room messages). */
  onSendMessageResult?: (response: { errCode: number; message: string; timestamp?: string; fromUser?: ZegoUser; sendTime?: number; messageID?: number }) => void;
  /** Not read. */
  showRotatingScreenButton?: boolean;
  /** Not called. */
  onScreenRotation?: (currentScreen: "landscape" | "portrait") => void;
  /** Not called. */
  onUserStateUpdated?: (status: ZegoUserState) => void;
  /** Not read. */
  memberViewConfig?: { operationListCustomButton?: () => Element };
  /** Not read. */
  sendMessageChannel?: "RTC" | "ZIM";
  /** Not read. */
  showBackgroundProcessButton?: boolean;
  /** Not called (use `getMediaStream`). */
  onStreamUpdate?: (streamId: string) => void;
  /** Not called (use `getMediaStream`); `stream` typed as the incumbent types it. */
  onLocalStreamUpdated?: (state: "created" | "published" | "stopped", streamId: string, stream?: any) => void;
  /** Not called; `stream` typed as the incumbent types it. */
  onScreenSharingStreamUpdated?: (state: "created" | "published" | "closed", streamId: string, stream?: any) => void;
  /** Not called. */
  onWhiteboardUpdated?: (state: "created" | "closed", whiteboardId: string) => void;
  /** Not called. */
  onCameraStateUpdated?: (state: "ON" | "OFF") => void;
  /** Not called. */
  onMicrophoneStateUpdated?: (state: "ON" | "OFF") => void;
}

// The incumbent's types that its room config fields mention, declared as it declares them: an
// enum is compatible with another enum of the same name and members, so these and the
// incumbent's are assignable to each other. Exported as types only: the kit has no runtime
// value for them (`CallKit.OneONoneCall` … are the scenario modes').
/** A scenario mode (the incumbent's `scenario.mode`). */
declare enum ScenarioModel {
  OneONoneCall = "OneONoneCall",
  GroupCall = "GroupCall",
  VideoConference = "VideoConference",
  LiveStreaming = "LiveStreaming",
}
/** A live-streaming role (the incumbent's `scenario.config.role`). */
declare enum LiveRole {
  Host = "Host",
  Cohost = "Cohost",
  Audience = "Audience",
}
/** The incumbent's live-streaming modes. */
declare enum LiveStreamingMode {
  StanderLive = "LiveStreaming",
  PremiumLive = "InteractiveLiveStreaming",
  LiveStreaming = "LiveStreaming",
  InteractiveLiveStreaming = "InteractiveLiveStreaming",
  RealTimeLive = "RealTimeLive",
}
/** The incumbent's mixed-video resolutions. */
declare enum VideoMixinOutputResolution {
  _180P = "180p",
  _360P = "360p",
  _540P = "540p",
  _720P = "720p",
  _1080P = "1080p",
}
/** The incumbent's per-scenario settings (`scenario.config`). */
interface ScenarioConfig {
  [ScenarioModel.LiveStreaming]: {
    role: LiveRole;
    liveStreamingMode: LiveStreamingMode;
    enableVideoMixing?: boolean;
    videoMixingOutputResolution?: VideoMixinOutputResolution;
  };
  [ScenarioModel.OneONoneCall]: { role: LiveRole };
  [ScenarioModel.GroupCall]: { role: LiveRole };
  [ScenarioModel.VideoConference]: { role: LiveRole };
}
/** The incumbent's log levels. */
declare enum ConsoleLevel {
  Debug = "Debug",
  Info = "Info",
  Warning = "Warning",
  Error = "Error",
  None = "None",
}
/** The incumbent's screen-sharing resolutions. */
declare enum ScreenSharingResolution {
  _360P = "360p",
  _480P = "480p",
  _720P = "720p",
  _1080P = "1080p",
  _2K = "2k",
  _4K = "4k",
  Auto = "auto",
  Custom = "custom",
}
/** The incumbent's camera resolutions. */
declare enum VideoResolution {
  _180P = "180p",
  _360P = "360p",
  _480P = "480p",
  _720P = "720p",
}
/** The incumbent's right-panel contents. */
declare enum RightPanelExpandedType {
  None = "None",
  RoomDetails = "RoomDetails",
  RoomMembers = "RoomMembers",
  RoomMessages = "RoomMessages",
}
/** The incumbent's user states. */
declare enum ZegoUserState {
  Normal = "Normal",
  Banned = "Banned",
}
/** The incumbent's noise-suppression modes (`ZegoUIKitCreateConfig`). */
declare enum AiDenoiseMode {
  AI = 0,
  AIBalanced = 1,
}
/** The incumbent's in-room chat message. */
interface InRoomMessageInfo {
  fromUser: ZegoUser;
  message: string;
  sendTime: number;
  messageID: number;
  attrs?: any;
  status?: "SENDING" | "SENDED" | "FAILED";
}
/** The incumbent's in-room text message. */
interface ZegoSignalingInRoomTextMessage {
  messageID: string;
  timestamp: number;
  orderKey: number;
  senderUserID: string;
  text: string;
}
/** The incumbent's in-room command message. */
interface ZegoSignalingInRoomCommandMessage {
  messageID: string;
  timestamp: number;
  orderKey: number;
  senderUserID: string;
  command: object;
}
export type {
  AiDenoiseMode,
  ConsoleLevel,
  InRoomMessageInfo,
  LiveRole,
  LiveStreamingMode,
  RightPanelExpandedType,
  ScenarioConfig,
  ScenarioModel,
  ScreenSharingResolution,
  VideoMixinOutputResolution,
  VideoResolution,
  ZegoSignalingInRoomCommandMessage,
  ZegoSignalingInRoomTextMessage,
  ZegoUserState,
};
"#;
