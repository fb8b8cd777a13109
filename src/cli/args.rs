//! The command-line grammar. Help texts are in French: they are what a buyer reads.

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use clausier::fr::parse_amount_cents;
use clausier::model::{BuyerKind, Nature};
use std::path::PathBuf;

/// Help headings: clap adds the colon, French typography wants a (no-break) space before it.
pub const OPTIONS: &str = "Options\u{a0}";
pub const COMMANDS: &str = "Commandes\u{a0}";

const HELP_TEMPLATE: &str = "\
{before-help}{name} {version} — {about}

Utilisation : {usage}

{all-args}{after-help}";

/// `clausier --version`: the program's version and the bundled clause library's, the two that
/// every generated document states (« clausier 0.1.0, bibliothèque de clauses 2026.11 (…) »).
fn version_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| match clausier::clauses::ClauseLibrary::bundled_info() {
        Ok(info) => format!(
            "{}, bibliothèque de clauses {} ({})",
            clausier::APP_VERSION,
            info.version,
            info.date
        ),
        Err(_) => clausier::APP_VERSION.to_string(),
    })
}

#[derive(Parser, Debug)]
#[command(
    name = "clausier",
    version = version_text(),
    about = "Assistant de rédaction des leviers sociaux des marchés publics",
    help_template = HELP_TEMPLATE,
    disable_help_subcommand = true,
    subcommand_help_heading = COMMANDS,
    subcommand_value_name = "COMMANDE",
    next_help_heading = OPTIONS,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Projet à ouvrir dans la fenêtre (sans commande, Clausier ouvre sa fenêtre).
    #[arg(value_name = "PROJET.ron")]
    pub file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Produit la section RC/CCAP (DOCX ou Markdown) d'un projet.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS)]
    Generate {
        /// Fichier de projet (.ron).
        #[arg(value_name = "PROJET.ron")]
        project: PathBuf,
        #[command(flatten)]
        out: DocumentOutput,
        #[command(flatten)]
        section: SectionArgs,
        /// Produit le document même si le contrôle relève des erreurs (code de sortie 1).
        #[arg(long)]
        force: bool,
        /// Version précédente du projet : le DOCX montre les modifications en suivi des
        /// modifications de Word (insertions et suppressions par « Clausier »).
        #[arg(long, value_name = "ANCIEN.ron")]
        compare: Option<PathBuf>,
    },
    /// Produit la fiche de liaison du facilitateur : heures, publics, moyens, dates et contacts.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS)]
    Brief {
        /// Fichier de projet (.ron).
        #[arg(value_name = "PROJET.ron")]
        project: PathBuf,
        #[command(flatten)]
        out: DocumentOutput,
    },
    /// Produit le support de formation d'un ou plusieurs scénarios (participants, ou formateur avec --formateur).
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS)]
    Handout(super::training::HandoutArgs),
    /// Produit le déroulé minuté d'une séance : séquences, durées, supports.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS)]
    Plan(super::training::PlanArgs),
    /// Produit les diapositives d'une séance en PDF (une page 16:9 par diapositive).
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS)]
    Slides(super::training::SlidesArgs),
    /// Produit la feuille d'un quiz (thèmes, nombre de questions) avec son corrigé, ou liste les thèmes.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS)]
    Quiz(super::training::QuizArgs),
    /// Contrôle un projet au regard des règles en vigueur à la date de lancement.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS)]
    Check {
        /// Fichier de projet (.ron).
        #[arg(value_name = "PROJET.ron")]
        project: PathBuf,
        #[command(flatten)]
        date: DateArg,
        /// Sortie JSON, pour les scripts.
        #[arg(long)]
        json: bool,
    },
    /// Calcule les heures d'insertion d'un lot.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS)]
    Hours(HoursArgs),
    /// Indique la procédure et la publicité applicables à un achat.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS)]
    Procedure {
        /// Nature de l'achat.
        #[arg(long, value_enum)]
        nature: NatureArg,
        /// Catégorie d'acheteur.
        #[arg(long, value_enum, value_name = "ACHETEUR")]
        buyer: BuyerArg,
        /// Montant estimé HT, toutes périodes comprises (« 1 234 567,89 » ou « 1234567.89 »).
        #[arg(long, value_parser = amount, value_name = "MONTANT", allow_negative_numbers = true)]
        amount: i64,
        /// Services sociaux et autres services spécifiques (procédure adaptée quel que soit le
        /// montant ; avis au JOUE à partir de leur seuil européen).
        #[arg(long)]
        services_specifiques: bool,
        #[command(flatten)]
        date: DateArg,
        /// Sortie JSON, pour les scripts.
        #[arg(long)]
        json: bool,
    },
    /// Crée un fichier de projet, vide ou à partir d'un scénario.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS)]
    New {
        /// Identifiant du scénario de départ (voir `clausier scenarios`).
        #[arg(long, value_name = "ID")]
        scenario: Option<String>,
        /// Fichier de projet à créer (jamais un fichier existant).
        #[arg(short = 'o', long = "output", value_name = "FICHIER")]
        output: PathBuf,
    },
    /// Exporte les valeurs à reporter dans l'avis (eForms) ou les données essentielles (DECP).
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS)]
    Export {
        /// Valeurs de l'avis de marché (eforms) ou des données essentielles (decp).
        #[arg(long, value_enum)]
        format: DataFormat,
        /// Fichier de projet (.ron).
        #[arg(value_name = "PROJET.ron")]
        project: PathBuf,
        /// Fichier JSON à produire (à défaut, la sortie standard).
        #[arg(short = 'o', long = "output", value_name = "FICHIER")]
        output: Option<PathBuf>,
        #[command(flatten)]
        date: DateArg,
    },
    /// Vérifie le dossier de clauses d'une organisation.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS, subcommand_help_heading = COMMANDS, subcommand_value_name = "COMMANDE")]
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
    /// Offre locale : importe un fichier de structures inclusives, ou indique par lot celles qui peuvent faire le travail près du lieu d'exécution.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Options")]
    Offre(super::supply::OffreArgs),
    /// Programme d'achats : procédure, obligations, levier conseillé et heures d'insertion, ligne par ligne.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS)]
    Programme(super::programme::ProgrammeArgs),
    /// Indicateurs des achats socialement responsables (SPASER) à partir des données essentielles (DECP).
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS)]
    Indicateurs(super::programme::IndicatorsArgs),
    /// Liste les scénarios fournis.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS)]
    Scenarios {
        /// Sortie JSON, pour les scripts.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum TemplatesAction {
    /// Contrôle la syntaxe, les variables déclarées et le rendu sur chaque scénario.
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS)]
    Check {
        /// Dossier des clauses de l'organisation.
        #[arg(value_name = "DOSSIER")]
        dir: PathBuf,
    },
}

