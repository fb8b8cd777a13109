//! Reading a buyer's essential data (DECP, format v2) as published: the file is streamed, one
//! contract at a time, and only what the indicators need is kept, so that a file of tens of
//! thousands of contracts is read in well under a second with little memory.
//!
//! Accepted forms, all seen in published files:
//! - `{"marches": {"marche": [ … ]}}` (the regulatory schema; `marche` may be one object);
//! - `{"marches": [ … ]}` (the consolidated files);
//! - `[ … ]` (a bare list of contracts).
//!
//! Concessions (`contrat-concession`, or entries whose `_type` names one) are counted and left
//! out. `considerationsSociales` is read as a list (`["Clause sociale"]`), as the schema's
//! object (`{"considerationSociale": [ … ]}`, or one string in it), or as one string whose
//! values are separated by commas or semicolons.

use crate::model::Nature;
use crate::programme::cpv::CpvTables;
use chrono::NaiveDate;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;
use std::io::Read;
use std::path::Path;

/// The social considerations one contract declares.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Social {
    pub clause: bool,
    pub criterion: bool,
    pub reserved: bool,
    /// « Pas de considération sociale » was declared.
    pub declared_none: bool,
}

impl Social {
    pub fn any(self) -> bool {
        self.clause || self.criterion || self.reserved
    }

    /// Neither a consideration nor « Pas de considération sociale »: the field is missing,
    /// empty, « NC » or holds values of no known kind.
    pub fn unknown(self) -> bool {
        !self.any() && !self.declared_none
    }
}

/// What the indicators keep of one contract.
#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    /// Position in the file's list of contracts (from 1).
    pub position: usize,
    pub id: String,
    pub object: String,
    pub cpv: Option<String>,
    /// Works, supplies or services, from the CPV code.
    pub nature: Option<Nature>,
    /// The DECP `nature` names a defence or security contract.
    pub defence: bool,
    pub notified: Option<NaiveDate>,
    pub amount_cents: Option<i64>,
    pub procedure: String,
    pub social: Social,
}

/// How the list of contracts was found in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecpForm {
    /// `{"marches": {"marche": [ … ]}}`
    Wrapped,
    /// `{"marches": [ … ]}`
    Flat,
    /// `[ … ]`
    List,
}

impl DecpForm {
    pub fn describe(self) -> &'static str {
        match self {
            DecpForm::Wrapped => "forme réglementaire {\"marches\": {\"marche\": [...]}}",
            DecpForm::Flat => "forme consolidée {\"marches\": [...]}",
            DecpForm::List => "liste de marchés [...]",
        }
    }
}

/// A contract read with a problem (kept or not), for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub position: usize,
    pub id: String,
    pub message: String,
}

/// How many issues are kept to show; the others are only counted.
pub const ISSUES_KEPT: usize = 50; // not a legal figure: a length of a list shown

#[derive(Debug, Clone, PartialEq)]
pub struct DecpFile {
    pub file_name: String,
    pub form: DecpForm,
    pub contracts: Vec<Contract>,
    pub concessions: usize,
    pub issues: Vec<Issue>,
    pub issue_count: usize,
}

impl DecpFile {
    fn issue(&mut self, position: usize, id: &str, message: String) {
        self.issue_count += 1;
        if self.issues.len() < ISSUES_KEPT {
            self.issues.push(Issue {
                position,
                id: id.to_string(),
                message,
            });
        }
    }
}

/// Reads a DECP JSON file. The error is French and names the file, the line and the column.
pub fn read_file(path: &Path) -> Result<DecpFile, String> {
    let (file, _) = crate::util::open_input(path)
        .map_err(|reason| format!("{} : lecture impossible ({reason})", path.display()))?;
    let name = path
        .file_name()
        .map_or(path.display().to_string(), |n| n.to_string_lossy().into());
    read(std::io::BufReader::with_capacity(1 << 16, file), &name)
        .map_err(|e| format!("{} : {e}", path.display()))
}

pub fn read_bytes(bytes: &[u8], file_name: &str) -> Result<DecpFile, String> {
    read(bytes, file_name)
}

