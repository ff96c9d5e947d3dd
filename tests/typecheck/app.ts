// A typed example app against the package's declarations. It is written the way an app typed
// against the incumbent's Call Kit is: `ZegoCallInvitationConfig`, `ZegoCloudRoomConfig`,
// `CallingInvitationListConfig` and `ZegoUser`, with the class aliased to its old name.
// Checked by `tsc --strict --noEmit -p tsconfig.json` (root tsconfig); never run.
import init, {
  CallKit,
  CallKit as ZegoUIKitPrebuilt,
  initSync,
  type CallInvitationEndReason,
  type CallingInvitationListConfig,
  type ZegoCallInvitationConfig,
  type ZegoCloudRoomConfig,
  type ZegoErrorInvitee,
  type ZegoInvitationType,
  type ZegoKitInit,
  type ZegoLanguage,
  type ZegoPlugins,
  type ZegoSendInvitationOptions,
  type ZegoSendInvitationResult,
  type ZegoSignalingTransport,
  type ZegoUser,
} from "callkit-invite";

// ---- users and lists, as the incumbent's apps declare them ----
const directory: ZegoUser[] = [
  { userID: "alice", userName: "Alice" },
  { userID: "bob", userName: "Bob", avatar: "https://example.com/bob.png" },
  { userID: "carol" },
];
const list: CallingInvitationListConfig = { waitingSelectUsers: directory.slice(1), defaultChecked: true };
const listWithoutDefault: CallingInvitationListConfig = { waitingSelectUsers: [] };

// ---- a signaling transport of the app's own ----
class WebSocketSignaling implements ZegoSignalingTransport {
  private listeners = new Map<string, (text: string) => void>();
  constructor(private readonly socket: { send(data: string): void }) {}
  send(text: string, meta: { appID: string; to: string[] }): Promise<void> {
    this.socket.send(JSON.stringify({ app: meta.appID, to: meta.to, text }));
    return Promise.resolve();
  }
  subscribe(onText: (text: string) => void, meta: { appID: string; userID: string }): () => void {
    const key = `${meta.appID}/${meta.userID}`;
    this.listeners.set(key, onText);
    return () => this.listeners.delete(key);
  }
  receive(key: string, text: string): void {
    this.listeners.get(key)?.(text);
  }
}
const plainSignaling: ZegoSignalingTransport = {
  send(text, meta) {
    void text;
    void meta.to.length;
  },
  subscribe(onText, meta) {
    void meta.userID;
    onText("");
    return () => {};
  },
};

// ---- the room config returned before each join ----
function roomConfig(container: Element | null, callType: ZegoInvitationType): ZegoCloudRoomConfig {
  return {
    container,
    showWaitingCallAcceptAudioVideoView: true,
    callingInvitationListConfig: list,
    turnOnMicrophoneWhenJoining: true,
    turnOnCameraWhenJoining: callType === ZegoUIKitPrebuilt.InvitationTypeVideoCall,
    // Fields of the incumbent's room config this package ignores are still accepted, with the
    // incumbent's types:
    showPreJoinView: false,
    layout: "Grid",
    videoCodec: "VP8",
    onJoinRoom: () => console.log("joined"),
    onLeaveRoom: () => console.log("left"),
    onUserJoin: (users: ZegoUser[]) => console.log(users.map((u) => u.userName ?? u.userID)),
    onUserLeave: (users) => console.log(users.length),
  };
}

// ---- the call-invitation config, split in several calls as apps do ----
const flags: ZegoCallInvitationConfig = {
  canInvitingInCalling: true,
  onlyInitiatorCanInvite: true,
  endCallWhenInitiatorLeave: false,
  enableCustomCallInvitationWaitingPage: false,
  enableCustomCallInvitationDialog: true,
  language: "en-US",
  ringtoneConfig: { incomingCallUrl: "/in.mp3", outgoingCallUrl: "/out.mp3" },
};
const ended: string[] = [];
const callbacks: ZegoCallInvitationConfig = {
  // Any Element, as `querySelector` gives it (the incumbent's type wants an HTMLElement).
  onSetRoomConfigBeforeJoining: (callType) => roomConfig(document.querySelector("#call"), callType),
  onWaitingPageWhenSending(callType, callees, cancel) {
    console.log(callType, callees.map((u) => u.userID));
    setTimeout(cancel, 30_000);
  },
  onConfirmDialogWhenReceiving(callType, caller, refuse, accept, data) {
    if (confirm(`${caller.userName ?? caller.userID} (${callType === 1 ? "video" : "voice"}) ${data}`)) accept();
    else refuse();
  },
  onCallInvitationEnded(reason: CallInvitationEndReason, data: string) {
    ended.push(`${reason}:${data}`);
  },
  onIncomingCallReceived(callID: string, caller: ZegoUser, callType: ZegoInvitationType, callees: ZegoUser[]) {
    console.log(callID, caller.userID, callType, callees.length);
  },
  onIncomingCallCanceled: (callID, caller) => console.log(callID, caller.userID),
  onIncomingCallTimeout: (callID, caller) => console.log(callID, caller.userID),
  onOutgoingCallAccepted: (callID, callee) => console.log(callID, callee.userID),
  onOutgoingCallRejected: (callID, callee) => console.log(callID, callee.userID),
  onOutgoingCallDeclined: (callID, callee) => console.log(callID, callee.userID),
  onOutgoingCallTimeout: (callID, callees) => console.log(callID, callees.map((u) => u.userID)),
};
// A handler typed loosely, as older code often is, still fits.
const loose: ZegoCallInvitationConfig = {
  onSetRoomConfigBeforeJoining: (callType: number) => (callType === 0 ? { turnOnCameraWhenJoining: false } : undefined),
};

