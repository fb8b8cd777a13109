//! The articles a buyer's model numbers around the place of a piece: the generated articles
//! continue after those before it (a commune's RC model opens with its own « Article 1 –
//! Objet », « Article 2 – Conditions », then the placeholder), and those after it, which keep
//! their numbers, are pointed out when the generated ones take the same. Both ways models
//! number articles are read: typed (« ARTICLE 2 : … », « Article 1er – … ») and Word numbering
//! whose level text says « Article %1 » (directly on the paragraph or through its style).

use super::paragraphs::{attr, ModelParagraph};
use super::replace::xml_error;
use super::styles::names_contents_entries;
use super::{Error, PIECE_PLACEHOLDERS};
use crate::document::{is_numbered, Piece};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::HashMap;

/// Where a numbered piece's placeholder stands among the model's own articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PiecePlace {
    pub piece: Piece,
    /// The number of the model's last article before the placeholder.
    pub last_before: Option<u32>,
    /// The model's articles after the placeholder, up to the next numbered piece.
    pub after: Vec<ModelArticle>,
    /// How the model labels its last article before the placeholder, as a Word level text
    /// for the number: « ARTICLE %1 : », « Article %1 – ».
    pub label: Option<String>,
    /// The model's Word list its last article before the placeholder is on, (numId, level),
    /// when the level below writes sub-articles « %1.%2 »: the piece's articles and
    /// sub-articles can be put on it, and the whole document is then numbered by one list.
    pub list: Option<(String, usize)>,
}

/// One of the model's articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelArticle {
    pub number: u32,
    /// Its Word list, (numId, level); None for a typed number.
    pub list: Option<(String, usize)>,
}

impl PiecePlace {
    /// The number the piece's first article takes to follow the model's articles.
    pub fn continuing_number(&self) -> Option<u32> {
        self.last_before.map(|n| n.saturating_add(1))
    }
}

/// The place of each numbered piece's placeholder (its first one) among the model's articles.
pub fn piece_places(
    paragraphs: &[ModelParagraph],
    styles: Option<&str>,
    numbering: Option<&str>,
) -> Result<Vec<PiecePlace>, Error> {
    let lists = numbering
        .map(ArticleLists::read)
        .transpose()?
        .unwrap_or_default();
    let styles = styles.map(style_numbering).transpose()?.unwrap_or_default();
    let mut counters: HashMap<(String, usize), u32> = HashMap::new();
    let mut last: Option<(ModelArticle, String)> = None;
    let mut places: Vec<PiecePlace> = Vec::new();
    // Whether the articles met now follow the last place found (none after another piece).
    let mut after_last_place = false;
    for paragraph in paragraphs {
        let text = paragraph.text.trim();
        if let Some((_, piece)) = PIECE_PLACEHOLDERS.iter().find(|(p, _)| *p == text) {
            if is_numbered(*piece) {
                after_last_place = !places.iter().any(|p| p.piece == *piece);
                if after_last_place {
                    let list = last
                        .as_ref()
                        .and_then(|(article, _)| article.list.clone())
                        .filter(|(num, level)| lists.writes_sub_articles(num, *level));
                    places.push(PiecePlace {
                        piece: *piece,
                        last_before: last.as_ref().map(|(article, _)| article.number),
                        after: Vec::new(),
                        label: last.as_ref().map(|(_, label)| label.clone()),
                        list,
                    });
                }
            }
            continue;
        }
        if paragraph
            .style
            .as_deref()
            .is_some_and(|style| styles.is_contents(style))
        {
            continue;
        }
        let numbered = paragraph
            .numbering
            .clone()
            .or_else(|| styles.numbering_of(paragraph.style.as_deref()?));
        let mut article = None;
        if let Some((num, level)) = numbered.filter(|(num, _)| num != "0") {
            // Deeper levels start again under each item of this one.
            counters.retain(|(n, l), _| *n != num || *l <= level);
            let count = counters.entry((num.clone(), level)).or_insert(0);
            *count += 1;
            article = lists.article_level(&num, level).map(|(start, label)| {
                let number = start.saturating_add(*count - 1);
                let list = Some((num.clone(), level));
                (ModelArticle { number, list }, label)
            });
        }
        let typed = || {
            typed_article(text).map(|(number, label)| (ModelArticle { number, list: None }, label))
        };
        if let Some((article, label)) = article.or_else(typed) {
            if after_last_place {
                if let Some(place) = places.last_mut() {
                    place.after.push(article.clone());
                }
            }
            last = Some((article, label));
        }
    }
    Ok(places)
}

