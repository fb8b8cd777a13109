//! The model's styles take over ours: each generated style is mapped to the model's style of
//! the same role (its headings, whatever their language, its Normal, its list paragraph);
//! a style of ours the model lacks is added, under another id if the model uses ours.

use super::paragraphs::{attr, ModelParagraph};
use super::replace::{children, rewrite, with_attribute};
use super::Error;
use quick_xml::events::Event;
use quick_xml::{Reader, Writer};
use std::collections::{HashMap, HashSet};

struct StyleInfo {
    id: String,
    name: String,
    kind: String,
    default: bool,
}

pub struct ModelStyles {
    styles: Vec<StyleInfo>,
}

pub struct Mapping {
    /// Our style id → the id the filled model uses for it.
    pub renamed: HashMap<String, String>,
    /// Our styles to add to the model (by our id).
    added: Vec<String>,
}

fn read_styles(xml: &str) -> Result<Vec<StyleInfo>, Error> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<StyleInfo> = Vec::new();
    loop {
        match reader
            .read_event()
            .map_err(|e| Error::Xml(format!("styles.xml illisible ({e})")))?
        {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"w:style" => {
                out.push(StyleInfo {
                    id: attr(&e, b"w:styleId").unwrap_or_default(),
                    name: String::new(),
                    kind: attr(&e, b"w:type").unwrap_or_default(),
                    default: matches!(attr(&e, b"w:default").as_deref(), Some("1" | "true")),
                });
            }
            Event::Empty(e) if e.name().as_ref() == b"w:name" => {
                if let Some(last) = out.last_mut() {
                    if last.name.is_empty() {
                        last.name = attr(&e, b"w:val").unwrap_or_default().to_lowercase();
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The names a model may give the style that plays the role of our `id`: Word's built-in
/// names (stored in English whatever the interface language, compared without case), then
/// French ones.
fn equivalents(id: &str) -> Vec<String> {
    match id {
        // The piece's own title is left out (the model says which piece it is): our articles
        // are the model's first-level headings, their sub-articles the second level.
        "Heading2" | "Heading3" | "Heading4" => {
            let n = id[7..].parse::<u8>().unwrap_or(2) - 1;
            vec![format!("heading {n}"), format!("titre {n}")]
        }
        "ListParagraph" => vec!["list paragraph".into(), "paragraphe de liste".into()],
        _ => Vec::new(),
    }
}

impl ModelStyles {
    pub fn read(xml: Option<&str>) -> Result<ModelStyles, Error> {
        Ok(ModelStyles {
            styles: match xml {
                Some(xml) => read_styles(xml)?,
                None => Vec::new(),
            },
        })
    }

    fn paragraph_styles(&self) -> impl Iterator<Item = &StyleInfo> {
        self.styles.iter().filter(|s| s.kind == "paragraph")
    }

    /// The model's table style for our tables: the one it marks as default (unless that is
    /// Word's « Normal Table », the borderless base every Word file marks so), else the one
    /// its own tables use most, else a grid-like one (« Table Grid », « Grille du tableau »…);
    /// None when the model has no table style of its own (our tables keep their borders).
    /// `used` lists the `w:tblStyle` of the model's tables, one entry a table.
    pub fn table_style(&self, used: &[String]) -> Option<String> {
        let tables: Vec<&StyleInfo> = self
            .styles
            .iter()
            .filter(|s| s.kind == "table" && !s.id.is_empty())
            .collect();
        let plain = |s: &StyleInfo| s.id == "TableNormal" || s.name == "normal table";
        if let Some(default) = tables.iter().find(|s| s.default && !plain(s)) {
            return Some(default.id.clone());
        }
        let most_used = tables
            .iter()
            .filter(|s| !plain(s))
            .map(|s| (used.iter().filter(|u| **u == s.id).count(), s))
            .filter(|(count, _)| *count > 0)
            // The first of the most used, in the order of styles.xml.
            .fold(
                None::<(usize, &&StyleInfo)>,
                |best, (count, s)| match best {
                    Some((n, _)) if n >= count => best,
                    _ => Some((count, s)),
                },
            );
        if let Some((_, style)) = most_used {
            return Some(style.id.clone());
        }
        let grid_like = |s: &&&StyleInfo| {
            let id = s.id.to_lowercase();
            id == "tablegrid"
                || s.name == "table grid"
                || s.name == "grille du tableau"
                || id.contains("grid")
                || id.contains("grille")
                || s.name.contains("grid")
                || s.name.contains("grille")
        };
        tables.iter().find(grid_like).map(|s| s.id.clone())
    }

    /// The style the model writes its own body text in: the one that holds most of the text
    /// of its plain paragraphs (not headings, titles, list items, table cells, tables of
    /// contents or placeholders). LibreOffice writes body text in « Text Body », not in its
    /// default style, which has no spacing: our paragraphs must look like the model's. None
    /// when the model has no such paragraph.
    pub fn body_text_style(&self, paragraphs: &[ModelParagraph]) -> Option<String> {
        let default = self
            .paragraph_styles()
            .find(|s| s.default)
            .or_else(|| self.paragraph_styles().find(|s| s.name == "normal"));
        let mut counts: Vec<(&StyleInfo, usize)> = Vec::new();
        for paragraph in paragraphs {
            let text = paragraph.text.trim();
            if text.is_empty()
                || text.starts_with("[[clausier:")
                || paragraph.numbering.is_some()
                || paragraph.in_table
            {
                continue;
            }
            let style = match paragraph.style.as_deref() {
                Some(id) => self.paragraph_styles().find(|s| s.id == id),
                None => default,
            };
            let Some(style) = style.filter(|s| !is_not_body_text(&s.name)) else {
                continue;
            };
            // Weighed by length: a cover page's short centred lines are not body text.
            let length = text.chars().count();
            match counts.iter_mut().find(|(s, _)| s.id == style.id) {
                Some((_, n)) => *n += length,
                None => counts.push((style, length)),
            }
        }
        // The first of the longest, in the order met.
        let most_used =
            counts
                .iter()
                .fold(None::<&(&StyleInfo, usize)>, |best, entry| match best {
                    Some(b) if b.1 >= entry.1 => best,
                    _ => Some(entry),
                });
        most_used.map(|(style, _)| style.id.clone())
    }

    fn has_id(&self, id: &str) -> bool {
        self.styles.iter().any(|s| s.id == id)
    }

    /// Each of our styles mapped to the model's of the same role; `body_text` is the style of
    /// the model's own body text, which ours takes when known.
    pub fn mapping(&self, ours: &str, body_text: Option<&str>) -> Result<Mapping, Error> {
        let mut renamed = HashMap::new();
        let mut added = Vec::new();
        for style in read_styles(ours)? {
            let names = equivalents(&style.id);
            let body_text = body_text
                .filter(|_| style.id == "BodyText")
                .and_then(|id| self.paragraph_styles().find(|s| s.id == id));
            let model = if body_text.is_some() {
                body_text
            } else if style.id == "BodyText" || style.id == "Normal" {
                // LibreOffice does not mark its Normal as the default: the name says it.
                self.paragraph_styles()
                    .find(|s| s.default)
                    .or_else(|| self.paragraph_styles().find(|s| s.name == "normal"))
            } else {
                self.paragraph_styles().find(|s| names.contains(&s.name))
            };
            match model {
                Some(m) => {
                    renamed.insert(style.id.clone(), m.id.clone());
                }
                None => {
                    let mut id = style.id.clone();
                    if self.has_id(&id) {
                        id = format!("Clausier{id}");
                        let mut n = 2;
                        while self.has_id(&id) {
                            id = format!("Clausier{}{n}", style.id);
                            n += 1;
                        }
                    }
                    renamed.insert(style.id.clone(), id);
                    added.push(style.id);
                }
            }
        }
        Ok(Mapping { renamed, added })
    }

    /// The model's styles.xml with the styles of ours that `used` needs added (and, for
    /// those, the styles they are based on). None when nothing is to be added.
    pub fn merge(
        &self,
        model: Option<&str>,
        ours: &str,
        mapping: &Mapping,
        used: &HashSet<String>,
    ) -> Result<Option<String>, Error> {
        let Some(model) = model else {
            return Ok(None);
        };
        let our_styles: HashMap<String, String> = children(ours, b"w:styles")?
            .into_iter()
            .filter(|(name, _)| name == "w:style")
            .filter_map(|(_, raw)| {
                let id = raw
                    .split("w:styleId=\"")
                    .nth(1)
                    .and_then(|r| r.split('"').next())?
                    .to_string();
                Some((id, raw))
            })
            .collect();
        // The styles to add: those used, then what they are based on, until nothing new.
        let mut wanted: Vec<String> = mapping
            .added
            .iter()
            .filter(|id| used.contains(mapping.renamed[*id].as_str()))
            .cloned()
            .collect();
        let mut i = 0;
        while i < wanted.len() {
            if let Some(raw) = our_styles.get(&wanted[i]) {
                for base in read_based_on(raw)? {
                    if mapping.added.contains(&base) && !wanted.contains(&base) {
                        wanted.push(base);
                    }
                }
            }
            i += 1;
        }
        if wanted.is_empty() {
            return Ok(None);
        }
        let mut extra = String::new();
        for id in &wanted {
            let Some(raw) = our_styles.get(id) else {
                continue;
            };
            extra.push_str(&rewrite(raw, |e| match e.name().as_ref() {
                b"w:style" => with_attribute(e, b"w:styleId", |v| mapping.renamed.get(v).cloned()),
                b"w:basedOn" | b"w:next" | b"w:link" => {
                    with_attribute(e, b"w:val", |v| mapping.renamed.get(v).cloned())
                }
                // Our display names would clash with the model's (« heading 1 »…).
                b"w:name" => with_attribute(e, b"w:val", |v| Some(format!("Clausier {v}"))),
                _ => None,
            })?);
        }
        let mut reader = Reader::from_str(model);
        let mut writer = Writer::new(Vec::with_capacity(model.len() + extra.len()));
        loop {
            let event = reader
                .read_event()
                .map_err(|e| Error::Xml(format!("styles.xml illisible ({e})")))?;
            match &event {
                Event::Eof => break,
                Event::End(e) if e.name().as_ref() == b"w:styles" => {
                    writer.get_mut().extend_from_slice(extra.as_bytes());
                }
                _ => {}
            }
            writer
                .write_event(event)
                .map_err(|e| Error::Xml(e.to_string()))?;
        }
        String::from_utf8(writer.into_inner())
            .map(Some)
            .map_err(|e| Error::Xml(e.to_string()))
    }
}

/// Word's and LibreOffice's names of the styles of a table of contents' entries (« toc 1 »,
/// « Contents 1 », and their French names), in any case.
pub fn names_contents_entries(name: &str) -> bool {
    let name = name.to_lowercase();
    ["toc ", "contents ", "table des matières ", "tm "]
        .iter()
        .any(|prefix| name.starts_with(prefix))
}

/// Whether a paragraph style's name (lower case) says it is not for body text: headings,
/// titles, tables of contents, captions, headers and footers, in Word's and LibreOffice's
/// names and their French ones.
fn is_not_body_text(name: &str) -> bool {
    const NOT_BODY: [&str; 11] = [
        "heading",
        "titre",
        "title",
        "subtitle",
        "sous-titre",
        "caption",
        "légende",
        "header",
        "footer",
        "en-tête",
        "pied de page",
    ];
    names_contents_entries(name) || NOT_BODY.iter().any(|prefix| name.starts_with(prefix))
}

fn read_based_on(raw: &str) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    rewrite(raw, |e| {
        if e.name().as_ref() == b"w:basedOn" {
            out.extend(attr(e, b"w:val"));
        }
        None
    })?;
    Ok(out)
}
