//! The DOM views (web-sys): they render the core's [`Screen`] and post user intents back.
mod call_page;
mod calling;
mod dialog;
mod dom;
mod focus;
mod icons;
mod ringtone;
mod sidebar;
mod style;
mod tiles;
mod toasts;

use crate::core::screen::Screen;
use crate::core::{Event, Language, Toast};
use call_page::{CallPage, Streams};
use calling::CallingPage;
use dialog::IncomingDialog;
use ringtone::Ringtone;
use std::cell::RefCell;
use std::rc::Rc;
use toasts::Toasts;
use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

/// How a view hands a user intent to the kit.
pub type Post = Rc<dyn Fn(Event)>;

/// Ringtone URLs, as `ringtoneConfig` gives them.
#[derive(Clone, Copy, Default)]
pub struct RingtoneUrls<'a> {
    /// While an invitation rings here.
    pub incoming: Option<&'a str>,
    /// While this kit's invitations ring elsewhere.
    pub outgoing: Option<&'a str>,
}

/// Everything a kit shows in one document.
pub struct View {
    doc: Document,
    post: Post,
    /// The kit's full-viewport layer (the incoming dialog, toasts, a call without container):
    /// `layer.inner`, in the shadow root of `layer.host`, on `document.body`.
    layer: dom::Shadow,
    toasts: Toasts,
    /// The kit's place in the app's container, while a page is shown there.
    stage: RefCell<Option<Stage>>,
    ringtone: Ringtone,
    call_page: RefCell<Option<CallPage>>,
    calling: RefCell<Option<CallingPage>>,
    dialog: RefCell<Option<IncomingDialog>>,
}

/// The kit's element in an app's container: the call page or the "Calling…" page, and the
/// toasts of that call, in a shadow root.
struct Stage {
    container: Element,
    shadow: dom::Shadow,
    toasts: Toasts,
}

/// The markup of a layer or a stage: a root and its toasts region.
const LAYER: &str = r#"<div class="cki-root cki-layer"><div class="cki-toasts" role="status" aria-live="polite"></div></div>"#;
const STAGE: &str = r#"<div class="cki-root cki-stage"><div class="cki-toasts" role="status" aria-live="polite"></div></div>"#;

impl View {
    /// A view in the page's document, or `None` without a DOM (Node).
    pub fn new(post: Post) -> Option<View> {
        let doc = dom::document()?;
        let body = doc.body()?;
        let layer = dom::shadow(&doc, LAYER)?;
        let toasts = Toasts::new(dom::find(&layer.inner, "[role=status]"));
        let _ = body.append_child(&layer.host);
        Some(View {
            doc,
            post,
            layer,
            toasts,
            stage: RefCell::default(),
            ringtone: Ringtone::default(),
            call_page: RefCell::default(),
            calling: RefCell::default(),
            dialog: RefCell::default(),
        })
    }

    /// Shows `screen`; the call page goes into `container` when the room config gave one.
    /// Fails when a page cannot go into the container; the rest is drawn all the same.
    pub fn render(&self, screen: &Screen, container: Option<&Element>, ringtones: RingtoneUrls<'_>, streams: Streams<'_>) -> Result<(), JsValue> {
        let lang = screen.language;
        let paged = screen.call.is_some() || screen.calling.is_some();
        let (stage, placed) = match container.filter(|_| paged) {
            Some(container) => self.stage_in(container),
            None => {
                if let Some(stage) = self.stage.borrow_mut().take() {
                    self.retire(stage);
                }
                (self.layer.inner.clone(), Ok(()))
            }
        };
        let call = self.render_call(screen, &stage, lang, streams);
        let calling = self.render_calling(screen, &stage, lang);
        self.render_dialog(screen, lang);
        let waiting_for_mine = screen.calling.is_some() || screen.call.as_ref().is_some_and(|c| c.waiting.iter().any(|w| w.mine));
        let tone = if screen.incoming.is_some() {
            ringtones.incoming
        } else if waiting_for_mine {
            ringtones.outgoing
        } else {
            None
        };
        self.ringtone.set(&self.layer.inner, tone);
        placed.and(call).and(calling)
    }

