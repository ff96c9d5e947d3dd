// This package's types next to the incumbent's (@zegocloud/zego-uikit-prebuilt 2.18.4): what
// code typed with one can hand to the other. Checked by tsconfig.compat.json with TypeScript 5
// and the latest; every line is an assertion, and each `@ts-expect-error` says what is meant to
// differ (an unused one fails the check). Never run.
import type * as Ours from "callkit-invite";
import type * as Theirs from "@zegocloud/zego-uikit-prebuilt";

/** Compiles only when a value of type `From` may be used where a `To` is expected. */
function assignable<From, To>(value: From): To {
  return value as unknown as To;
}
/** Both ways. */
function same<A, B>(a: A, b: B): [B, A] {
  return [assignable<A, B>(a), assignable<B, A>(b)];
}
declare function some<T>(): T;

// ---- The room config: every field of theirs is one of ours, with a compatible type. ----
// Theirs → ours: a room config built for the incumbent is one for this kit, whole.
export const roomIn: Ours.ZegoCloudRoomConfig = some<Theirs.ZegoCloudRoomConfig>();
// Ours → theirs, but for `container`: ours takes any Element (what `querySelector` gives),
// theirs only an HTMLElement, so the whole config is not theirs...
// @ts-expect-error container: Element is not HTMLElement
export const roomOut: Theirs.ZegoCloudRoomConfig = some<Ours.ZegoCloudRoomConfig>();
// ...while everything else is, fields of our own (builtInMedia, iceServers) included.
export const roomOutButContainer: Theirs.ZegoCloudRoomConfig = some<Omit<Ours.ZegoCloudRoomConfig, "container">>();
export const roomOutWithHtmlContainer: Theirs.ZegoCloudRoomConfig = some<Ours.ZegoCloudRoomConfig & { container?: HTMLElement | null }>();
// Field by field, both ways (the incumbent's enums included: ScenarioModel, ConsoleLevel, …).
type Field<K extends keyof Theirs.ZegoCloudRoomConfig> = [Theirs.ZegoCloudRoomConfig[K], Ours.ZegoCloudRoomConfig[K]];
export const fields = [
  same(...some<Field<"scenario">>()),
  same(...some<Field<"console">>()),
  same(...some<Field<"screenSharingConfig">>()),
  same(...some<Field<"videoResolutionDefault">>()),
  same(...some<Field<"rightPanelExpandedType">>()),
  same(...some<Field<"language">>()),
  same(...some<Field<"onUserStateUpdated">>()),
  same(...some<Field<"onInRoomMessageReceived">>()),
  same(...some<Field<"customMessageUI">>()),
  same(...some<Field<"onLocalStreamUpdated">>()),
  same(...some<Field<"callingInvitationListConfig">>()),
  same(...some<Field<"onUserJoin">>()),
  same(...some<Field<"maxUsers">>()),
];

// ---- The named types, both ways. ----
export const named = [
  same(some<Theirs.ZegoUser>(), some<Ours.ZegoUser>()),
  same(some<Theirs.CallingInvitationListConfig>(), some<Ours.CallingInvitationListConfig>()),
  same(some<Theirs.ZegoInvitationType>(), some<Ours.ZegoInvitationType>()),
  same(some<Theirs.ZegoInvitationType.VideoCall>(), some<Ours.ZegoInvitationType.VideoCall>()),
  same(some<Theirs.ZegoUIKitLanguage>(), some<Ours.ZegoUIKitLanguage>()),
  same(some<Theirs.ZegoUIKitCreateConfig>(), some<Ours.ZegoUIKitCreateConfig>()),
  same(some<Theirs.ZegoSignalingPluginNotificationConfig>(), some<Ours.ZegoSignalingPluginNotificationConfig>()),
  same(some<Theirs.CancelCallInvitationFunc>(), some<Ours.CancelCallInvitationFunc>()),
  same(some<Theirs.AcceptCallInvitationFunc>(), some<Ours.AcceptCallInvitationFunc>()),
  same(some<Theirs.RefuseCallInvitationFunc>(), some<Ours.RefuseCallInvitationFunc>()),
];
// A call-invitation config typed with theirs is one for this kit.
export const invitationConfig: Ours.ZegoCallInvitationConfig = some<Theirs.ZegoCallInvitationConfig>();
// The end reasons: an enum of the same strings on both sides.
export const endReason = same(some<Theirs.CallInvitationEndReason>(), some<Ours.CallInvitationEndReason>());
// Their language enum is a language tag where this kit takes one.
export const languageTag: Ours.ZegoLanguage = some<Theirs.ZegoUIKitLanguage>();

// ---- The class: every argument list theirs accepts, ours accepts; results fit theirs. ----
type TheirKit = Theirs.ZegoUIKitPrebuilt;
type OurKit = Ours.CallKit;
type TheirStatics = typeof Theirs.ZegoUIKitPrebuilt;
type OurStatics = typeof Ours.CallKit;
export const statics = [
  assignable<Parameters<TheirStatics["create"]>, Parameters<OurStatics["create"]>>(some()),
  assignable<Parameters<TheirStatics["generateKitTokenForTest"]>, Parameters<OurStatics["generateKitTokenForTest"]>>(some()),
  assignable<Parameters<TheirStatics["generateKitTokenForProduction"]>, Parameters<OurStatics["generateKitTokenForProduction"]>>(some()),
  assignable<Parameters<TheirStatics["getVersion"]>, Parameters<OurStatics["getVersion"]>>(some()),
  assignable<ReturnType<OurStatics["generateKitTokenForTest"]>, ReturnType<TheirStatics["generateKitTokenForTest"]>>(some()),
  assignable<ReturnType<OurStatics["generateKitTokenForProduction"]>, ReturnType<TheirStatics["generateKitTokenForProduction"]>>(some()),
  same(some<TheirStatics["InvitationTypeVoiceCall"]>(), some<OurStatics["InvitationTypeVoiceCall"]>()),
  same(some<TheirStatics["InvitationTypeVideoCall"]>(), some<OurStatics["InvitationTypeVideoCall"]>()),
];
export const methods = [
  assignable<Parameters<TheirKit["addPlugins"]>, Parameters<OurKit["addPlugins"]>>(some()),
  assignable<Parameters<TheirKit["setCallInvitationConfig"]>, Parameters<OurKit["setCallInvitationConfig"]>>(some()),
  assignable<Parameters<TheirKit["sendCallInvitation"]>, Parameters<OurKit["sendCallInvitation"]>>(some()),
  assignable<ReturnType<OurKit["sendCallInvitation"]>, ReturnType<TheirKit["sendCallInvitation"]>>(some()),
  assignable<Parameters<TheirKit["updateCallingInvitationListConfig"]>, Parameters<OurKit["updateCallingInvitationListConfig"]>>(some()),
  assignable<Parameters<TheirKit["joinRoom"]>, Parameters<OurKit["joinRoom"]>>(some()),
  assignable<Parameters<TheirKit["hangUp"]>, Parameters<OurKit["hangUp"]>>(some()),
  assignable<Parameters<TheirKit["destroy"]>, Parameters<OurKit["destroy"]>>(some()),
  assignable<Parameters<TheirKit["setLanguage"]>, Parameters<OurKit["setLanguage"]>>(some()),
  assignable<ReturnType<OurKit["getRoomID"]>, ReturnType<TheirKit["getRoomID"]>>(some()),
];
