//! Helpers for the browser UI tests: kits with their own container, DOM queries by role and
//! accessible name, polling with a deadline, keyboard events.
#![allow(dead_code)]

use callkit_invite::web::CallKit;
use js_sys::{Array, Function, Promise, Reflect, JSON};
use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

pub const IMG: &str = "<img src=x onerror=alert(1)>";
pub const BOLD: &str = "<b>x</b>";

pub fn doc() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

pub fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or_else(|e| panic!("bad test JSON {text}: {e:?}"))
}

/// A JS string literal for `s` (for building JSON in tests).
pub fn js_str(s: &str) -> String {
    JSON::stringify(&JsValue::from_str(s)).unwrap().as_string().unwrap()
}

pub fn js_fn(args: &str, body: &str) -> Function {
    Function::new_with_args(args, body)
}

pub async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Polls `f` every 10 ms until it gives `Some`, for at most `ms` milliseconds.
pub async fn wait_for<T>(what: &str, ms: f64, mut f: impl FnMut() -> Option<T>) -> T {
    let start = js_sys::Date::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        if js_sys::Date::now() - start > ms {
            panic!("timed out after {ms} ms waiting for {what}");
        }
        sleep(10).await;
    }
}

/// Waits (up to 2 s) until `f` holds.
pub async fn until(what: &str, mut f: impl FnMut() -> bool) {
    wait_for(what, 2000.0, || f().then_some(())).await
}

thread_local! {
    static NEXT_APP: Cell<u32> = Cell::new((js_sys::Math::random() * 1_000_000.0) as u32 * 100 + 1);
}

/// An appID no other test of this run uses.
pub fn fresh_app() -> u32 {
    NEXT_APP.with(|n| {
        let v = n.get();
        n.set(v + 1);
        v
    })
}

/// Removes what a failed earlier test may have left in the page.
pub fn clean_page() {
    let body = doc().body().unwrap();
    for e in all(&body, ".test-container, callkit-invite") {
        e.remove();
    }
    let _ = js_fn("", "window.__alerts = []; window.alert = function(m){ window.__alerts.push(String(m)); };").call0(&JsValue::NULL);
}

/// What `window.alert` was called with since [`clean_page`].
pub fn alerts() -> u32 {
    let v = Reflect::get(&web_sys::window().unwrap(), &JsValue::from_str("__alerts")).unwrap();
    Array::from(&v).length()
}

/// A kit with its own container (returned by `onSetRoomConfigBeforeJoining`) and UI layer.
pub struct TestKit {
    pub kit: CallKit,
    pub user_id: String,
    /// The element the call page goes into.
    pub container: Element,
    /// The kit's own layer on `document.body` (dialog, toasts, pages without a container).
    pub layer: Element,
}