fn read<R: Read>(reader: R, file_name: &str) -> Result<DecpFile, String> {
    let mut out = DecpFile {
        file_name: file_name.to_string(),
        form: DecpForm::List,
        contracts: Vec::new(),
        concessions: 0,
        issues: Vec::new(),
        issue_count: 0,
    };
    let mut reader = skip_bom(reader);
    let mut de = serde_json::Deserializer::from_reader(&mut reader);
    let found = Root { out: &mut out }
        .deserialize(&mut de)
        .map_err(json_error)?;
    de.end().map_err(json_error)?;
    if !found {
        return Err("aucune liste de marchés : le fichier doit contenir « marches » (voir le README, « Données essentielles acceptées »)".into());
    }
    Ok(out)
}

/// Drops a UTF-8 byte order mark, which Windows tools put before JSON.
fn skip_bom<R: Read>(mut reader: R) -> impl Read {
    let mut head = [0u8; 3];
    let mut filled = 0;
    while filled < 3 {
        match reader.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    let start = if head[..filled] == [0xEF, 0xBB, 0xBF] {
        3
    } else {
        0
    };
    std::io::Cursor::new(head[start..filled].to_vec()).chain(reader)
}

fn json_error(e: serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Eof => "fichier tronqué : le JSON s'arrête avant sa fin".to_string(),
        Category::Syntax => {
            "JSON illisible (virgule, guillemet, accolade ou caractère invalide)".to_string()
        }
        Category::Data => "structure inattendue pour des données essentielles".to_string(),
        Category::Io => {
            let text = e.to_string();
            if text.contains("recursion") {
                "imbrication trop profonde".to_string()
            } else {
                "lecture interrompue".to_string()
            }
        }
    };
    if e.line() == 0 {
        what
    } else {
        format!("ligne {}, colonne {} : {what}", e.line(), e.column())
    }
}

/// The top of the file: an object holding `marches`, or a bare list.
struct Root<'a> {
    out: &'a mut DecpFile,
}

impl<'de> DeserializeSeed<'de> for Root<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Root<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("un objet JSON avec « marches », ou une liste de marchés")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<bool, A::Error> {
        self.out.form = DecpForm::List;
        Contracts { out: self.out }.visit_seq(seq)?;
        Ok(true)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut found = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "marches" && !found {
                found = map.next_value_seed(Marches { out: self.out })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// The value of `marches`: a list (flat form) or an object with `marche`.
struct Marches<'a> {
    out: &'a mut DecpFile,
}

impl<'de> DeserializeSeed<'de> for Marches<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Marches<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("la liste des marchés")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<bool, A::Error> {
        self.out.form = DecpForm::Flat;
        Contracts { out: self.out }.visit_seq(seq)?;
        Ok(true)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        self.out.form = DecpForm::Wrapped;
        let mut found = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "marche" => {
                    map.next_value_seed(Contracts { out: self.out })?;
                    found = true;
                }
                "contrat-concession" => {
                    self.out.concessions += map.next_value_seed(CountItems)?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found)
    }

    // `"marches": null` or a scalar: nothing to read, said by the caller.
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
}

/// Counts the entries of a list (or one object) without reading them.
struct CountItems;

impl<'de> DeserializeSeed<'de> for CountItems {
    type Value = usize;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CountItems {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("une liste")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut n = 0;
        while seq.next_element::<IgnoredAny>()?.is_some() {
            n += 1;
        }
        Ok(n)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<usize, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(1)
    }
    fn visit_unit<E: de::Error>(self) -> Result<usize, E> {
        Ok(0)
    }
}

/// A list of contracts (or one contract object), each turned into a [`Contract`] as it comes.
struct Contracts<'a> {
    out: &'a mut DecpFile,
}

