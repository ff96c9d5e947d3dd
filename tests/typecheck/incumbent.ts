// Incumbent-style code that must type-check against the package: SPEC §1's sample as
// TypeScript, and the calls the incumbent's docs make. tests/typecheck/zego.ts is the larger
// corpus, checked against the incumbent's own types too.
import init, { CallKit, CallKit as ZegoUIKitPrebuilt, type ZegoSignalingTransport, type ZegoUser } from "callkit-invite";

export async function sample(appID: number, serverSecret: string, roomID: string | null, userID: string, userName: string, signaling: ZegoSignalingTransport, callees: ZegoUser[]) {
  // `init` stays exported and awaiting it stays valid; SPEC §1's sample does without.
  await init();
  // ---- SPEC §1, verbatim ----
  const token = CallKit.generateKitTokenForTest(appID, serverSecret, roomID, userID, userName);
  const zp = CallKit.create(token);          // or CallKit.create({ appID, userID, userName })
  zp.addPlugins({ signaling });             // optional: default is the BroadcastChannel transport
  zp.setCallInvitationConfig({ canInvitingInCalling: true, onlyInitiatorCanInvite: true,
    onSetRoomConfigBeforeJoining(callType) { return { showWaitingCallAcceptAudioVideoView: true,
      callingInvitationListConfig: { waitingSelectUsers: [{ userID: "123", userName: "U_123" }], defaultChecked: true } }; } });
  const { errorInvitees } = await zp.sendCallInvitation({ callees, callType: CallKit.InvitationTypeVideoCall, timeout: 60 });
  zp.updateCallingInvitationListConfig({ waitingSelectUsers: [{ userID: "456", userName: "U_456" }], defaultChecked: true });
  return { zp, errorInvitees };
}

export function docs(appID: number, serverSecret: string, userID: string) {
  // userName is optional (SPEC §1: generateKitTokenForTest(appID, serverSecret, roomID, userID, userName?)).
  const TOKEN = ZegoUIKitPrebuilt.generateKitTokenForTest(appID, serverSecret, null, userID);
  const zp = ZegoUIKitPrebuilt.create(TOKEN);
  zp.addPlugins({ ZIM: {} });
  zp.sendCallInvitation({ callees: [{ userID: "bob" }], callType: ZegoUIKitPrebuilt.InvitationTypeVoiceCall, timeout: 60 });
  // joinRoom's room config is optional, as the kit accepts `undefined`.
  zp.joinRoom();
}
