// Code written the incumbent's way, against its types: the class under its old name, its type
// names, its enums as values, its optional arguments, as its docs and sample apps write them.
// Checked twice, with TypeScript 5 and the latest (scripts/test.sh, typecheck layer):
//   - against this package (tsconfig.json at the root): what an app that switches gets;
//   - against the incumbent's own declarations (tests/typecheck/incumbent/tsconfig.json maps
//     "callkit-invite" to a re-export of them): proof that this is genuine incumbent code.
// So it uses only what both declare. Never run.
import {
  CallKit as ZegoUIKitPrebuilt,
  ZegoInvitationType,
  ZegoUIKitLanguage,
  type AcceptCallInvitationFunc,
  type CallInvitationEndReason,
  type CallingInvitationListConfig,
  type CancelCallInvitationFunc,
  type RefuseCallInvitationFunc,
  type ZegoCallInvitationConfig,
  type ZegoCloudRoomConfig,
  type ZegoSignalingPluginNotificationConfig,
  type ZegoUIKitCreateConfig,
  type ZegoUser,
} from "callkit-invite";

// The ZIM plugin object the incumbent's apps import from "zego-zim-web".
declare const ZIM: { getInstance(): unknown };

function randomID(len: number): string {
  const chars = "12345qwertyuiopasdfgh67890jklmnbvcxzMNBVCZXASDQWERTYHGFUIOLKJP";
  let result = "";
  for (let i = 0; i < len; i++) result += chars.charAt(Math.floor(Math.random() * chars.length));
  return result;
}

// ---- the kit token: for tests, and from the app's server in production ----
export function kitTokenForTest(appID: number, serverSecret: string, userID: string, userName: string): string {
  const roomID = new URLSearchParams(location.search).get("roomID") || randomID(5);
  const expiresIn = 3600;
  return ZegoUIKitPrebuilt.generateKitTokenForTest(appID, serverSecret, roomID, userID, userName, expiresIn);
}

export async function kitTokenForProduction(appID: number, userID: string, userName: string): Promise<string> {
  const response = await fetch(`/api/token?userID=${encodeURIComponent(userID)}`);
  const { token } = (await response.json()) as { token: string };
  return ZegoUIKitPrebuilt.generateKitTokenForProduction(appID, token, randomID(5), userID, userName);
}

// ---- the room config, with fields of every kind the incumbent's docs show ----
const invitees: CallingInvitationListConfig = {
  waitingSelectUsers: [
    { userID: "carol", userName: "Carol" },
    { userID: "dave", userName: "Dave", avatar: "https://example.com/dave.png" },
  ],
  defaultChecked: true,
};

function roomConfig(callType: ZegoInvitationType): ZegoCloudRoomConfig {
  return {
    // The incumbent's type wants an HTMLElement: its apps ask `querySelector` for one.
    container: document.querySelector<HTMLDivElement>("#root"),
    showPreJoinView: false,
    turnOnMicrophoneWhenJoining: true,
    turnOnCameraWhenJoining: callType === ZegoInvitationType.VideoCall,
    useFrontFacingCamera: true,
    showScreenSharingButton: false,
    showTextChat: false,
    showUserList: true,
    maxUsers: 10,
    layout: "Auto",
    showLayoutButton: false,
    sharedLinks: [{ name: "Personal link", url: `${location.origin}${location.pathname}?roomID=abc` }],
    branding: { logoURL: "https://example.com/logo.png" },
    lowerLeftNotification: { showUserJoinAndLeave: true, showTextChat: false },
    videoViewConfig: [{ userID: "carol", showAvatarWhenCameraOff: true }],
    language: ZegoUIKitLanguage.ENGLISH,
    showWaitingCallAcceptAudioVideoView: true,
    callingInvitationListConfig: invitees,
    onJoinRoom: () => console.log("joined"),
    onLeaveRoom: () => console.log("left"),
    onUserJoin: (users: ZegoUser[]) => users.forEach((user) => console.log(user.userID, user.userName)),
    onUserLeave: (users: ZegoUser[]) => console.log(users.length),
    onCameraStateUpdated: (state) => console.log(state === "ON"),
    onLocalStreamUpdated: (state, streamId) => console.log(state, streamId),
    leaveRoomDialogConfig: { titleText: "Leave the call?", confirmCallback: () => console.log("confirmed") },
  };
}

// An app whose scenario comes from its own settings passes it on with the incumbent's type.
export function withScenario(config: ZegoCloudRoomConfig, scenario: ZegoCloudRoomConfig["scenario"]): ZegoCloudRoomConfig {
  return { ...config, scenario, console: config.console };
}

// ---- the call-invitation config, each callback typed by the incumbent's signatures ----
const onWaitingPageWhenSending = (callType: ZegoInvitationType, callees: ZegoUser[], cancel: CancelCallInvitationFunc): void => {
  document.querySelector("#waiting")?.setAttribute("data-type", String(callType));
  document.querySelector("#cancel")?.addEventListener("click", () => cancel(JSON.stringify({ why: "changed my mind" })));
  console.log(callees.map((callee) => callee.userName ?? callee.userID).join(", "));
};

