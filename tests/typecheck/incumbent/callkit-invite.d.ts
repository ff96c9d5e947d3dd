// The incumbent's declarations under this package's name: tsconfig.json next to this file maps
// "callkit-invite" here, so that tests/typecheck/zego.ts, written against this package, is
// checked against the incumbent's types too. In the incumbent's index.d.ts every top-level
// declaration is exported (a module declaration file without `export {}`), its enums included.
export {
  ZegoUIKitPrebuilt as CallKit,
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
} from "@zegocloud/zego-uikit-prebuilt";
