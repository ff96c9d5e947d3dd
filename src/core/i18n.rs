//! The UI's strings in en-US and zh-CN.

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// `en-US`.
    #[default]
    EnUs,
    /// `zh-CN`.
    ZhCn,
}

impl Language {
    /// The language for a BCP 47 tag the kit knows (`en-US`, `zh-CN`).
    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag {
            "en-US" => Some(Language::EnUs),
            "zh-CN" => Some(Language::ZhCn),
            _ => None,
        }
    }

    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Language::EnUs => "en-US",
            Language::ZhCn => "zh-CN",
        }
    }
}

/// A fixed string of the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Text {
    InviteMembers,
    Invitees,
    Calling,
    CancelCall,
    EndCall,
    IncomingCall,
    IncomingVideoCall,
    IncomingVoiceCall,
    Decline,
    Accept,
    SendFailed,
    More,
    Close,
    Invite,
    InCall,
    NoOneToInvite,
    LeaveCall,
    Microphone,
    Camera,
    MicrophoneOff,
    Reconnecting,
    MicrophoneUnavailable,
    CameraUnavailable,
}

impl Text {
    /// The string in `lang`.
    pub fn get(self, lang: Language) -> &'static str {
        let (en, zh) = match self {
            Text::InviteMembers => ("Invite members", "邀请成员"),
            Text::Invitees => ("Invitees", "受邀请人"),
            Text::Calling => ("Calling…", "正在呼叫..."),
            Text::CancelCall => ("Cancel call", "取消通话"),
            Text::EndCall => ("End call", "结束通话"),
            Text::IncomingCall => ("Incoming call...", "来电..."),
            Text::IncomingVideoCall => ("Incoming video call...", "视频来电..."),
            Text::IncomingVoiceCall => ("Incoming voice call...", "语音来电..."),
            Text::Decline => ("Decline", "拒绝"),
            Text::Accept => ("Accept", "接受"),
            Text::SendFailed => ("Failed to send the invitation, please try again.", "发送邀请失败，请重试"),
            Text::More => ("More", "更多"),
            Text::Close => ("Close", "关闭"),
            Text::Invite => ("Invite", "邀请"),
            Text::InCall => ("In call", "通话中"),
            Text::NoOneToInvite => ("No one to invite", "没有可邀请的成员"),
            Text::LeaveCall => ("Leave call", "离开通话"),
            Text::Microphone => ("Microphone", "麦克风"),
            Text::Camera => ("Camera", "摄像头"),
            Text::MicrophoneOff => ("Microphone off", "麦克风已关闭"),
            Text::Reconnecting => ("Reconnecting…", "正在重新连接…"),
            Text::MicrophoneUnavailable => ("Microphone unavailable", "麦克风不可用"),
            Text::CameraUnavailable => ("Camera unavailable", "摄像头不可用"),
        };
        match lang {
            Language::EnUs => en,
            Language::ZhCn => zh,
        }
    }
}

/// A sentence about one user, such as "{name} declined".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameText {
    /// "{name} declined".
    Declined,
    /// "{name} is busy".
    Busy,
    /// "{name} didn't answer".
    NoAnswer,
}

impl NameText {
    /// The sentence in `lang` about `name`.
    pub fn with(self, lang: Language, name: &str) -> String {
        let (en, zh) = match self {
            NameText::Declined => (" declined", " 拒绝了邀请"),
            NameText::Busy => (" is busy", " 正忙"),
            NameText::NoAnswer => (" didn't answer", " 未接听"),
        };
        let tail = match lang {
            Language::EnUs => en,
            Language::ZhCn => zh,
        };
        let mut out = String::with_capacity(name.len() + tail.len());
        out.push_str(name);
        out.push_str(tail);
        out
    }
}
