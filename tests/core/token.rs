//! Kit tokens: a test token carries the app, the user and a room; a production token carries,
//! besides, the token the app's server issued, which the kit hands to its transport.
use callkit_invite::core::token::{self, TokenClaims, MAX_TOKEN_LEN};
use callkit_invite::core::{Error, User};

fn alice() -> User {
    User::new("alice", "Alice")
}

fn field_of(err: &Error) -> String {
    err.message().split(':').next().unwrap_or_default().to_owned()
}

#[test]
fn a_production_token_carries_the_server_token_to_the_kit() {
    let jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.c2ln";
    let kit_token = token::generate_for_production("1234", jwt, "", &alice()).unwrap();
    let claims = token::parse(&kit_token).unwrap();
    assert_eq!(
        claims,
        TokenClaims { app_id: "1234".into(), room_id: String::new(), user_id: "alice".into(), user_name: "Alice".into(), token: jwt.into() }
    );
}

#[test]
fn a_test_token_carries_no_server_token() {
    let claims = token::parse(&token::generate("1234", "secret", "standup", &alice()).unwrap()).unwrap();
    assert_eq!(claims.token, "");
    assert_eq!(claims.room_id, "standup");
}

#[test]
fn a_server_token_of_any_text_round_trips() {
    for server_token in ["t", "s3cret with spaces", "\"quoted\" \\ back", "令牌 🎫", &"x".repeat(MAX_TOKEN_LEN)] {
        let kit_token = token::generate_for_production("1", server_token, "room", &User::new("u", "")).unwrap();
        assert_eq!(token::parse(&kit_token).unwrap().token, server_token);
    }
}

#[test]
fn a_bad_server_token_is_refused_naming_token() {
    let empty = token::generate_for_production("1", "", "", &alice()).unwrap_err();
    assert!(matches!(empty, Error::Type(_)), "{empty:?}");
    assert_eq!(field_of(&empty), "token");
    let long = token::generate_for_production("1", &"x".repeat(MAX_TOKEN_LEN + 1), "", &alice()).unwrap_err();
    assert!(matches!(long, Error::Range(_)), "{long:?}");
    assert_eq!(long.message(), "token: must be at most 4096 bytes");
}

#[test]
fn fields_are_checked_in_argument_order() {
    // appID first, then the server token, then the room, then the user, as for test tokens.
    let err = token::generate_for_production("", "", &"r".repeat(200), &User::new("", "")).unwrap_err();
    assert_eq!(field_of(&err), "appID");
    let err = token::generate_for_production("1", "", &"r".repeat(200), &User::new("", "")).unwrap_err();
    assert_eq!(field_of(&err), "token");
    let err = token::generate_for_production("1", "t", &"r".repeat(200), &User::new("", "")).unwrap_err();
    assert_eq!(field_of(&err), "roomID");
    let err = token::generate_for_production("1", "t", "", &User::new("", "")).unwrap_err();
    assert_eq!(field_of(&err), "userID");
}

#[test]
fn a_kit_token_whose_server_token_is_too_long_is_not_read() {
    // Made by hand, past the bound `generate_for_production` keeps: refused, not carried.
    let json = format!(r#"{{"appID":"1","roomID":"","userID":"alice","userName":"","token":"{}"}}"#, "x".repeat(MAX_TOKEN_LEN + 1));
    let forged = format!("ck1.{}", base64url(json.as_bytes()));
    let err = token::parse(&forged).unwrap_err();
    assert_eq!(field_of(&err), "token");
    // The same text with a token within the bound reads.
    let json = r#"{"appID":"1","roomID":"","userID":"alice","userName":"","token":"ok"}"#;
    assert_eq!(token::parse(&format!("ck1.{}", base64url(json.as_bytes()))).unwrap().token, "ok");
}

/// Base64url without padding, as kit tokens use it.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}