#[derive(Args, Debug)]
pub struct DateArg {
    /// Date de lancement de la consultation (AAAA-MM-JJ) ; à défaut, celle du projet, sinon aujourd'hui.
    #[arg(long = "date", value_parser = date, value_name = "AAAA-MM-JJ")]
    pub date: Option<NaiveDate>,
}

#[derive(Args, Debug)]
pub struct HoursArgs {
    /// Méthode de la branche propreté, avec reprise du personnel.
    #[arg(long)]
    pub cleaning: bool,
    /// Montant HT du lot sur toute sa durée.
    #[arg(long, value_parser = amount, value_name = "MONTANT", allow_negative_numbers = true)]
    pub amount: i64,
    /// Part de la main-d'œuvre dans le montant, en %.
    #[arg(long, value_parser = number, value_name = "POURCENT", required_unless_present = "cleaning", conflicts_with = "cleaning")]
    pub labour_share: Option<f64>,
    /// Taux d'insertion, en % des heures de travail.
    #[arg(long, value_parser = number, value_name = "POURCENT", allow_negative_numbers = true)]
    pub rate: f64,
    /// Coût horaire chargé, en euros.
    #[arg(long, value_parser = amount, value_name = "EUROS", required_unless_present = "cleaning", conflicts_with = "cleaning")]
    pub hourly_cost: Option<i64>,
    /// Durée du marché en mois (méthode propreté).
    #[arg(long, value_name = "MOIS", required_if_eq("cleaning", "true"))]
    pub months: Option<u32>,
    /// Heures mensuelles du personnel repris (méthode propreté).
    #[arg(long, value_parser = number, value_name = "HEURES", required_if_eq("cleaning", "true"))]
    pub transferred_hours: Option<f64>,
    /// Sortie JSON, pour les scripts.
    #[arg(long)]
    pub json: bool,
}