const SPACES: [char; 4] = [' ', '\u{a0}', '\u{202f}', '\t'];

/// The number and label of a typed article heading: « Article 3 – Objet » (« Article %1 – »),
/// « ARTICLE 2 : » (« ARTICLE %1 : », the space before the colon made unbreakable), « Article
/// 1er », « Article 4 » alone; not a sentence that cites an article (« Article 5 de la loi »).
fn typed_article(text: &str) -> Option<(u32, String)> {
    let head = text.get(..7)?;
    if !head.eq_ignore_ascii_case("article") {
        return None;
    }
    let rest = text[7..].trim_start_matches(SPACES);
    if rest.len() == text.len() - 7 {
        return None;
    }
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let number = rest[..digits].parse::<u32>().ok()?;
    let suffix = rest[digits..].strip_prefix("er").unwrap_or(&rest[digits..]);
    let after = suffix.trim_start_matches(SPACES);
    let label = match after.chars().next() {
        None => format!("{head} %1"),
        Some(mark @ ('–' | '—' | '-' | ':' | '.' | ')')) => {
            let gap = match (after.len() < suffix.len(), mark) {
                (false, _) => "",
                (true, ':') => "\u{a0}",
                (true, _) => " ",
            };
            format!("{head} %1{gap}{mark}")
        }
        Some(_) => return None,
    };
    Some((number, label))
}

/// What a paragraph style says of numbering: its list and level, and the style it is based on.
#[derive(Default)]
struct StyleEntry {
    num: Option<String>,
    level: Option<usize>,
    based_on: Option<String>,
    /// A table of contents' entry style (« toc 1 » in Word, « Contents 1 » in LibreOffice):
    /// its « Article 3 – … » lines repeat headings found elsewhere.
    contents: bool,
}

/// The numbering each paragraph style carries, by style id.
#[derive(Default)]
struct StyleNumbering {
    styles: HashMap<String, StyleEntry>,
}

impl StyleNumbering {
    /// The numbering a paragraph of `style` takes from it or the styles it is based on.
    fn numbering_of(&self, style: &str) -> Option<(String, usize)> {
        let mut current = style;
        // A chain of based-on styles is short; the bound only guards against a loop.
        for _ in 0..16 {
            let entry = self.styles.get(current)?;
            if let Some(num) = &entry.num {
                return Some((num.clone(), entry.level.unwrap_or(0)));
            }
            current = entry.based_on.as_deref()?;
        }
        None
    }

    fn is_contents(&self, style: &str) -> bool {
        self.styles.get(style).is_some_and(|entry| entry.contents)
    }
}

