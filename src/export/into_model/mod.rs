//! `generate --into MODELE.docx`: the buyer's own Word model, with its placeholders replaced.
//!
//! A paragraph whose whole text is `[[clausier:rc]]` (or `ccap`, `annexes`, `note`) becomes
//! that piece; `[[clausier:acheteur]]`, `[[clausier:objet]]` and `[[clausier:reference]]` are
//! replaced where they stand, in the body, headers and footers. The generated paragraphs take
//! the model's styles (its headings, Normal, list paragraph, table style), ours being added
//! only where the model has none; our numbering definitions get ids the model does not use. Every other part
//! of the package is copied byte for byte (headers, footers, images, fields, section settings,
//! custom properties). The model's XML is read and written with quick-xml, event by event.

mod model_articles;
mod numbering;
mod package;
mod paragraphs;
mod replace;
mod styles;

use crate::document::{BlockKind, Document, Piece};
use package::Package;

/// The paragraphs that receive a whole piece.
pub const PIECE_PLACEHOLDERS: [(&str, Piece); 4] = [
    ("[[clausier:rc]]", Piece::Rc),
    ("[[clausier:ccap]]", Piece::Ccap),
    ("[[clausier:annexes]]", Piece::Annex),
    ("[[clausier:note]]", Piece::Note),
];

/// The values replaced inside a paragraph.
pub const INLINE_PLACEHOLDERS: [&str; 3] = [
    "[[clausier:acheteur]]",
    "[[clausier:objet]]",
    "[[clausier:reference]]",
];

/// What the inline placeholders stand for, in `INLINE_PLACEHOLDERS` order.
#[derive(Debug, Clone, Default)]
pub struct InlineValues {
    pub buyer: String,
    pub object: String,
    pub reference: String,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("le modèle n'est pas un document Word .docx lisible ({0})")]
    NotDocx(String),
    #[error("le modèle ne contient aucun repère Clausier. Placez sur une ligne seule l'un des repères {} pour recevoir une pièce, ou dans le texte {} pour recevoir une valeur du projet", list(&PIECE_PLACEHOLDERS.map(|(p, _)| p)), list(&INLINE_PLACEHOLDERS))]
    NoPlaceholder,
    #[error("le modèle n'a pas pu être complété : {0}")]
    Xml(String),
}

fn list(items: &[&str]) -> String {
    items.join(", ")
}

/// What was replaced, for the message of the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filled {
    /// The pieces placed, in the order met in the model.
    pub pieces: Vec<Piece>,
    /// Placeholders removed because their piece has no clause for this project: the user must
    /// hear of it, or the model's article would vanish without a word.
    pub empty: Vec<Piece>,
    /// How many inline values were replaced.
    pub values: usize,
    /// The pieces whose articles continue the model's own numbering, with their first number.
    pub continued: Vec<(Piece, u32)>,
    /// The pieces followed by articles of the model that keep numbers the piece's articles
    /// take: how many, and the number the first of them should take.
    pub to_renumber: Vec<(Piece, usize, u32)>,
    /// The pieces whose articles were put on the model's own Word numbering: the model's later
    /// articles on it follow them by themselves.
    pub joined: Vec<Piece>,
}

impl Filled {
    /// « 3 valeurs remplacées ».
    fn values_text(&self) -> String {
        crate::fr::count_of(self.values, "valeur remplacée", "valeurs remplacées")
    }

