//! The Invitees sidebar's rows: who can be picked, who is disabled and why, what is checked.
//! Who is in the call or invited comes from the caller: the list does not know the call.
use crate::core::config::ListConfig;
use crate::core::user::User;

/// The invitee list of one call; its checked state outlives closing the sidebar.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InvitationList {
    entries: Vec<Entry>,
    default_checked: bool,
}

/// A user of the list and whether their row is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    user: User,
    checked: bool,
}

/// Why a row can or cannot be picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    /// Can be invited; `true` when checked.
    Available(bool),
    /// Already in the call ("In call"), disabled.
    InCall,
    /// Has a pending invitation ("Calling…"), disabled.
    Calling,
}

/// One row of the sidebar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a> {
    /// The user of the row.
    pub user: &'a User,
    /// Its state.
    pub status: RowStatus,
}

impl InvitationList {
    /// A list as configured: every row starts as `default_checked`.
    pub fn new(config: &ListConfig) -> Self {
        let mut list = InvitationList::default();
        list.replace(config);
        list
    }

    /// Replaces the rows: rows still present keep their checked state, new ones take
    /// `defaultChecked`.
    pub fn replace(&mut self, config: &ListConfig) {
        let entries = config
            .users
            .iter()
            .map(|user| Entry { user: user.clone(), checked: self.checked(&user.id).unwrap_or(config.default_checked) })
            .collect();
        self.entries = entries;
        self.default_checked = config.default_checked;
    }

    /// Whether the row of `id` is checked, if there is one.
    pub fn checked(&self, id: &str) -> Option<bool> {
        self.entries.iter().find(|e| e.user.id == id).map(|e| e.checked)
    }

    /// Flips the checked state of `id`'s row; returns whether there was one. The caller checks
    /// that the row is available.
    pub fn toggle(&mut self, id: &str) -> bool {
        match self.entries.iter_mut().find(|e| e.user.id == id) {
            Some(entry) => {
                entry.checked = !entry.checked;
                true
            }
            None => false,
        }
    }

    /// The rows to show, in order, without the kit's own user; `in_call` and `calling` tell who
    /// is in the call and who has a pending invitation.
    pub fn rows<'a>(&'a self, me: &str, in_call: impl Fn(&str) -> bool, calling: impl Fn(&str) -> bool) -> Vec<Row<'a>> {
        self.entries
            .iter()
            .filter(|e| e.user.id != me)
            .map(|Entry { user, checked }| {
                let status = if in_call(&user.id) {
                    RowStatus::InCall
                } else if calling(&user.id) {
                    RowStatus::Calling
                } else {
                    RowStatus::Available(*checked)
                };
                Row { user, status }
            })
            .collect()
    }

    /// The users the invite button would invite: checked and available (see [`Self::rows`]).
    pub fn selected(&self, me: &str, in_call: impl Fn(&str) -> bool, calling: impl Fn(&str) -> bool) -> Vec<User> {
        self.rows(me, in_call, calling)
            .into_iter()
            .filter(|row| row.status == RowStatus::Available(true))
            .map(|row| row.user.clone())
            .collect()
    }
}
