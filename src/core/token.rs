//! Kit tokens: appID, user and room packed into a string, and for production the token the app's
//! server issued for the transport. A kit token is readable by anyone: the test one grants
//! nothing, the production one carries its server token to the signaling transport.
use crate::core::error::Error;
use crate::core::user::{User, MAX_ID_LEN};
use crate::core::json::{self, Value};

const PREFIX: &str = "ck1.";

/// What a kit token carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenClaims {
    /// The app ID.
    pub app_id: String,
    /// The room ID; empty when the app lets each call make its own.
    pub room_id: String,
    /// The user.
    pub user_id: String,
    /// The user's name.
    pub user_name: String,
    /// The token the app's server issued (`generateKitTokenForProduction`), handed to the
    /// signaling transport as its credential; empty in a test token.
    pub token: String,
}

impl TokenClaims {
    /// The token's user.
    pub fn user(&self) -> User {
        User::new(self.user_id.clone(), self.user_name.clone())
    }
}

/// Longest server token a kit token carries, in bytes (a NATS user JWT is about 1 KB).
pub const MAX_TOKEN_LEN: usize = 4096;

/// Makes a token for tests and demos. The secret is checked for presence only: the token is
/// readable by anyone and grants nothing.
pub fn generate(app_id: &str, server_secret: &str, claims_room: &str, user: &User) -> Result<String, Error> {
    let secret = if server_secret.is_empty() { Err(Error::type_error("serverSecret", "must be a non-empty string")) } else { Ok("") };
    encode(app_id, secret, claims_room, user)
}

/// Makes a kit token around `token`, which the app's server issued for this user: the kit hands
/// it to its signaling transport (`subscribe`'s and `send`'s `token`). The kit token does not
/// hide it: it is the user's own credential.
pub fn generate_for_production(app_id: &str, token: &str, claims_room: &str, user: &User) -> Result<String, Error> {
    let token = match token.len() {
        0 => Err(Error::type_error("token", "must be a non-empty string")),
        n if n > MAX_TOKEN_LEN => Err(Error::too_long("token", MAX_TOKEN_LEN)),
        _ => Ok(token),
    };
    encode(app_id, token, claims_room, user)
}

/// Checks the fields in the order the arguments come (`credential` is the secret's or the server
/// token's check, its value the token to carry) and packs them.
fn encode(app_id: &str, credential: Result<&str, Error>, claims_room: &str, user: &User) -> Result<String, Error> {
    if app_id.is_empty() || app_id.len() > MAX_ID_LEN {
        return Err(Error::type_error("appID", "must be a positive number or a non-empty string"));
    }
    let token = credential?;
    if claims_room.len() > MAX_ID_LEN {
        return Err(Error::too_long("roomID", MAX_ID_LEN));
    }
    user.validate("")
        .map_err(|_| Error::type_error("userID", "must be a non-empty string of at most 128 bytes"))?;
    let mut text = String::from("{");
    // A test token carries an empty `token`; one made before production tokens existed has none,
    // and reads the same.
    let fields = [("appID", app_id), ("roomID", claims_room), ("userID", &user.id), ("userName", &user.name), ("token", token)];
    for (i, (key, value)) in fields.into_iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        json::write_str(&mut text, key);
        text.push(':');
        json::write_str(&mut text, value);
    }
    text.push('}');
    Ok([PREFIX, &base64url(text.as_bytes())].concat())
}

/// Reads a token made by [`generate`] or [`generate_for_production`].
pub fn parse(token: &str) -> Result<TokenClaims, Error> {
    let bad = || Error::type_error("token", "is not a kit token made by generateKitTokenForTest or generateKitTokenForProduction");
    let body = token.strip_prefix(PREFIX).ok_or_else(bad)?;
    let bytes = unbase64url(body).ok_or_else(bad)?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let value = json::parse(&text).map_err(|_| bad())?;
    let get = |key: &str| match value.get(key) {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
    };
    let claims = TokenClaims {
        app_id: get("appID").ok_or_else(bad)?,
        room_id: get("roomID").unwrap_or_default(),
        user_id: get("userID").ok_or_else(bad)?,
        user_name: get("userName").unwrap_or_default(),
        token: get("token").unwrap_or_default(),
    };
    if claims.app_id.is_empty() || claims.user().validate("").is_err() || claims.room_id.len() > MAX_ID_LEN || claims.token.len() > MAX_TOKEN_LEN {
        return Err(bad());
    }
    Ok(claims)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

fn unbase64url(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        if chunk.len() < 2 {
            return None;
        }
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let v = ALPHABET.iter().position(|a| a == c)? as u32;
            n |= v << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_any_user_name() {
        for name in ["", "a", "ab", "abc", "Zoë 张伟 🎉", "<img src=x>"] {
            let token = generate("123", "secret", "", &User::new("u1", name)).unwrap();
            let claims = parse(&token).unwrap();
            assert_eq!(claims.user_name, name);
            assert_eq!(claims.app_id, "123");
            assert_eq!(claims.room_id, "");
        }
    }

    #[test]
    fn rejects_what_it_did_not_make() {
        for token in ["", "ck1.", "ck1.!!!!", "xyz", "ck1.e30"] {
            assert!(parse(token).is_err(), "{token}");
        }
    }

    #[test]
    fn names_the_field_at_fault() {
        let err = generate("1", "", "", &User::new("u", "U")).unwrap_err();
        assert!(err.message().starts_with("serverSecret"));
        let err = generate("1", "s", "", &User::new("", "U")).unwrap_err();
        assert!(err.message().starts_with("userID"));
    }
}
