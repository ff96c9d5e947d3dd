//! The Invitees sidebar's rows: who can be picked, who is disabled and why, what is checked.
use crate::core::call::Call;
use crate::core::config::ListConfig;
use crate::core::user::User;

/// The invitee list of one call; its checked state outlives closing the sidebar.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InvitationList {
    rows: Vec<(User, bool)>,
    default_checked: bool,
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
        let rows = config
            .users
            .iter()
            .map(|user| {
                let checked = self.checked(&user.id).unwrap_or(config.default_checked);
                (user.clone(), checked)
            })
            .collect();
        self.rows = rows;
        self.default_checked = config.default_checked;
    }

    /// Whether the row of `id` is checked, if there is one.
    pub fn checked(&self, id: &str) -> Option<bool> {
        self.rows.iter().find(|(u, _)| u.id == id).map(|(_, c)| *c)
    }

    /// Flips the checked state of `id`'s row; returns whether there was one. The caller checks
    /// that the row is available.
    pub fn toggle(&mut self, id: &str) -> bool {
        match self.rows.iter_mut().find(|(u, _)| u.id == id) {
            Some((_, checked)) => {
                *checked = !*checked;
                true
            }
            None => false,
        }
    }

    /// The rows to show, in order, without the kit's own user.
    pub fn rows<'a>(&'a self, me: &str, call: &Call) -> Vec<Row<'a>> {
        self.rows
            .iter()
            .filter(|(u, _)| u.id != me)
            .map(|(user, checked)| {
                let status = if call.is_participant(&user.id) {
                    RowStatus::InCall
                } else if call.is_pending(&user.id) {
                    RowStatus::Calling
                } else {
                    RowStatus::Available(*checked)
                };
                Row { user, status }
            })
            .collect()
    }

    /// The users the invite button would invite: checked and available.
    pub fn selected(&self, me: &str, call: &Call) -> Vec<User> {
        self.rows(me, call)
            .into_iter()
            .filter(|row| row.status == RowStatus::Available(true))
            .map(|row| row.user.clone())
            .collect()
    }
}
