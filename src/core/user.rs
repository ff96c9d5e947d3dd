//! Users as the app names them (`ZegoUser`), with the checks every list of users must pass.
use crate::core::digits;
use crate::core::error::Error;

/// Longest accepted `userID`, in bytes.
pub const MAX_ID_LEN: usize = 128;
/// Longest accepted `userName`, in bytes.
pub const MAX_NAME_LEN: usize = 256;
/// Longest accepted `avatar` URL, in bytes.
pub const MAX_AVATAR_LEN: usize = 2048;

/// A user: `{ userID, userName?, avatar? }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The app's identifier for the user; unique within the app.
    pub id: String,
    /// The display name; the ID when the app gave none.
    pub name: String,
    /// An avatar URL; rendered only when it is http(s) or `data:image/`.
    pub avatar: Option<String>,
}

impl User {
    /// A user with a name and no avatar.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        User { id: id.into(), name: name.into(), avatar: None }
    }

    /// The name to show: the user name, or the ID when the name is empty.
    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }

    /// The avatar URL when it is safe to show: `http:`, `https:` or `data:image/` only.
    pub fn safe_avatar(&self) -> Option<&str> {
        let url = self.avatar.as_deref()?.trim();
        let lower = url.get(..11).unwrap_or(url).to_ascii_lowercase();
        let allowed = lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("data:image/");
        allowed.then_some(url)
    }

    /// The initial shown when there is no avatar: the first character of the name (the
    /// stylesheet upper-cases it, which keeps Unicode case tables out of the wasm).
    pub fn initial(&self) -> String {
        self.display_name().chars().next().map(String::from).unwrap_or_default()
    }

    /// Checks one user; `field` is its JS path, such as `callees[0]`.
    pub fn validate(&self, field: &str) -> Result<(), Error> {
        if self.id.is_empty() {
            return Err(Error::type_error(&[field, ".userID"].concat(), "must be a non-empty string"));
        }
        if self.id.len() > MAX_ID_LEN {
            return Err(Error::too_long(&[field, ".userID"].concat(), MAX_ID_LEN));
        }
        if self.name.len() > MAX_NAME_LEN {
            return Err(Error::too_long(&[field, ".userName"].concat(), MAX_NAME_LEN));
        }
        if self.avatar.as_ref().is_some_and(|a| a.len() > MAX_AVATAR_LEN) {
            return Err(Error::too_long(&[field, ".avatar"].concat(), MAX_AVATAR_LEN));
        }
        Ok(())
    }
}

/// `list[i]`, the JS path of item `i` of the list at `list`.
pub fn item_path(list: &str, i: usize) -> String {
    [list, "[", &digits::decimal(i as u64), "]"].concat()
}

/// Checks a list of users: at most `max`, each valid, no `userID` twice, and not `me` when given.
pub fn validate_users(users: &[User], field: &str, max: usize, me: Option<&str>) -> Result<(), Error> {
    if users.len() > max {
        return Err(Error::too_many_users(field, max, users.len()));
    }
    // Repeats are found in n log n; only a list that has one is scanned in order, to name the
    // first repeated item.
    let repeats = crate::core::id_index::has_repeats(&crate::core::id_index::sorted_user_ids(users));
    for (i, user) in users.iter().enumerate() {
        let at = item_path(field, i);
        user.validate(&at)?;
        if repeats && users[..i].iter().any(|u| u.id == user.id) {
            return Err(Error::type_error(&[&at, ".userID"].concat(), &["duplicate userID \"", &user.id, "\""].concat()));
        }
        if me == Some(user.id.as_str()) {
            return Err(Error::type_error(&[&at, ".userID"].concat(), "cannot invite yourself"));
        }
    }
    Ok(())
}
