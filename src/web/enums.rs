//! The incumbent's enums as runtime values, named exports of the package: `ZegoInvitationType`
//! (numbers) and `ZegoUIKitLanguage` (strings). Their declarations are in types.rs.
use wasm_bindgen::prelude::*;

/// `callType`: the values of `CallKit.InvitationTypeVoiceCall` and `InvitationTypeVideoCall`.
/// wasm-bindgen exports it as a frozen object with a TypeScript enum's reverse mapping; no Rust
/// code takes or returns it.
#[wasm_bindgen(skip_typescript)]
pub enum ZegoInvitationType {
    /// A voice call.
    VoiceCall = 0,
    /// A video call.
    VideoCall = 1,
}

// wasm-bindgen exports numeric enums only: a string enum becomes a type and no object. The
// language tags' object is a line of JS that the glue re-exports as it is. It is imported as a
// function because only function imports can skip the TypeScript wasm-bindgen would write for
// the re-export (`unknown`, where types.rs declares the enum): it is an object, never called.
#[wasm_bindgen(inline_js = "export const ZegoUIKitLanguage=Object.freeze({CHS:\"zh-CN\",ENGLISH:\"en-US\"});")]
extern "C" {
    #[wasm_bindgen(js_name = ZegoUIKitLanguage, reexport, skip_typescript)]
    fn zego_ui_kit_language();
}
