//! Contract equality of JSON values, used by every crate's contract tests:
//! numbers compare by value (`1200` equals `1200.0`), RFC 3339 date-times by
//! instant (`Z` equals `+00:00`), everything else exactly (same keys, same
//! array lengths and order, same strings).

use serde_json::Value;

/// The first difference between `expected` and `actual`, with its JSON path,
/// or `None` when they are equal under contract equality.
///
/// ```
/// use serde_json::json;
/// use autoclient_common::contract::contract_diff;
/// assert_eq!(contract_diff(&json!({"a": 1200}), &json!({"a": 1200.0})), None);
/// assert_eq!(
///     contract_diff(&json!({"t": "2024-01-01T10:00:00Z"}), &json!({"t": "2024-01-01T10:00:00+00:00"})),
///     None
/// );
/// assert!(contract_diff(&json!({"a": 1}), &json!({"a": "1"})).is_some());
/// ```
#[must_use]
pub fn contract_diff(expected: &Value, actual: &Value) -> Option<String> {
    diff_at("$", expected, actual)
}

/// Panics with the path of the first difference when the two values are not
/// equal under contract equality (a test helper).
#[track_caller]
pub fn assert_contract_eq(expected: &Value, actual: &Value) {
    if let Some(d) = contract_diff(expected, actual) {
        panic!(
            "contract mismatch: {d}\nexpected: {}\nactual:   {}",
            serde_json::to_string_pretty(expected).unwrap_or_default(),
            serde_json::to_string_pretty(actual).unwrap_or_default()
        );
    }
}

fn number_eq(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    if a == b {
        return true;
    }
    let parse = |n: &serde_json::Number| {
        let s = n.to_string();
        crate::wire::parse_decimal(&s).ok()
    };
    match (parse(a), parse(b)) {
        (Some(x), Some(y)) => x == y,
        _ => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

fn instant(s: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    if s.len() < 20
        || !s
            .as_bytes()
            .get(10)
            .is_some_and(|c| *c == b'T' || *c == b't')
    {
        return None;
    }
    chrono::DateTime::parse_from_rfc3339(s).ok()
}

fn diff_at(path: &str, e: &Value, a: &Value) -> Option<String> {
    match (e, a) {
        (Value::Null, Value::Null) => None,
        (Value::Bool(x), Value::Bool(y)) if x == y => None,
        (Value::Number(x), Value::Number(y)) => {
            (!number_eq(x, y)).then(|| format!("{path}: expected {x}, got {y}"))
        }
        (Value::String(x), Value::String(y)) => {
            if x == y {
                return None;
            }
            match (instant(x), instant(y)) {
                (Some(p), Some(q)) if p == q => None,
                _ => Some(format!("{path}: expected {x:?}, got {y:?}")),
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!(
                    "{path}: expected {} elements, got {}",
                    x.len(),
                    y.len()
                ));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (p, q))| diff_at(&format!("{path}[{i}]"), p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            if let Some(k) = x.keys().find(|k| !y.contains_key(*k)) {
                return Some(format!("{path}.{k}: missing"));
            }
            if let Some(k) = y.keys().find(|k| !x.contains_key(*k)) {
                return Some(format!("{path}.{k}: unexpected"));
            }
            x.iter()
                .find_map(|(k, v)| diff_at(&format!("{path}.{k}"), v, &y[k]))
        }
        _ => Some(format!("{path}: expected {e}, got {a}")),
    }
}
