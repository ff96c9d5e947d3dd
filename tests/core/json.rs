//! The protocol's JSON reader and writer agree with serde_json, and never panic.
use callkit_invite::core::json::{parse, write_str, Value, MAX_DEPTH};
use proptest::prelude::*;

fn to_serde(v: &Value) -> Option<serde_json::Value> {
    Some(match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => (*b).into(),
        Value::Int(n) => (*n).into(),
        Value::OtherNumber => return None,
        Value::Str(s) => s.clone().into(),
        Value::Arr(items) => items.iter().map(to_serde).collect::<Option<Vec<_>>>()?.into(),
        Value::Obj(members) => {
            let mut map = serde_json::Map::new();
            for (k, v) in members {
                map.insert(k.clone(), to_serde(v)?);
            }
            map.into()
        }
    })
}

#[test]
fn reads_every_kind_of_value() {
    let v = parse(r#" {"a": [1, 0, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"], "b": {}, "c": -1.5e3, "d": 18446744073709551616} "#).unwrap();
    let a = v.get("a").unwrap();
    assert_eq!(
        a,
        &Value::Arr(vec![
            Value::Int(1),
            Value::Int(0),
            Value::Bool(true),
            Value::Bool(false),
            Value::Null,
            Value::Str("x\"\\/\u{8}\u{c}\n\r\té😀".into())
        ])
    );
    assert_eq!(v.get("b"), Some(&Value::Obj(vec![])));
    assert_eq!(v.get("c"), Some(&Value::OtherNumber));
    assert_eq!(v.get("d"), Some(&Value::OtherNumber), "beyond u64 is not an integer");
}

#[test]
fn rejects_what_json_forbids() {
    for bad in [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "\"abc", "\"\\x\"", "\"\\u12\"", "tru", "nul",
        "{\"a\" 1}", "{a:1}", "[1 2]", "\"\u{1}\"", "1 2", "{\"a\":1,\"a\":2}", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
    ] {
        assert!(parse(bad).is_err(), "accepted {bad:?}");
    }
}

#[test]
fn bounds_nesting() {
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(parse(&ok).is_ok());
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(parse(&deep).unwrap_err().what, "nested too deeply");
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(Into::into),
        any::<u64>().prop_map(Into::into),
        any::<String>().prop_map(Into::into),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Into::into),
            prop::collection::btree_map(any::<String>(), inner, 0..6).prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn reads_what_serde_json_writes(v in json_value()) {
        let text = serde_json::to_string(&v).unwrap();
        let ours = parse(&text).unwrap();
        prop_assert_eq!(to_serde(&ours), Some(v));
    }

    #[test]
    fn writes_strings_serde_json_reads(s in any::<String>()) {
        let mut out = String::new();
        write_str(&mut out, &s);
        prop_assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s.clone());
        prop_assert_eq!(parse(&out).unwrap(), Value::Str(s));
    }

    #[test]
    fn never_panics_and_accepts_only_json(text in ".{0,64}") {
        if let Ok(ours) = parse(&text) {
            let theirs: serde_json::Value = serde_json::from_str(&text).expect("we accepted what is not JSON");
            if let Some(mine) = to_serde(&ours) {
                prop_assert_eq!(mine, theirs);
            }
        }
    }
}