    /// The kit's stage in `container`, made (and put first in it) when there is none there yet.
    fn stage_in(&self, container: &Element) -> (Element, Result<(), JsValue>) {
        let mut slot = self.stage.borrow_mut();
        if let Some(stage) = slot.as_ref().filter(|s| s.container == *container) {
            return (stage.shadow.inner.clone(), Ok(()));
        }
        if let Some(old) = slot.take() {
            self.retire(old);
        }
        let Some(shadow) = dom::shadow(&self.doc, STAGE) else {
            return (self.layer.inner.clone(), Ok(()));
        };
        let _ = shadow.host.set_attribute("data-stage", "");
        let placed = dom::prepend(container, &shadow.host);
        let root = shadow.inner.clone();
        let toasts = Toasts::new(dom::find(&root, "[role=status]"));
        *slot = Some(Stage { container: container.clone(), shadow, toasts });
        (root, placed)
    }

    /// Takes a stage out of its container; its toasts still shown go on in the layer (a
    /// "declined" toast outlives the "Calling…" page it is about).
    fn retire(&self, stage: Stage) {
        stage.toasts.move_to(&self.toasts);
        stage.shadow.host.remove();
    }

    fn render_call(&self, screen: &Screen, stage: &Element, lang: Language, streams: Streams<'_>) -> Result<(), JsValue> {
        let mut slot = self.call_page.borrow_mut();
        if slot.as_ref().is_some_and(|p| screen.call.as_ref().is_none_or(|c| c.call_id != p.call_id)) {
            if let Some(page) = slot.take() {
                page.root.remove();
            }
        }
        let mut placed = Ok(());
        if let Some(view) = &screen.call {
            let page = slot.get_or_insert_with(|| CallPage::new(&self.doc, &view.call_id, &self.post));
            if page.root.parent_element().as_ref() != Some(stage) {
                placed = dom::prepend(stage, &page.root);
            }
            page.update(&self.doc, view, lang, &self.post, streams);
        }
        placed
    }

    fn render_calling(&self, screen: &Screen, stage: &Element, lang: Language) -> Result<(), JsValue> {
        let mut slot = self.calling.borrow_mut();
        let mut placed = Ok(());
        match (&screen.calling, slot.is_some()) {
            (Some(view), false) => {
                let page = CallingPage::new(&self.doc, view, &self.post);
                page.update(view, lang);
                placed = dom::prepend(stage, &page.root);
                page.focus();
                *slot = Some(page);
            }
            (Some(view), true) => {
                if let Some(page) = slot.as_ref() {
                    page.update(view, lang);
                }
            }
            (None, true) => {
                if let Some(page) = slot.take() {
                    page.root.remove();
                }
            }
            (None, false) => {}
        }
        placed
    }

    fn render_dialog(&self, screen: &Screen, lang: Language) {
        let mut slot = self.dialog.borrow_mut();
        let stale = slot.as_ref().is_some_and(|d| screen.incoming.as_ref().is_none_or(|i| i.call_id != d.call_id));
        if stale {
            if let Some(dialog) = slot.take() {
                dialog.close();
            }
        }
        if let Some(view) = &screen.incoming {
            if slot.is_none() {
                let dialog = IncomingDialog::new(&self.doc, view, &self.post);
                dialog.update(view, lang);
                let _ = self.layer.inner.append_child(&dialog.root);
                dialog.focus();
                *slot = Some(dialog);
            } else if let Some(dialog) = slot.as_ref() {
                dialog.update(view, lang);
            }
        }
    }

    /// Shows a toast: in the app's container while the call is shown there.
    pub fn toast(&self, toast: &Toast, lang: Language) {
        match self.stage.borrow().as_ref() {
            Some(stage) => stage.toasts.show(&self.doc, toast, lang),
            None => self.toasts.show(&self.doc, toast, lang),
        }
    }
}

impl Drop for View {
    fn drop(&mut self) {
        self.ringtone.set(&self.layer.inner, None);
        if let Some(page) = self.call_page.borrow_mut().take() {
            page.root.remove();
        }
        if let Some(page) = self.calling.borrow_mut().take() {
            page.root.remove();
        }
        if let Some(stage) = self.stage.borrow_mut().take() {
            stage.shadow.host.remove();
        }
        self.layer.host.remove();
    }
}
