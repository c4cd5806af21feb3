//! `additionalData`: Consumer Direct questions, answers and notes. The
//! documentation allows no other properties there, so the request side offers
//! exactly the 30 documented keys (snake_case on the wire, as documented).

use autoclient_common::Patch;
use serde::{Deserialize, Serialize};

macro_rules! additional_data {
    ($( #[doc = $doc:literal] $name:ident : $ty:ty, )*) => {
        /// The documented keys of `additionalData`, each optional (request side
        /// of a create; the decoded `fields` of [`AdditionalData`](super::AdditionalData)).
        ///
        /// ```
        /// use dealerauction_client::serde_json;
        /// use dealerauction_client::models::AdditionalDataFields;
        /// let mut a = AdditionalDataFields::default();
        /// a.taxi = Some(false);
        /// a.odour_note = Some("none".into());
        /// assert_eq!(serde_json::to_string(&a).unwrap(), r#"{"odour_note":"none","taxi":false}"#);
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
        #[non_exhaustive]
        #[must_use = "pass it to NewStockItem::additional_data(..): building it sends nothing"]
        pub struct AdditionalDataFields {
            $(
                #[doc = $doc]
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $name: Option<$ty>,
            )*
        }

        /// A patch of `additionalData`: each documented key absent (unchanged),
        /// null (cleared) or a value. No other key can be sent.
        #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
        #[non_exhaustive]
        #[must_use = "put it in a StockPatch and send that with client.update_stock(..)"]
        pub struct AdditionalDataPatch {
            $(
                #[doc = $doc]
                #[serde(default, skip_serializing_if = "Patch::is_absent")]
                pub $name: Patch<$ty>,
            )*
        }

        impl AdditionalDataPatch {
            /// Whether nothing is set (the patch sends `{}`).
            #[must_use = "this only computes a value: use it"]
            pub fn is_empty(&self) -> bool {
                true $( && self.$name.is_absent() )*
            }
        }

        impl AdditionalDataPatch {
            /// The keys that differ from `before` to `after`: a key `after`
            /// lacks is cleared (`null`), a changed one set.
            pub(crate) fn diff(before: &AdditionalDataFields, after: &AdditionalDataFields) -> Self {
                Self {
                    $( $name: match (&before.$name, &after.$name) {
                        (b, a) if b == a => Patch::Absent,
                        (_, None) => Patch::Null,
                        (_, Some(a)) => Patch::Value(a.clone()),
                    }, )*
                }
            }
        }

        /// `additionalData` as read, before it is split into the documented
        /// keys and the rest.
        struct AdditionalDataWire {
            $( $name: Option<$ty>, )*
            extra: serde_json::Map<String, serde_json::Value>,
        }

        autoclient_common::deserialize_keeping_unknown! {
            AdditionalDataWire, "an additionalData object",
            required {},
            optional { $( $name: { stringify!($name) } ),* },
        }

        /// Decoded in one pass: the documented keys into `fields`, any other
        /// key into `extra` (no `flatten` buffering).
        impl<'de> Deserialize<'de> for super::AdditionalData {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let wire = AdditionalDataWire::deserialize(d)?;
                Ok(super::AdditionalData {
                    fields: AdditionalDataFields { $( $name: wire.$name, )* },
                    extra: wire.extra,
                })
            }
        }

        impl From<&AdditionalDataFields> for AdditionalDataPatch {
            /// A patch setting every key that is present (absent keys stay unchanged).
            fn from(f: &AdditionalDataFields) -> Self {
                Self {
                    $( $name: match &f.$name { Some(v) => Patch::Value(v.clone()), None => Patch::Absent }, )*
                }
            }
        }
    };
}

additional_data! {
    /// `mechanical_fails_start`.
    mechanical_fails_start: bool,
    /// `mechanical_bad_gearbox`.
    mechanical_bad_gearbox: bool,
    /// `mechanical_unusual_noise`.
    mechanical_unusual_noise: bool,
    /// `mechanical_veers`.
    mechanical_veers: bool,
    /// `mechanical_warning_light`.
    mechanical_warning_light: bool,
    /// `mechanical_exhaust_smoke`.
    mechanical_exhaust_smoke: bool,
    /// `mechanical_leaks`.
    mechanical_leaks: bool,
    /// `mechanical_note`.
    mechanical_note: String,
    /// `electrical_aircon_not_cold`.
    electrical_aircon_not_cold: bool,
    /// `electrical_dashboard_not_working`.
    electrical_dashboard_not_working: bool,
    /// `electrical_speakers_not_working`.
    electrical_speakers_not_working: bool,
    /// `electrical_satnav_not_working`.
    electrical_satnav_not_working: bool,
    /// `electrical_note`.
    electrical_note: String,
    /// `odour_smoke`.
    odour_smoke: bool,
    /// `odour_pet`.
    odour_pet: bool,
    /// `odour_damp`.
    odour_damp: bool,
    /// `odour_note`.
    odour_note: String,
    /// `bodywork_repairs`.
    bodywork_repairs: bool,
    /// `bodywork_repairs_note`.
    bodywork_repairs_note: String,
    /// `bodywork_issues`.
    bodywork_issues: bool,
    /// `bodywork_issues_note`.
    bodywork_issues_note: String,
    /// `vehicle_modifications`.
    vehicle_modifications: bool,
    /// `vehicle_modifications_note`.
    vehicle_modifications_note: String,
    /// `c2b_top_nav_journey`.
    c2b_top_nav_journey: bool,
    /// `v5c_in_different_name`.
    v5c_in_different_name: bool,
    /// `test_name`.
    test_name: String,
    /// `test_group`.
    test_group: String,
    /// `c2b_valuation_range_lower`.
    c2b_valuation_range_lower: i32,
    /// `c2b_valuation_range_upper`.
    c2b_valuation_range_upper: i32,
    /// `taxi`.
    taxi: bool,
}