impl<'de> DeserializeSeed<'de> for Contracts<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Contracts<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("la liste des marchés")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let tables = CpvTables::bundled();
        let mut position = 0;
        while let Some(entry) = seq.next_element::<Entry>()? {
            position += 1;
            take(self.out, entry, position, tables);
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let raw = RawContract::deserialize(de::value::MapAccessDeserializer::new(map))?;
        take(
            self.out,
            Entry::Contract(Box::new(raw)),
            1,
            CpvTables::bundled(),
        );
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// One entry of the list: a contract, or something that is not an object.
enum Entry {
    Contract(Box<RawContract>),
    NotAnObject,
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Entry, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = Entry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("un marché")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry, A::Error> {
                RawContract::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|c| Entry::Contract(Box::new(c)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entry, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Entry::NotAnObject)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Entry, E> {
                Ok(Entry::NotAnObject)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Entry, E> {
                Ok(Entry::NotAnObject)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Entry, E> {
                Ok(Entry::NotAnObject)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Entry, E> {
                Ok(Entry::NotAnObject)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Entry, E> {
                Ok(Entry::NotAnObject)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Entry, E> {
                Ok(Entry::NotAnObject)
            }
        }
        d.deserialize_any(EntryVisitor)
    }
}

/// The fields the indicators read, each in whatever JSON type the file gives it; every
/// other field is skipped without being built.
#[derive(Deserialize, Default)]
#[serde(default)]
struct RawContract {
    id: Option<Value>,
    objet: Option<Value>,
    nature: Option<Value>,
    #[serde(rename = "codeCPV")]
    code_cpv: Option<Value>,
    #[serde(rename = "dateNotification")]
    date_notification: Option<Value>,
    montant: Option<Value>,
    procedure: Option<Value>,
    #[serde(rename = "considerationsSociales")]
    considerations_sociales: Option<Value>,
    #[serde(rename = "_type")]
    kind: Option<Value>,
}

/// Longest object kept per contract: the list of contracts shows a reminder, not the text.
const OBJECT_CHARS: usize = 160; // not a legal figure: characters shown

fn text(value: &Option<Value>) -> String {
    match value {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn take(out: &mut DecpFile, entry: Entry, position: usize, tables: &CpvTables) {
    let raw = match entry {
        Entry::Contract(raw) => raw,
        Entry::NotAnObject => {
            out.issue(
                position,
                "",
                "entrée qui n'est pas un objet JSON : ignorée".into(),
            );
            return;
        }
    };
    let kind = crate::fr::fold_for_search(&text(&raw.kind));
    let nature_text = crate::fr::fold_for_search(&text(&raw.nature));
    if kind.contains("concession")
        || nature_text.contains("concession")
        || nature_text.contains("delegation")
    {
        out.concessions += 1;
        return;
    }
    let id = crate::util::xml_text(&text(&raw.id)).into_owned();
    let object: String = crate::util::xml_text(&text(&raw.objet))
        .chars()
        .take(OBJECT_CHARS)
        .collect();
    let cpv_text = text(&raw.code_cpv);
    let cpv = crate::reference::cpv_digits(&cpv_text).map(|_| cpv_text.clone());
    let nature = cpv.as_deref().and_then(|c| tables.nature(c));
    let date_text = text(&raw.date_notification);
    let notified = notification_date(&date_text);
    if notified.is_none() {
        let message = if date_text.is_empty() {
            "date de notification absente : compté sans mois".to_string()
        } else {
            format!("date de notification « {date_text} » illisible : compté sans mois")
        };
        out.issue(position, &id, message);
    }
    let amount_cents = amount(raw.montant.as_ref());
    if amount_cents.is_none() {
        out.issue(
            position,
            &id,
            format!(
                "montant « {} » absent ou illisible : compté en nombre, pas en valeur",
                text(&raw.montant)
            ),
        );
    }
    let mut unknown_values = Vec::new();
    let social = social(raw.considerations_sociales.as_ref(), &mut unknown_values);
    if !unknown_values.is_empty() {
        out.issue(
            position,
            &id,
            format!(
                "considération sociale inconnue : « {} »",
                unknown_values.join(" », « ")
            ),
        );
    }
    out.contracts.push(Contract {
        position,
        id,
        object,
        cpv,
        nature,
        defence: nature_text.contains("defense") || nature_text.contains("securite"),
        notified,
        amount_cents,
        procedure: text(&raw.procedure),
        social,
    });
}

/// « 2024-05-15 », « 2024-05-15+02:00 », « 2024-05-15T00:00:00Z ».
fn notification_date(text: &str) -> Option<NaiveDate> {
    let day = text.get(..10)?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// `montant` as a number or as the text of one; cents, rounded.
fn amount(value: Option<&Value>) -> Option<i64> {
    let euros = match value? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().replace(' ', "").replace(',', ".").parse().ok()?,
        _ => return None,
    };
    // Ten thousand billion euros and more is a typing error, not a contract.
    (euros.is_finite() && (0.0..1e13).contains(&euros)).then(|| (euros * 100.0).round() as i64)
}

fn social(value: Option<&Value>, unknown: &mut Vec<String>) -> Social {
    let mut s = Social::default();
    let mut values = Vec::new();
    collect_strings(value, &mut values, 0);
    for v in values {
        for part in v.split([',', ';', '|']) {
            let key = crate::tabular::normalise_header(part);
            match key.as_str() {
                "" | "nc" | "nonrenseigne" | "noncommunique" => {}
                "clausesociale" | "clausessociales" => s.clause = true,
                "criteresocial" | "criteressociaux" => s.criterion = true,
                "marchereserve" | "marchesreserves" => s.reserved = true,
                "pasdeconsiderationsociale" | "aucuneconsiderationsociale" => {
                    s.declared_none = true;
                }
                _ => {
                    if unknown.len() < 3 {
                        unknown.push(part.trim().chars().take(60).collect());
                    }
                }
            }
        }
    }
    s
}

/// Every string in a list, in the schema's object, or alone.
fn collect_strings(value: Option<&Value>, out: &mut Vec<String>, depth: usize) {
    if depth > 3 {
        return;
    }
    match value {
        Some(Value::String(s)) => out.push(s.clone()),
        Some(Value::Array(items)) => {
            for item in items {
                collect_strings(Some(item), out, depth + 1);
            }
        }
        Some(Value::Object(map)) => {
            for item in map.values() {
                collect_strings(Some(item), out, depth + 1);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> DecpFile {
        read_bytes(text.as_bytes(), "t.json").unwrap()
    }

    #[test]
    fn the_three_forms_and_every_way_of_writing_the_considerations() {
        let one = r#"{"id":"A","codeCPV":"45210000-2","dateNotification":"2026-09-01","montant":6000000,"considerationsSociales":{"considerationSociale":["Clause sociale","Critère social"]}}"#;
        let wrapped = read(&format!(r#"{{"marches":{{"marche":[{one}]}}}}"#));
        assert_eq!(wrapped.form, DecpForm::Wrapped);
        let c = &wrapped.contracts[0];
        assert!(c.social.clause && c.social.criterion && !c.social.reserved);
        assert_eq!(c.nature, Some(Nature::Works));
        assert_eq!(c.amount_cents, Some(600_000_000));
        let flat = read(&format!(r#"{{"marches":[{one}]}}"#));
        assert_eq!(flat.form, DecpForm::Flat);
        let list = read(&format!("[{one}]"));
        assert_eq!(list.form, DecpForm::List);
        let single = read(&format!(r#"{{"marches":{{"marche":{one}}}}}"#));
        assert_eq!(single.contracts.len(), 1);
        let strings = read(
            r#"[{"considerationsSociales":"Marché réservé, Clause sociale"},{"considerationsSociales":["Pas de considération sociale"]},{"considerationsSociales":{"considerationSociale":"NC"}},{}]"#,
        );
        let s: Vec<Social> = strings.contracts.iter().map(|c| c.social).collect();
        assert!(s[0].reserved && s[0].clause);
        assert!(s[1].declared_none && !s[1].any());
        assert!(s[2].unknown() && s[3].unknown());
    }

    #[test]
    fn concessions_and_odd_entries_are_set_aside_with_a_reason() {
        let f = read(
            r#"{"marches":{"marche":[{"id":"1","montant":"12 000,50","dateNotification":"2026-13-01"}, 5],"contrat-concession":[{"id":"c"},{"id":"d"}]}}"#,
        );
        assert_eq!(f.concessions, 2);
        assert_eq!(f.contracts.len(), 1);
        assert_eq!(f.contracts[0].amount_cents, Some(1_200_050));
        assert!(f.issues.iter().any(|i| i.message.contains("2026-13-01")));
        assert!(f.issues.iter().any(|i| i.message.contains("pas un objet")));
    }

    #[test]
    fn broken_files_say_where_in_french() {
        let e = read_bytes(b"{\"marches\": [ {\"id\": 1,, } ]}", "t.json").unwrap_err();
        assert!(e.starts_with("ligne 1, colonne"), "{e}");
        assert!(e.contains("JSON illisible"), "{e}");
        let e = read_bytes(b"{\"marches\": [ {\"id\": 1}", "t.json").unwrap_err();
        assert!(e.contains("tronqué"), "{e}");
        let e = read_bytes(b"{\"autre\": 1}", "t.json").unwrap_err();
        assert!(e.contains("aucune liste de marchés"), "{e}");
        let deep = "[".repeat(10_000);
        let e = read_bytes(deep.as_bytes(), "t.json").unwrap_err();
        assert!(!e.is_empty());
        let e = read_bytes(
            b"\xEF\xBB\xBF{\"marches\":[{\"objet\":\"\xFF\"}]}",
            "t.json",
        )
        .unwrap_err();
        assert!(e.contains("ligne 1"), "{e}");
    }
}