/// Which piece of the section, numbered from which article, written into which model.
#[derive(Args, Debug)]
pub struct SectionArgs {
    /// Pièce à produire : rc, ccap, annexes, note (document interne de l'acheteur) ou section
    /// (toutes, chacune sur une nouvelle page).
    #[arg(long, value_enum, value_name = "PIÈCE", default_value = "section")]
    pub piece: PieceArg,
    /// Numéro du premier article produit dans le RC et dans le CCAP (par défaut : celui du
    /// projet, sinon 1 ; avec --into, à la suite des articles du modèle).
    #[arg(long = "first-article", value_name = "N", value_parser = clap::value_parser!(u32).range(1..=9999))]
    pub first_article: Option<u32>,
    /// Modèle Word de l'acheteur (.docx) dont les repères [[clausier:…]] reçoivent les pièces.
    #[arg(long, value_name = "MODELE.docx", conflicts_with = "piece")]
    pub into: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieceArg {
    Rc,
    Ccap,
    Annexes,
    Note,
    Section,
}

impl From<PieceArg> for clausier::model::Extract {
    fn from(piece: PieceArg) -> Self {
        use clausier::model::Extract;
        match piece {
            PieceArg::Rc => Extract::Rc,
            PieceArg::Ccap => Extract::Ccap,
            PieceArg::Annexes => Extract::Annexes,
            PieceArg::Note => Extract::Note,
            PieceArg::Section => Extract::Section,
        }
    }
}

/// Where and how a document is written, and the rules of which date it follows.
#[derive(Args, Debug)]
pub struct DocumentOutput {
    /// Fichier à produire.
    #[arg(short = 'o', long = "output", value_name = "FICHIER")]
    pub output: PathBuf,
    #[command(flatten)]
    pub date: DateArg,
    /// Dossier de clauses de l'organisation, qui remplacent les clauses fournies de même identifiant.
    #[arg(long, value_name = "DOSSIER")]
    pub templates: Option<PathBuf>,
    /// Format du fichier produit (par défaut : d'après l'extension du fichier, .docx ou .md).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

impl DocumentOutput {
    /// The format asked for, or the one the output's extension names. An extension we do not
    /// write (`.pdf`, `.odt`) is refused rather than given DOCX content under a wrong name.
    pub fn format(&self) -> Result<Format, String> {
        Format::for_output(self.format, &self.output)
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Docx,
    Md,
}

impl From<Format> for clausier::pipeline::Format {
    fn from(format: Format) -> Self {
        match format {
            Format::Docx => clausier::pipeline::Format::Docx,
            Format::Md => clausier::pipeline::Format::Markdown,
        }
    }
}

impl Format {
    pub fn for_output(asked: Option<Format>, output: &std::path::Path) -> Result<Format, String> {
        if let Some(format) = asked {
            return Ok(format);
        }
        let formats = "formats possibles : .docx (Word, LibreOffice) ou .md (Markdown) ; ou précisez --format docx ou --format md";
        match output.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("docx") => Ok(Format::Docx),
            Some(ext) if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") => {
                Ok(Format::Md)
            }
            Some(ext) => Err(format!(
                "{} : Clausier ne produit pas de fichier « .{ext} » ; {formats}",
                output.display()
            )),
            None => Err(format!(
                "{} : le nom du fichier à produire n'a pas d'extension ; {formats}",
                output.display()
            )),
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataFormat {
    Eforms,
    Decp,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum NatureArg {
    Travaux,
    Fournitures,
    Services,
}

impl From<NatureArg> for Nature {
    fn from(n: NatureArg) -> Nature {
        match n {
            NatureArg::Travaux => Nature::Works,
            NatureArg::Fournitures => Nature::Supplies,
            NatureArg::Services => Nature::Services,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum BuyerArg {
    Collectivite,
    Etat,
    Etablissement,
    EntiteAdjudicatrice,
    /// Marché de défense ou de sécurité.
    Defense,
}

impl From<BuyerArg> for BuyerKind {
    fn from(b: BuyerArg) -> BuyerKind {
        match b {
            BuyerArg::Collectivite => BuyerKind::LocalAuthority,
            BuyerArg::Etat => BuyerKind::CentralGovernment,
            BuyerArg::Etablissement => BuyerKind::PublicBody,
            BuyerArg::EntiteAdjudicatrice => BuyerKind::Utility,
            BuyerArg::Defense => BuyerKind::DefenceSecurity,
        }
    }
}

fn amount(text: &str) -> Result<i64, String> {
    parse_amount_cents(text).map_err(|e| e.to_string())
}

/// A decimal number written with a comma or a point.
fn number(text: &str) -> Result<f64, String> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '%')
        .collect();
    cleaned
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| "nombre attendu (par exemple 7,5 ou 7.5)".to_string())
}

pub(super) fn date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| "date attendue au format AAAA-MM-JJ, par exemple 2026-12-01".to_string())
}