function explain(e: ZegoErrorInvitee): string {
  switch (e.reason) {
    case "inCall":
      return `${e.userID} is already in the call`;
    case "calling":
      return `${e.userID} is already being called`;
    case "sendFailed":
      return `could not reach ${e.userName ?? e.userID}`;
    case "callFull":
      return `no room for ${e.userID}: the call is full`;
  }
}

export async function main(appID: number, serverSecret: string, me: ZegoUser, socket: { send(data: string): void }): Promise<string[]> {
  await init();
  await init({ module_or_path: new URL("./callkit_invite_bg.wasm", import.meta.url) });
  const token: string = ZegoUIKitPrebuilt.generateKitTokenForTest(appID, serverSecret, null, me.userID, me.userName);
  const zp: CallKit = ZegoUIKitPrebuilt.create(token);
  const init2: ZegoKitInit = { appID: String(appID), userID: "bob", userName: "Bob" };
  const other = CallKit.create(init2);
  const plugins: ZegoPlugins = { signaling: new WebSocketSignaling(socket) };
  zp.addPlugins(plugins);
  zp.addPlugins({ ZIM: {} });
  other.addPlugins({ signaling: plainSignaling });
  zp.setCallInvitationConfig(flags);
  zp.setCallInvitationConfig(callbacks);
  zp.setCallInvitationConfig(loose);
  zp.setCallInvitationConfig({ language: "zh-CN" });
  const lang: ZegoLanguage = "zh-CN";
  zp.setLanguage(lang);
  zp.updateCallingInvitationListConfig(list);
  zp.updateCallingInvitationListConfig(listWithoutDefault);

  const voice: ZegoInvitationType = 0;
  const options: ZegoSendInvitationOptions = { callees: [directory[1]], callType: voice, timeout: 60, data: "{}" };
  const result: ZegoSendInvitationResult = await zp.sendCallInvitation(options);
  const messages = result.errorInvitees.map(explain);
  const { errorInvitees } = await zp.sendCallInvitation({ callees: directory.slice(1) });
  messages.push(...errorInvitees.map((e) => `${e.userID}: ${e.reason}`));
  zp.sendCallInvitation({ callees: [{ userID: "carol" }], callType: 1 })
    .then((res) => console.warn(res.errorInvitees))
    .catch((err: unknown) => console.warn(err instanceof Error ? err.message : err));

  const roomID: string = zp.getRoomID();
  const version: string = CallKit.getVersion();
  const types: number[] = [CallKit.InvitationTypeVoiceCall, CallKit.InvitationTypeVideoCall];
  zp.hangUp();
  zp.joinRoom(roomConfig(null, 1));
  zp.joinRoom(undefined);
  zp.destroy();
  other.free();
  messages.push(roomID, version, String(types), ...ended);
  return messages;
}

export function fromBytes(bytes: BufferSource): void {
  initSync({ module: bytes });
}

// ---- the types reject what the kit rejects ----
// @ts-expect-error userID is required
const noID: ZegoUser = { userName: "x" };
// @ts-expect-error userID is a string
const numericID: ZegoUser = { userID: 5 };
// @ts-expect-error callType is a ZegoInvitationType (any number passes the compiler, as with the
// incumbent's declaration; the kit refuses all but 0 and 1 with a RangeError)
const badType: ZegoSendInvitationOptions = { callees: [], callType: "video" };
// @ts-expect-error callees are required
const noCallees: ZegoSendInvitationOptions = { callType: 1 };
// @ts-expect-error a flag is a boolean
const stringFlag: ZegoCallInvitationConfig = { canInvitingInCalling: "yes" };
// @ts-expect-error a callback is a function
const stringCallback: ZegoCallInvitationConfig = { onCallInvitationEnded: "log" };
// @ts-expect-error end reasons are the five the kit reports
const badReason: CallInvitationEndReason = "Hangup";
// @ts-expect-error the list needs waitingSelectUsers
const emptyList: CallingInvitationListConfig = { defaultChecked: true };
// @ts-expect-error a language is "en-US" or "zh-CN"
const french: ZegoLanguage = "fr-FR";
// @ts-expect-error a transport has send and subscribe
const halfTransport: ZegoSignalingTransport = { send() {} };
export const rejected = [noID, numericID, badType, noCallees, stringFlag, stringCallback, badReason, emptyList, french, halfTransport];