fn style_numbering(xml: &str) -> Result<StyleNumbering, Error> {
    let mut reader = Reader::from_str(xml);
    let mut out = StyleNumbering::default();
    let mut current: Option<(String, StyleEntry)> = None;
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == b"w:style" => {
                current = attr(&e, b"w:styleId").map(|id| (id, StyleEntry::default()));
            }
            Event::Empty(e) => {
                if let Some((_, entry)) = current.as_mut() {
                    match e.name().as_ref() {
                        b"w:numId" => entry.num = attr(&e, b"w:val"),
                        b"w:ilvl" => entry.level = attr(&e, b"w:val").and_then(|v| v.parse().ok()),
                        b"w:basedOn" => entry.based_on = attr(&e, b"w:val"),
                        b"w:name" => {
                            entry.contents = attr(&e, b"w:val")
                                .is_some_and(|name| names_contents_entries(&name));
                        }
                        _ => {}
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == b"w:style" => {
                if let Some((id, entry)) = current.take() {
                    out.styles.insert(id, entry);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The model's numbering instances, with the levels that write « Article %N » and where each
/// starts.
#[derive(Default)]
struct ArticleLists {
    /// numId → its abstract definition and the starts it overrides, by level.
    nums: HashMap<String, (String, HashMap<usize, u32>)>,
    /// abstractNumId → its levels.
    abstracts: HashMap<String, HashMap<usize, ListLevel>>,
}

/// One level of a list definition.
struct ListLevel {
    start: u32,
    text: Option<String>,
    /// Nothing between the number and the text (`w:suff` « nothing », as LibreOffice writes
    /// every level): only the level text can separate them.
    no_suffix: bool,
}

impl Default for ListLevel {
    fn default() -> ListLevel {
        ListLevel {
            start: 1,
            text: None,
            no_suffix: false,
        }
    }
}

impl ArticleLists {
    fn read(xml: &str) -> Result<ArticleLists, Error> {
        let mut reader = Reader::from_str(xml);
        let mut lists = ArticleLists::default();
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut level: Option<usize> = None;
        loop {
            let event = reader.read_event().map_err(xml_error)?;
            let (Event::Start(e) | Event::Empty(e)) = &event else {
                if let Event::End(e) = &event {
                    match e.name().as_ref() {
                        b"w:abstractNum" => abstract_id = None,
                        b"w:num" => num_id = None,
                        b"w:lvl" | b"w:lvlOverride" => level = None,
                        _ => {}
                    }
                }
                if matches!(event, Event::Eof) {
                    break;
                }
                continue;
            };
            let value = || attr(e, b"w:val");
            match e.name().as_ref() {
                b"w:abstractNum" => abstract_id = attr(e, b"w:abstractNumId"),
                b"w:num" => {
                    num_id = attr(e, b"w:numId");
                    if let Some(id) = &num_id {
                        lists.nums.entry(id.clone()).or_default();
                    }
                }
                b"w:lvl" | b"w:lvlOverride" => {
                    level = attr(e, b"w:ilvl").and_then(|v| v.parse().ok());
                }
                b"w:abstractNumId" => {
                    if let (Some(num), Some(v)) = (&num_id, value()) {
                        lists.nums.entry(num.clone()).or_default().0 = v;
                    }
                }
                b"w:start" => {
                    if let (Some(id), Some(l), Some(v)) = (&abstract_id, level, value()) {
                        let entry = lists.abstracts.entry(id.clone()).or_default();
                        entry.entry(l).or_default().start = v.parse().unwrap_or(1);
                    }
                }
                b"w:suff" => {
                    if let (Some(id), Some(l), Some(v)) = (&abstract_id, level, value()) {
                        let entry = lists.abstracts.entry(id.clone()).or_default();
                        entry.entry(l).or_default().no_suffix = v == "nothing";
                    }
                }
                b"w:lvlText" => {
                    // Unescaped: the label is written again through docx-rs, which escapes.
                    let text = e.try_get_attribute(b"w:val").ok().flatten().and_then(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| v.into_owned())
                    });
                    if let (Some(id), Some(l), Some(v)) = (&abstract_id, level, text) {
                        let entry = lists.abstracts.entry(id.clone()).or_default();
                        entry.entry(l).or_default().text = Some(v);
                    }
                }
                b"w:startOverride" => {
                    if let (Some(num), Some(l), Some(v)) = (&num_id, level, value()) {
                        if let Ok(start) = v.parse() {
                            lists
                                .nums
                                .entry(num.clone())
                                .or_default()
                                .1
                                .insert(l, start);
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(lists)
    }

    /// Where the articles of instance `num` at `level` start and their label for a first
    /// level (« Article %1 – »), when that level writes « Article %N ».
    fn article_level(&self, num: &str, level: usize) -> Option<(u32, String)> {
        let (abstract_id, overrides) = self.nums.get(num)?;
        let definition = self.abstracts.get(abstract_id)?.get(&level)?;
        let text = definition
            .text
            .as_deref()
            .filter(|t| writes_article(t, level))?;
        let label = text.replace(&format!("%{}", level + 1), "%1");
        Some((
            overrides.get(&level).copied().unwrap_or(definition.start),
            label.trim_end_matches(SPACES).to_string(),
        ))
    }

    /// Whether the level below `level` of instance `num` writes sub-articles as « 3.1 »: its
    /// text holds this level's number then its own, nothing else numbered, and something
    /// separates the number from the title.
    fn writes_sub_articles(&self, num: &str, level: usize) -> bool {
        let Some((abstract_id, _)) = self.nums.get(num) else {
            return false;
        };
        let Some(below) = self
            .abstracts
            .get(abstract_id)
            .and_then(|levels| levels.get(&(level + 1)))
        else {
            return false;
        };
        below.text.as_deref().is_some_and(|text| {
            let number = text.trim_end_matches(SPACES);
            let separated = !below.no_suffix || number.len() < text.len();
            separated && number.trim_end_matches('.') == format!("%{}.%{}", level + 1, level + 2)
        })
    }
}

/// Whether a level text numbers articles with this level's number alone: « Article %1 – »,
/// « ARTICLE %2 : » (not « Article %1.%2 », whose number is not one integer).
fn writes_article(text: &str, level: usize) -> bool {
    text.to_lowercase().contains("article")
        && text.matches('%').count() == 1
        && text.contains(&format!("%{}", level + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_headings_are_articles_and_citations_are_not() {
        for (text, article) in [
            (
                "Article 2 – Conditions de la consultation",
                Some((2, "Article %1 –")),
            ),
            ("ARTICLE 3 : DURÉE", Some((3, "ARTICLE %1\u{a0}:"))),
            ("Article 1er – Objet", Some((1, "Article %1 –"))),
            ("Article\u{a0}4", Some((4, "Article %1"))),
            ("article 12. Pénalités", Some((12, "article %1."))),
            ("Article 5 de la loi du 5 juillet 1996", None),
            ("Article L. 2113-10", None),
            ("Articles 1 à 3", None),
            ("Article", None),
            ("Art. 3 – Objet", None),
        ] {
            let expected = article.map(|(n, label)| (n, label.to_string()));
            assert_eq!(typed_article(text), expected, "{text}");
        }
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn model_paragraphs(body: &str) -> Vec<ModelParagraph> {
        let document = format!("<w:document {W}><w:body>{body}</w:body></w:document>");
        super::super::paragraphs::paragraphs(&document).unwrap()
    }

    fn para(props: &str, text: &str) -> String {
        format!("<w:p><w:pPr>{props}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn numbered_articles_count_from_their_list_start_and_through_their_style() {
        let numbering = format!(
            r#"<w:numbering {W}><w:abstractNum w:abstractNumId="4"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:lvlText w:val="Article %1 –"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="4"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="2"/></w:lvlOverride></w:num><w:num w:numId="8"><w:abstractNumId w:val="5"/></w:num></w:numbering>"#
        );
        let styles = format!(
            r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="Titre1"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="TitreArticle"><w:basedOn w:val="Titre1"/></w:style></w:styles>"#
        );
        let body = [
            para(r#"<w:pStyle w:val="Titre1"/>"#, "Objet"),
            para(
                r#"<w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr>"#,
                "Sous-article",
            ),
            para(
                r#"<w:numPr><w:numId w:val="8"/></w:numPr>"#,
                "un point de liste",
            ),
            para(r#"<w:pStyle w:val="TitreArticle"/>"#, "Conditions"),
            para("", "[[clausier:rc]]"),
            para(r#"<w:pStyle w:val="Titre1"/>"#, "Dispositions finales"),
            para("", "[[clausier:annexes]]"),
            para("", "[[clausier:ccap]]"),
        ]
        .concat();
        let found =
            piece_places(&model_paragraphs(&body), Some(&styles), Some(&numbering)).unwrap();
        // Articles 2 and 3 before the RC; 4 after it; annexes are not numbered.
        assert_eq!(
            found,
            vec![
                PiecePlace {
                    piece: Piece::Rc,
                    last_before: Some(3),
                    after: vec![ModelArticle {
                        number: 4,
                        list: Some(("7".into(), 0)),
                    }],
                    label: Some("Article %1 –".into()),
                    list: Some(("7".into(), 0)),
                },
                PiecePlace {
                    piece: Piece::Ccap,
                    last_before: Some(4),
                    after: vec![],
                    label: Some("Article %1 –".into()),
                    list: Some(("7".into(), 0)),
                },
            ]
        );
        assert_eq!(found[0].continuing_number(), Some(4));
    }

    #[test]
    fn a_list_joins_only_when_its_sub_articles_are_separated_from_their_title() {
        let places = |sub: &str| {
            let numbering = format!(
                r#"<w:numbering {W}><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:suff w:val="nothing"/><w:lvlText w:val="Article %1 – "/></w:lvl><w:lvl w:ilvl="1">{sub}</w:lvl></w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#
            );
            let body = [
                para(r#"<w:numPr><w:numId w:val="2"/></w:numPr>"#, "Objet"),
                para("", "[[clausier:rc]]"),
            ]
            .concat();
            piece_places(&model_paragraphs(&body), None, Some(&numbering))
                .unwrap()
                .remove(0)
        };
        // As LibreOffice writes its outline numbering when no separator was chosen: « 4.1Objet ».
        let glued = places(r#"<w:suff w:val="nothing"/><w:lvlText w:val="%1.%2"/>"#);
        assert_eq!(glued.list, None);
        assert_eq!(glued.continuing_number(), Some(2));
        let spaced = places(r#"<w:suff w:val="nothing"/><w:lvlText w:val="%1.%2 "/>"#);
        assert_eq!(spaced.list, Some(("2".into(), 0)));
        let tab = places(r#"<w:lvlText w:val="%1.%2."/>"#);
        assert_eq!(tab.list, Some(("2".into(), 0)));
        let lettered = places(r#"<w:lvlText w:val="%2)"/>"#);
        assert_eq!(lettered.list, None);
    }

    #[test]
    fn the_entries_of_a_table_of_contents_are_not_articles() {
        let styles = format!(
            r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="TM1"><w:name w:val="toc 1"/></w:style><w:style w:type="paragraph" w:styleId="Contents1"><w:name w:val="Contents 1"/></w:style></w:styles>"#
        );
        let body = [
            para(r#"<w:pStyle w:val="Contents1"/>"#, "Article 1 – Objet\t2"),
            para("", "Article 1 – Objet"),
            para("", "[[clausier:rc]]"),
            para("", "Table des matières"),
            para(r#"<w:pStyle w:val="TM1"/>"#, "Article 1 – Objet\t2"),
            para(r#"<w:pStyle w:val="TM1"/>"#, "Article 2 – Allotissement\t3"),
        ]
        .concat();
        let found = piece_places(&model_paragraphs(&body), Some(&styles), None).unwrap();
        assert_eq!(found[0].last_before, Some(1));
        assert!(found[0].after.is_empty(), "{found:?}");
    }

    #[test]
    fn a_model_without_articles_before_the_placeholder_keeps_the_chosen_start() {
        let body = [para("", "Préambule"), para("", "[[clausier:ccap]]")].concat();
        let found = piece_places(&model_paragraphs(&body), None, None).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].continuing_number(), None);
    }
}