    /// What was done, for the command line and the window: « pièces placées : RC, CCAP ;
    /// repère retiré faute de clause : Note ; 3 valeurs remplacées ».
    pub fn summary(&self) -> String {
        let names = |pieces: &[Piece]| {
            pieces
                .iter()
                .map(|p| p.short())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        parts.push(if self.pieces.is_empty() {
            "aucune pièce placée".to_string()
        } else {
            format!("pièces placées : {}", names(&self.pieces))
        });
        if !self.empty.is_empty() {
            parts.push(format!(
                "{} faute de clause pour ce projet : {}",
                if self.empty.len() == 1 {
                    "repère retiré"
                } else {
                    "repères retirés"
                },
                names(&self.empty)
            ));
        }
        for (piece, first) in &self.continued {
            let how = if self.joined.contains(piece) {
                "dans la numérotation du modèle"
            } else {
                "à la suite de ceux du modèle"
            };
            parts.push(format!(
                "articles du {} numérotés à partir de {first}, {how}",
                piece.short()
            ));
        }
        for (piece, count, next) in &self.to_renumber {
            parts.push(format!(
                "à renuméroter à partir de {next} : {} du modèle placé{} après le {}",
                crate::fr::count_of(*count, "article", "articles"),
                if *count > 1 { "s" } else { "" },
                piece.short()
            ));
        }
        parts.push(self.values_text());
        parts.join(" ; ")
    }
}

/// The model's bytes with the document's pieces and the project's values in place. Unless
/// the document sets another first article than 1, the articles of the RC and the CCAP
/// continue after those the model numbers before their placeholder.
pub fn fill_model(
    document: &Document,
    values: &InlineValues,
    model: &[u8],
) -> Result<(Vec<u8>, Filled), Error> {
    let mut package = Package::read(model)?;
    let body = package
        .text("word/document.xml")?
        .ok_or_else(|| Error::NotDocx("word/document.xml absent".into()))?;
    let mut filled = Filled::default();
    let model_paragraphs = paragraphs::paragraphs(&body)?;
    let model_styles_xml = package.text("word/styles.xml")?;
    let places = model_articles::piece_places(
        &model_paragraphs,
        model_styles_xml.as_deref(),
        package.text("word/numbering.xml")?.as_deref(),
    )?;
    // A first number chosen by the user wins over the model's numbering.
    let follows_model = document.meta.first_article <= 1;
    if follows_model {
        filled.continued = places
            .iter()
            .filter_map(|place| Some((place.piece, place.continuing_number()?)))
            .collect();
    }
    // The model's own way of labelling its articles, from the first piece that follows some.
    let label = places.iter().find_map(|place| place.label.clone());
    // Without a first number chosen, a piece after articles on a Word list with sub-articles
    // joins that list: one numbering through the model and the piece.
    let joined: Vec<(Piece, (String, usize))> = if follows_model {
        places
            .iter()
            .filter_map(|place| Some((place.piece, place.list.clone()?)))
            .collect()
    } else {
        Vec::new()
    };
    let generated = generated_pieces(document, &filled.continued, label)?;
    let model_styles = styles::ModelStyles::read(model_styles_xml.as_deref())?;
    let body_text = model_styles.body_text_style(&model_paragraphs);
    let mapping = model_styles.mapping(&generated.styles, body_text.as_deref())?;
    let numbering_map = numbering::merge(&mut package, &generated.numbering)?;
    let values = [
        values.buyer.as_str(),
        values.object.as_str(),
        values.reference.as_str(),
    ];
    // The style the model's own tables use, when it has one of its own.
    let mut model_tables = Vec::new();
    replace::rewrite(&body, |e| {
        if e.name().as_ref() == b"w:tblStyle" {
            if let Some(v) = e.try_get_attribute("w:val").ok().flatten() {
                model_tables.push(String::from_utf8_lossy(&v.value).into_owned());
            }
        }
        None
    })?;
    let table_style = model_styles.table_style(&model_tables);
    let pieces: Vec<(Piece, String)> = generated
        .pieces
        .iter()
        .map(|(piece, xml)| {
            let xml = replace::rename_references(xml, &mapping.renamed, &numbering_map)?;
            let xml = match &table_style {
                Some(style) => replace::use_table_style(&xml, style)?,
                None => xml,
            };
            let list = joined.iter().find(|(p, _)| p == piece).map(|(_, l)| l);
            let ours = generated.article_numbering.iter().find(|(p, _)| p == piece);
            let xml = match (list, ours) {
                (Some((model_num, level)), Some((_, ours))) => {
                    let ours = numbering_map.get(ours).unwrap_or(ours);
                    replace::move_to_list(&xml, ours, model_num, *level)?
                }
                _ => xml,
            };
            Ok((*piece, xml))
        })
        .collect::<Result<_, Error>>()?;
    let body = replace::fill(&body, Some(&pieces), &values, &mut filled)?;
    let placed = filled.pieces.clone();
    filled.continued.retain(|(piece, _)| placed.contains(piece));
    filled.joined = joined
        .iter()
        .map(|(piece, _)| *piece)
        .filter(|piece| placed.contains(piece))
        .collect();
    filled.to_renumber = clashes_after(document, &places, &filled.continued, &joined, &placed);
    package.set("word/document.xml", body.into_bytes());
    for part in
        package.names_matching(|n| n.starts_with("word/header") || n.starts_with("word/footer"))
    {
        if let Some(xml) = package.text(&part)? {
            let mut count = Filled::default();
            let out = replace::fill(&xml, None, &values, &mut count)?;
            if count.values > 0 {
                filled.values += count.values;
                package.set(&part, out.into_bytes());
            }
        }
    }
    if filled.pieces.is_empty() && filled.empty.is_empty() && filled.values == 0 {
        return Err(Error::NoPlaceholder);
    }
    if !filled.pieces.is_empty() {
        let mut used = std::collections::HashSet::new();
        for (_, xml) in &pieces {
            replace::rewrite(xml, |e| {
                if matches!(e.name().as_ref(), b"w:pStyle" | b"w:rStyle" | b"w:tblStyle") {
                    if let Some(v) = e.try_get_attribute("w:val").ok().flatten() {
                        used.insert(String::from_utf8_lossy(&v.value).into_owned());
                    }
                }
                None
            })?;
        }
        let merged = model_styles.merge(
            model_styles_xml.as_deref(),
            &generated.styles,
            &mapping,
            &used,
        )?;
        if let Some(merged) = merged {
            package.set("word/styles.xml", merged.into_bytes());
        }
    }
    Ok((package.write()?, filled))
}

/// The model's articles after a placed piece that keep a number one of its articles takes
/// (not those on the list the piece joined: they follow it).
fn clashes_after(
    document: &Document,
    places: &[model_articles::PiecePlace],
    continued: &[(Piece, u32)],
    joined: &[(Piece, (String, usize))],
    placed: &[Piece],
) -> Vec<(Piece, usize, u32)> {
    places
        .iter()
        .filter(|place| placed.contains(&place.piece))
        .filter_map(|place| {
            let first = continued
                .iter()
                .find(|(p, _)| *p == place.piece)
                .map_or(document.meta.first_article_of(place.piece), |(_, n)| *n);
            let articles = document
                .blocks
                .iter()
                .filter(|b| {
                    b.piece == Some(place.piece)
                        && matches!(b.kind, BlockKind::Heading { level: 2, .. })
                })
                .count() as u32;
            let next = first.saturating_add(articles);
            let shared = |a: &&model_articles::ModelArticle| {
                joined
                    .iter()
                    .any(|(p, list)| *p == place.piece && a.list.as_ref() == Some(list))
            };
            let stuck: Vec<_> = place.after.iter().filter(|a| !shared(a)).collect();
            let clashing = stuck.iter().any(|a| a.number < next);
            clashing.then_some((place.piece, stuck.len(), next))
        })
        .collect()
}

/// Our rendering of each piece (the body XML of its blocks, without the piece's own title: the
/// model's text around the placeholder says which piece it is), with the styles and numbering
/// definitions it refers to.
struct Generated {
    pieces: Vec<(Piece, String)>,
    styles: String,
    numbering: Option<String>,
    /// The numId of each numbered piece's articles.
    article_numbering: Vec<(Piece, String)>,
}

fn generated_pieces(
    document: &Document,
    firsts: &[(Piece, u32)],
    label: Option<String>,
) -> Result<Generated, Error> {
    // One DOCX for every piece at once, so that list and article numberings share one id space.
    let mut only_pieces = document.clone();
    only_pieces.meta.first_article_of_piece = firsts.to_vec();
    only_pieces.meta.article_label = label;
    only_pieces
        .blocks
        .retain(|b| b.piece.is_some() && !matches!(b.kind, BlockKind::Heading { level: 1, .. }));
    let bytes = crate::export::docx::to_docx(&only_pieces).map_err(Error::Xml)?;
    let mut ours = Package::read(&bytes)?;
    let body = ours
        .text("word/document.xml")?
        .ok_or_else(|| Error::Xml("document.xml absent".into()))?;
    let elements = replace::body_elements(&body)?;
    if elements.len() < only_pieces.blocks.len() {
        return Err(Error::Xml(
            "le nombre de paragraphes produits ne correspond pas au document".into(),
        ));
    }
    // Each block is one body element, except a list (one paragraph per item).
    let mut pieces: Vec<(Piece, String)> = Vec::new();
    let mut article_numbering: Vec<(Piece, String)> = Vec::new();
    let plan = crate::export::articles::ArticlePlan::of(&only_pieces);
    let mut next = elements.into_iter();
    for (index, block) in only_pieces.blocks.iter().enumerate() {
        if let (Some((id, 0)), Some(piece)) = (plan.numbering(index), block.piece) {
            if !article_numbering.iter().any(|(p, _)| *p == piece) {
                article_numbering.push((piece, id.to_string()));
            }
        }
        let count = match &block.kind {
            BlockKind::List { items, .. } => items.len(),
            _ => 1,
        };
        let piece = block.piece.unwrap_or(Piece::Rc);
        let xml: String = next.by_ref().take(count).collect();
        match pieces.last_mut() {
            Some((p, text)) if *p == piece => text.push_str(&xml),
            _ => pieces.push((piece, xml)),
        }
    }
    // The section starts each piece on a new page; in a model, the model's own text around
    // the placeholder decides (a CCAP model would otherwise break its page before article 3).
    let pieces = pieces
        .into_iter()
        .map(|(piece, xml)| Ok((piece, replace::without_empty(&xml, b"w:pageBreakBefore")?)))
        .collect::<Result<_, Error>>()?;
    Ok(Generated {
        pieces,
        styles: ours.text("word/styles.xml")?.unwrap_or_default(),
        numbering: ours.text("word/numbering.xml")?,
        article_numbering,
    })
}