const onConfirmDialogWhenReceiving = (
  callType: ZegoInvitationType,
  caller: ZegoUser,
  refuse: RefuseCallInvitationFunc,
  accept: AcceptCallInvitationFunc,
  data: string,
): void => {
  const kind = callType === ZegoInvitationType.VideoCall ? "video" : "voice";
  if (confirm(`${caller.userName} is calling you (${kind}): ${data}`)) accept("accepted");
  else refuse();
};

const ended: string[] = [];
const callbacks: ZegoCallInvitationConfig = {
  enableCustomCallInvitationWaitingPage: true,
  enableCustomCallInvitationDialog: true,
  enableNotifyWhenAppRunningInBackgroundOrQuit: false,
  ringtoneConfig: { incomingCallUrl: "/ring.mp3", outgoingCallUrl: "/dial.mp3" },
  language: ZegoUIKitLanguage.CHS,
  canInvitingInCalling: true,
  onlyInitiatorCanInvite: true,
  endCallWhenInitiatorLeave: false,
  onSetRoomConfigBeforeJoining: (callType: ZegoInvitationType) => roomConfig(callType),
  onWaitingPageWhenSending,
  onConfirmDialogWhenReceiving,
  onCallInvitationEnded: (reason: CallInvitationEndReason, data: string) => {
    ended.push(`${reason}${data}`);
    if (reason === "Declined" || reason === "Busy") console.log("not now");
  },
  onIncomingCallReceived: (callID: string, caller: ZegoUser, callType: ZegoInvitationType, callees: ZegoUser[]) => {
    console.log(callID, caller.userID, callType, callees.length);
  },
  onIncomingCallCanceled: (callID: string, caller: ZegoUser) => console.log(callID, caller.userID),
  onIncomingCallTimeout: (callID: string, caller: ZegoUser) => console.log(callID, caller.userID),
  onOutgoingCallAccepted: (callID: string, callee: ZegoUser) => console.log(callID, callee.userID),
  onOutgoingCallRejected: (callID: string, callee: ZegoUser) => console.log(callID, callee.userID),
  onOutgoingCallDeclined: (callID: string, callee: ZegoUser) => console.log(callID, callee.userID),
  onOutgoingCallTimeout: (callID: string, callees: ZegoUser[]) => console.log(callID, callees.length),
  onTokenWillExpire: () => console.log("renew the token"),
};

// ---- the app ----
export async function main(appID: number, serverSecret: string, userID: string, userName: string): Promise<string[]> {
  const createConfig: ZegoUIKitCreateConfig = { cloudProxyConfig: { proxyList: [{ hostName: "proxy.example.com", port: 443 }] } };
  const zp = ZegoUIKitPrebuilt.create(kitTokenForTest(appID, serverSecret, userID, userName), createConfig);
  zp.addPlugins({ ZIM });
  zp.addPlugins();
  zp.setCallInvitationConfig(callbacks);
  zp.setCallInvitationConfig({ onSetRoomConfigBeforeJoining: (callType) => ({ ...roomConfig(callType), showPreJoinView: true }) });
  zp.setCallInvitationConfig();
  zp.setLanguage(ZegoUIKitLanguage.ENGLISH);

  // Enums as values and as types, as TypeScript enums are used.
  const video: ZegoInvitationType.VideoCall = ZegoInvitationType.VideoCall;
  const callType: ZegoInvitationType = Math.random() < 0.5 ? ZegoUIKitPrebuilt.InvitationTypeVoiceCall : video;
  const language: ZegoUIKitLanguage = ZegoUIKitLanguage.CHS;
  switch (callType) {
    case ZegoInvitationType.VoiceCall:
      console.log("voice", language);
      break;
    case ZegoInvitationType.VideoCall:
      console.log("video");
      break;
  }

  const notificationConfig: ZegoSignalingPluginNotificationConfig = { resourcesID: "zego_call", title: "Call", message: `${userName} is calling you` };
  const callees: ZegoUser[] = [{ userID: "bob", userName: "Bob" }];
  const { errorInvitees } = await zp.sendCallInvitation({
    callees,
    callType: ZegoUIKitPrebuilt.InvitationTypeVideoCall,
    timeout: 60,
    roomID: randomID(8),
    data: JSON.stringify({ topic: "stand-up" }),
    notificationConfig,
  });
  zp.sendCallInvitation({ callees: [{ userID: "erin" }], callType: ZegoInvitationType.VoiceCall })
    .then((res) => console.warn(res.errorInvitees.map((u) => u.userID)))
    .catch((err) => console.warn(err));
  zp.updateCallingInvitationListConfig({ waitingSelectUsers: [{ userID: "frank", userName: "Frank" }], defaultChecked: false });

  const roomID: string = zp.getRoomID();
  const version: string = ZegoUIKitPrebuilt.getVersion();
  zp.hangUp();
  zp.joinRoom(roomConfig(ZegoUIKitPrebuilt.InvitationTypeVideoCall));
  zp.joinRoom();
  zp.destroy();
  return [roomID, version, ...errorInvitees.map((u) => u.userID), ...ended];
}