impl TestKit {
    /// A kit for `user_id`/`name` in `app`, configured with `config` (JSON) and an
    /// `onSetRoomConfigBeforeJoining` that returns `room` (JSON) plus `container`.
    pub fn new(app: u32, user_id: &str, name: &str, config: &str, room: &str) -> TestKit {
        let d = doc();
        let body = d.body().unwrap();
        let container = d.create_element("div").unwrap();
        container.set_class_name("test-container");
        container.set_attribute("data-user", user_id).unwrap();
        container.set_attribute("style", "position:relative;width:900px;height:600px;overflow:hidden").unwrap();
        body.append_child(&container).unwrap();
        let init = json(&format!(r#"{{"appID":{app},"userID":{},"userName":{}}}"#, js_str(user_id), js_str(name)));
        let kit = CallKit::create(init).expect("CallKit.create");
        let host = body.last_element_child().expect("a layer");
        assert_eq!(host.tag_name(), "CALLKIT-INVITE", "the kit appends its layer's host to body");
        let layer = host.shadow_root().expect("an open shadow root").query_selector(".cki-layer").unwrap().expect("the layer in the shadow root");
        let cfg = json(config);
        let hook = js_fn("c, extra", "return function(callType){ var r = JSON.parse(extra); r.container = c; return r; };")
            .call2(&JsValue::NULL, &container, &JsValue::from_str(room))
            .unwrap();
        Reflect::set(&cfg, &JsValue::from_str("onSetRoomConfigBeforeJoining"), &hook).unwrap();
        kit.set_call_invitation_config(cfg).expect("setCallInvitationConfig");
        TestKit { kit, user_id: user_id.to_owned(), container, layer }
    }

    /// `sendCallInvitation({ callees, callType })`, awaited; returns the result object.
    pub async fn send(&self, callees: &str, call_type: u8) -> JsValue {
        let opts = json(&format!(r#"{{"callees":{callees},"callType":{call_type}}}"#));
        JsFuture::from(self.kit.send_call_invitation(opts)).await.expect("sendCallInvitation resolves")
    }

    /// The scopes where this kit's UI lives: its container, then its layer.
    pub fn scopes(&self) -> [Element; 2] {
        [self.container.clone(), self.layer.clone()]
    }

    /// Every element matching `sel` in this kit's UI.
    pub fn all(&self, sel: &str) -> Vec<Element> {
        self.scopes().iter().flat_map(|s| all(s, sel)).collect()
    }

    /// The call page (`section` with the bottom bar), when shown.
    pub fn call_page(&self) -> Option<Element> {
        // The call page is the region holding "Leave call".
        self.all("section").into_iter().find(|s| find(s, "button", "Leave call").is_some() || find(s, "button", "离开通话").is_some())
    }

    /// A visible control of `role` named `name` anywhere in this kit's UI.
    pub fn find(&self, role: &str, name: &str) -> Option<Element> {
        self.scopes().iter().find_map(|s| find(s, role, name).filter(visible))
    }

    /// Like [`TestKit::find`], waiting up to 2 s.
    pub async fn wait(&self, role: &str, name: &str) -> Element {
        let what = format!("{role} {name:?} for {}", self.user_id);
        wait_for(&what, 2000.0, || self.find(role, name)).await
    }

    /// The visible element of `role` (first one).
    pub fn role(&self, role: &str) -> Option<Element> {
        self.scopes().iter().flat_map(|s| by_role(s, role)).find(visible)
    }

    pub async fn wait_role(&self, role: &str) -> Element {
        let what = format!("role {role} for {}", self.user_id);
        wait_for(&what, 2000.0, || self.role(role)).await
    }

    /// The open sidebar (`role="dialog"`), when visible.
    pub fn sidebar(&self) -> Option<Element> {
        self.role("dialog")
    }

    /// A toast with exactly `text`, in a `role="status"` region.
    pub fn toast(&self, text: &str) -> Option<Element> {
        self.all("[role=status]").into_iter().flat_map(|r| all(&r, "*")).find(|e| e.text_content().as_deref() == Some(text))
    }

    /// A tile (`role="group"`) named `name`.
    pub fn tile(&self, name: &str) -> Option<Element> {
        self.find("group", name)
    }

    /// Opens the "..." menu and picks "Invite members" (or `item`); returns the sidebar.
    pub async fn open_sidebar_via(&self, more: &str, item: &str) -> Element {
        let more_b = self.wait("button", more).await;
        if more_b.get_attribute("aria-expanded").as_deref() != Some("true") {
            click(&more_b);
        }
        let item = self.wait("menuitem", item).await;
        click(&item);
        wait_for("the sidebar", 2000.0, || self.sidebar()).await
    }

    pub async fn open_sidebar(&self) -> Element {
        self.open_sidebar_via("More", "Invite members").await
    }

    /// Every element of this kit's UI that a name could have turned into.
    pub fn injected(&self) -> Vec<String> {
        self.all("img, b, script").iter().map(|e| e.outer_html()).collect()
    }
}

impl Drop for TestKit {
    fn drop(&mut self) {
        self.kit.destroy();
        self.container.remove();
    }
}

/// The elements matching `sel` in `scope`, and inside the kit's shadow roots (`<callkit-invite>`
/// hosts) under it, as a user (and assistive technology) sees through them.
pub fn all(scope: &Element, sel: &str) -> Vec<Element> {
    fn collect(list: web_sys::NodeList, out: &mut Vec<Element>) {
        out.extend((0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()));
    }
    fn walk(list: web_sys::NodeList, hosts: web_sys::NodeList, sel: &str, out: &mut Vec<Element>) {
        collect(list, out);
        for host in (0..hosts.length()).filter_map(|i| hosts.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()) {
            if let Some(root) = host.shadow_root() {
                walk(root.query_selector_all(sel).unwrap(), root.query_selector_all("callkit-invite").unwrap(), sel, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(scope.query_selector_all(sel).unwrap(), scope.query_selector_all("callkit-invite").unwrap(), sel, &mut out);
    out
}

/// The element with ID `id` in the same tree as `e` (IDREFs do not cross shadow roots).
pub fn by_id(e: &Element, id: &str) -> Option<Element> {
    match e.get_root_node().dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow) => shadow.get_element_by_id(id),
        None => doc().get_element_by_id(id),
    }
}

/// Whether the kit put `page` into `container`: first in the shadow root of the kit's element
/// there.
pub fn placed_in(page: &Element, container: &Element) -> bool {
    let host = page.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok().map(|r| r.host());
    host.is_some_and(|h| h.parent_element().as_ref() == Some(container) && h.tag_name() == "CALLKIT-INVITE")
}

/// Elements with `role` (explicit, or implicit for button/checkbox/heading) in `scope`.
pub fn by_role(scope: &Element, role: &str) -> Vec<Element> {
    let sel = match role {
        "button" => "button:not([role]), [role=button]".to_owned(),
        "checkbox" => "input[type=checkbox]:not([role]), [role=checkbox]".to_owned(),
        "heading" => "h1, h2, h3, h4, h5, h6, [role=heading]".to_owned(),
        "list" => "ul, ol, [role=list]".to_owned(),
        "region" => "section[aria-label], section[aria-labelledby], [role=region]".to_owned(),
        other => format!("[role={other}]"),
    };
    all(scope, &sel)
}

/// The first element of `role` whose accessible name is `name`.
pub fn find(scope: &Element, role: &str, name: &str) -> Option<Element> {
    by_role(scope, role).into_iter().find(|e| accessible_name(e) == name)
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A simplified accessible name: aria-labelledby, aria-label, `<label>` for inputs, else text.
pub fn accessible_name(e: &Element) -> String {
    if let Some(ids) = e.get_attribute("aria-labelledby") {
        let parts: Vec<String> = ids
            .split_whitespace()
            .filter_map(|id| by_id(e, id))
            .map(|l| squash(&l.text_content().unwrap_or_default()))
            .collect();
        return parts.join(" ");
    }
    if let Some(label) = e.get_attribute("aria-label") {
        return squash(&label);
    }
    if e.tag_name() == "INPUT" {
        if let Some(label) = e.closest("label").unwrap() {
            return squash(&label.text_content().unwrap_or_default());
        }
        if let Some(id) = e.get_attribute("id") {
            if let Some(label) = doc().query_selector(&format!("label[for='{id}']")).unwrap() {
                return squash(&label.text_content().unwrap_or_default());
            }
        }
        return String::new();
    }
    squash(&e.text_content().unwrap_or_default())
}

/// Text of the elements `aria-describedby` points to.
pub fn description(e: &Element) -> String {
    e.get_attribute("aria-describedby")
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|id| by_id(e, id))
        .map(|l| squash(&l.text_content().unwrap_or_default()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `e` is rendered (connected and has a box).
pub fn visible(e: &Element) -> bool {
    e.is_connected()
        && js_fn("e", "return e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';")
            .call1(&JsValue::NULL, e)
            .unwrap()
            .as_bool()
            .unwrap()
}

pub fn text(e: &Element) -> String {
    e.text_content().unwrap_or_default()
}

pub fn click(e: &Element) {
    e.dyn_ref::<HtmlElement>().expect("an HTML element").click();
}

pub fn focus(e: &Element) {
    e.dyn_ref::<HtmlElement>().expect("an HTML element").focus().unwrap();
}

/// The element that has focus, inside the kit's shadow roots too.
pub fn active() -> Option<Element> {
    let mut active = doc().active_element()?;
    while let Some(inner) = active.shadow_root().and_then(|r| r.active_element()) {
        active = inner;
    }
    Some(active)
}

pub fn checkbox(e: &Element) -> HtmlInputElement {
    e.clone().dyn_into::<HtmlInputElement>().expect("a checkbox input")
}

pub fn checked(e: &Element) -> bool {
    checkbox(e).checked()
}

pub fn disabled(e: &Element) -> bool {
    e.has_attribute("disabled")
}

/// Dispatches a bubbling, cancelable `keydown` of `key` at `target`; returns whether it was
/// not cancelled (like `dispatchEvent`).
pub fn key(target: &Element, key: &str, shift: bool) -> bool {
    js_fn(
        "t, k, s",
        "return t.dispatchEvent(new KeyboardEvent('keydown', { key: k, code: k, shiftKey: s, bubbles: true, cancelable: true }));",
    )
    .call3(&JsValue::NULL, target, &JsValue::from_str(key), &JsValue::from_bool(shift))
    .unwrap()
    .as_bool()
    .unwrap()
}

/// Names of the visible checkboxes in `scope`, in order.
pub fn row_names(scope: &Element) -> Vec<String> {
    by_role(scope, "checkbox").iter().filter(|e| visible(e)).map(accessible_name).collect()
}

/// Describes `e` for assertion messages.
pub fn html(e: &Element) -> String {
    e.outer_html()
}

/// A short description of `e` (for "focus is on ..." messages).
pub fn describe(e: &Option<Element>) -> String {
    match e {
        None => "nothing".to_owned(),
        Some(e) => format!("<{} class={:?}> named {:?}", e.tag_name().to_lowercase(), e.class_name(), accessible_name(e).chars().take(40).collect::<String>()),
    }
}
