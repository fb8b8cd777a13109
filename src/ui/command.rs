//! Every command a user can give, in one table: its label, tooltip, shortcuts and menu.
//! The menu bar, the keyboard handling, the F1 help and the command palette are all generated
//! from it, so none of them can drift from the others (rerun's `UICommand` is the model).

use crate::ui::app::{Command, Page, TrainingExport};
use egui::{Key, KeyboardShortcut, Modifiers};
use strum::{EnumIter, IntoEnumIterator};

/// A command without parameters, as the user sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter)]
pub enum UiCommand {
    New,
    Open,
    Save,
    SaveAs,
    ExportDocx,
    ExportIntoModel,
    CompareVersion,
    ExportBrief,
    Quit,
    Undo,
    Redo,
    CommandPalette,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    LightTheme,
    DarkTheme,
    TogglePreview,
    ToggleFindings,
    PreviousStep,
    NextStep,
    ShowScenarios,
    Present,
    ShowCompare,
    ShowQuiz,
    ProjectQuiz,
    ExportHandout,
    ExportHandoutTrainer,
    ExportSlides,
    ExportPlan,
    ExportQuizSheet,
    ShowClauses,
    ChooseTemplatesDir,
    ClearTemplatesDir,
    ReloadLibrary,
    ImportSupply,
    ShowProgramme,
    ShowIndicators,
    ShowHelp,
    ShowAbout,
}

/// The menus of the menu bar, in their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter)]
pub enum Menu {
    File,
    Edit,
    View,
    Training,
    Tools,
    Help,
}

impl Menu {
    pub fn title(self) -> &'static str {
        match self {
            Menu::File => "Fichier",
            Menu::Edit => "Édition",
            Menu::View => "Affichage",
            Menu::Training => "Formation",
            Menu::Tools => "Outils",
            Menu::Help => "Aide",
        }
    }

    /// This menu's commands, in the table's order.
    pub fn commands(self) -> impl Iterator<Item = UiCommand> {
        UiCommand::iter().filter(move |c| c.spec().menu == self)
    }
}

/// What the table says of one command.
pub struct Spec {
    pub text: &'static str,
    pub tooltip: &'static str,
    pub menu: Menu,
    /// A separator is drawn above this entry in its menu.
    pub starts_group: bool,
    /// The first one is shown in menus and help; all of them work.
    pub shortcuts: &'static [KeyboardShortcut],
}

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn ctrl_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

const fn alt(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::ALT, key)
}

const fn bare(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

impl UiCommand {
    pub fn spec(self) -> Spec {
        use Menu::*;
        use UiCommand::*;
        let (text, tooltip, menu, starts_group, shortcuts): (_, _, _, _, &[KeyboardShortcut]) =
            match self {
                New => (
                    "Nouveau",
                    "Commencer un projet vide",
                    File,
                    false,
                    const { &[ctrl(Key::N)] },
                ),
                Open => (
                    "Ouvrir…",
                    "Ouvrir un fichier de projet",
                    File,
                    false,
                    const { &[ctrl(Key::O)] },
                ),
                Save => (
                    "Enregistrer",
                    "Enregistrer le projet",
                    File,
                    true,
                    const { &[ctrl(Key::S)] },
                ),
                SaveAs => (
                    "Enregistrer sous…",
                    "Enregistrer le projet sous un autre nom",
                    File,
                    false,
                    const { &[ctrl_shift(Key::S)] },
                ),
                ExportDocx => (
                    "Exporter en DOCX…",
                    "Écrire la section RC et CCAP dans un fichier Word",
                    File,
                    false,
                    const { &[ctrl(Key::E)] },
                ),
                ExportIntoModel => (
                    "Exporter dans mon modèle…",
                    "Placer les pièces dans un modèle Word de votre service, à la place de ses repères [[clausier:…]]",
                    File,
                    false,
                    &[],
                ),
                CompareVersion => (
                    "Comparer avec une version…",
                    "Écrire la section en DOCX avec les modifications apportées depuis une version précédente du projet, en suivi des modifications de Word",
                    File,
                    false,
                    &[],
                ),
                ExportBrief => (
                    "Exporter la fiche du facilitateur…",
                    "Écrire la fiche à transmettre au facilitateur des clauses sociales",
                    File,
                    false,
                    const { &[ctrl_shift(Key::E)] },
                ),
                Quit => (
                    "Quitter",
                    "Fermer Clausier",
                    File,
                    true,
                    const { &[ctrl(Key::Q)] },
                ),
                Undo => (
                    "Annuler",
                    "Annuler la dernière modification",
                    Edit,
                    false,
                    const { &[ctrl(Key::Z)] },
                ),
                Redo => (
                    "Rétablir",
                    "Rétablir la modification annulée",
                    Edit,
                    false,
                    const { &[ctrl(Key::Y), ctrl_shift(Key::Z)] },
                ),
                CommandPalette => (
                    "Rechercher une commande…",
                    "Trouver et lancer une commande au clavier",
                    Edit,
                    true,
                    const { &[ctrl(Key::K), ctrl_shift(Key::P)] },
                ),
                ZoomIn => (
                    "Zoom avant",
                    "Agrandir le texte et les champs",
                    View,
                    false,
                    const { &[ctrl(Key::Plus), ctrl(Key::Equals)] },
                ),
                ZoomOut => (
                    "Zoom arrière",
                    "Réduire le texte et les champs",
                    View,
                    false,
                    const { &[ctrl(Key::Minus)] },
                ),
                ZoomReset => (
                    "Taille normale",
                    "Revenir à la taille d’origine",
                    View,
                    false,
                    const { &[ctrl(Key::Num0)] },
                ),
                LightTheme => ("Thème clair", "Couleurs claires", View, true, &[]),
                DarkTheme => ("Thème sombre", "Couleurs sombres", View, false, &[]),
                TogglePreview => (
                    "Aperçu de la section",
                    "Afficher ou masquer l’aperçu du document",
                    View,
                    true,
                    &[],
                ),
                ToggleFindings => (
                    "Constats",
                    "Afficher ou masquer la liste des constats",
                    View,
                    false,
                    &[],
                ),
                PreviousStep => (
                    "Étape précédente",
                    "Revenir à l’étape précédente de l’assistant",
                    View,
                    true,
                    const { &[alt(Key::ArrowLeft)] },
                ),
                NextStep => (
                    "Étape suivante",
                    "Passer à l’étape suivante de l’assistant",
                    View,
                    false,
                    const { &[alt(Key::ArrowRight)] },
                ),
                ShowScenarios => (
                    "Scénarios et notes",
                    "Les cas de formation et leurs notes pour le formateur",
                    Training,
                    false,
                    &[],
                ),
                Present => (
                    "Présenter le scénario choisi",
                    "Vue de projection, sans menus, en grands caractères",
                    Training,
                    false,
                    const { &[bare(Key::F5)] },
                ),
                ShowCompare => (
                    "Comparer deux choix",
                    "Le même besoin avec deux choix de leviers, côte à côte",
                    Training,
                    false,
                    &[],
                ),
                ShowQuiz => (
                    "Quiz",
                    "Questions vrai ou faux et à choix multiple",
                    Training,
                    false,
                    &[],
                ),
                ProjectQuiz => (
                    "Quiz en salle (vidéoprojecteur)",
                    "Les questions choisies en grand, réponses A à D, score par équipe ou à main levée",
                    Training,
                    false,
                    &[],
                ),
                ExportHandout => (
                    "Exporter le support de formation…",
                    "Le support à remettre aux participants (cas de la séance, questions sans réponses) dans un fichier Word",
                    Training,
                    true,
                    &[],
                ),
                ExportHandoutTrainer => (
                    "Exporter le support du formateur…",
                    "Le même support avec les éléments de réponse et les pistes d’animation",
                    Training,
                    false,
                    &[],
                ),
                ExportSlides => (
                    "Exporter les diapositives (PDF)…",
                    "Une page 16:9 par diapositive, polices incluses, avec les changements « Et si… ? » préparés",
                    Training,
                    false,
                    &[],
                ),
                ExportPlan => (
                    "Exporter le déroulé de la séance…",
                    "Le plan minuté de la séance (séquences, durées, supports) sur une page",
                    Training,
                    false,
                    &[],
                ),
                ExportQuizSheet => (
                    "Exporter la feuille de quiz…",
                    "Les questions choisies et leur corrigé sur une page à part, dans un fichier Word",
                    Training,
                    false,
                    &[],
                ),
                ShowClauses => (
                    "Bibliothèque de clauses",
                    "Les clauses fournies et celles de votre organisation",
                    Tools,
                    false,
                    &[],
                ),
                ChooseTemplatesDir => (
                    "Choisir le dossier des clauses de l’organisation…",
                    "Utiliser vos propres versions des clauses",
                    Tools,
                    true,
                    &[],
                ),
                ReloadLibrary => (
                    "Recharger les clauses de l’organisation",
                    "Relire le dossier après une modification",
                    Tools,
                    false,
                    &[],
                ),
                ClearTemplatesDir => (
                    "Revenir aux clauses fournies",
                    "Ne plus utiliser le dossier de l’organisation",
                    Tools,
                    false,
                    &[],
                ),
                ImportSupply => (
                    "Importer des structures…",
                    "Importer la liste des structures inclusives de votre territoire (CSV ou tableur) pour savoir qui peut exécuter chaque lot",
                    Tools,
                    true,
                    &[],
                ),
                ShowProgramme => (
                    "Programme d’achats",
                    "Une année d’achats d’un coup : procédure, obligations, levier conseillé et heures d’insertion de chaque ligne du programme",
                    Tools,
                    true,
                    &[],
                ),
                ShowIndicators => (
                    "Indicateurs des achats responsables",
                    "Les indicateurs du schéma d’achats responsables (SPASER) à partir de vos données essentielles (DECP)",
                    Tools,
                    false,
                    &[],
                ),
                ShowHelp => (
                    "Aide et raccourcis clavier",
                    "Les raccourcis et les touches de chaque vue",
                    Help,
                    false,
                    const { &[bare(Key::F1)] },
                ),
                ShowAbout => (
                    "À propos de Clausier",
                    "Versions de l’application et des clauses",
                    Help,
                    false,
                    &[],
                ),
            };
        Spec {
            text,
            tooltip,
            menu,
            starts_group,
            shortcuts,
        }
    }

    /// What running this command does.
    pub fn command(self) -> Command {
        use UiCommand::*;
        match self {
            New => Command::New,
            Open => Command::Open,
            Save => Command::Save,
            SaveAs => Command::SaveAs,
            ExportDocx => Command::ExportDocx,
            ExportIntoModel => Command::ExportIntoModel,
            CompareVersion => Command::CompareVersion,
            ExportBrief => Command::ExportBrief,
            Quit => Command::Quit,
            Undo => Command::Undo,
            Redo => Command::Redo,
            CommandPalette => Command::ShowPalette,
            ZoomIn => Command::ZoomIn,
            ZoomOut => Command::ZoomOut,
            ZoomReset => Command::ZoomReset,
            LightTheme => Command::SetDark(false),
            DarkTheme => Command::SetDark(true),
            TogglePreview => Command::TogglePreview,
            ToggleFindings => Command::ToggleFindings,
            PreviousStep => Command::PreviousStep,
            NextStep => Command::NextStep,
            ShowScenarios => Command::ShowPage(Page::Scenarios),
            Present => Command::Present,
            ShowCompare => Command::ShowPage(Page::Compare),
            ShowQuiz => Command::ShowPage(Page::Quiz),
            ProjectQuiz => Command::ProjectQuiz,
            ExportHandout => Command::ExportTraining(TrainingExport::Handout { trainer: false }),
            ExportHandoutTrainer => {
                Command::ExportTraining(TrainingExport::Handout { trainer: true })
            }
            ExportSlides => Command::ExportTraining(TrainingExport::Slides),
            ExportPlan => Command::ExportTraining(TrainingExport::Plan),
            ExportQuizSheet => Command::ExportTraining(TrainingExport::QuizSheet),
            ShowClauses => Command::ShowPage(Page::Clauses),
            ChooseTemplatesDir => Command::ChooseTemplatesDir,
            ReloadLibrary => Command::ReloadLibrary,
            ClearTemplatesDir => Command::ClearTemplatesDir,
            ImportSupply => Command::Supply(crate::ui::supply::SupplyAction::Import),
            ShowProgramme => Command::ShowPage(Page::Programme),
            ShowIndicators => Command::ShowPage(Page::Indicators),
            ShowHelp => Command::ShowHelp,
            ShowAbout => Command::ShowAbout,
        }
    }

    /// The shortcut shown next to the command, in French (« Ctrl+Maj+S »), or "".
    pub fn shortcut_text(self) -> String {
        self.spec()
            .shortcuts
            .first()
            .map(format_shortcut)
            .unwrap_or_default()
    }
}

/// Keys that act only inside one view: not commands, but listed in the help with them.
pub const VIEW_KEYS: &[(&str, &str)] = &[
    ("Tab / Maj+Tab", "Champ suivant / précédent"),
    ("Entrée ou Espace", "Activer le bouton sélectionné"),
    ("Échap", "Fermer la fenêtre de dialogue"),
    (
        "Flèches, Espace, Page préc. / suiv., Début, Fin",
        "Présentation : diapositive suivante ou précédente, première, dernière",
    ),
    ("Échap", "Présentation : revenir à l’application"),
    (
        "Haut / Bas puis R, C ou S, et A",
        "Présentation, « Et si » : choisir un lot, le réserver, lui mettre une clause ou aucun levier ; allotir ou non",
    ),
    ("E", "Présentation, questions : afficher les éléments de réponse"),
    (
        "1 à 4 ou A à D, Entrée",
        "Quiz seul : répondre, question suivante",
    ),
    (
        "A à D, puis Espace",
        "Quiz en salle : réponse de la salle, puis révéler la bonne réponse et l’explication",
    ),
    (
        "1 à 9, ou Haut / Bas",
        "Quiz en salle : point à l’équipe 1 à 9, ou une main levée de plus ou de moins",
    ),
    (
        "Entrée ou flèche droite, flèche gauche, Échap",
        "Quiz en salle : question suivante, précédente ; revenir au choix des questions",
    ),
];

/// « Ctrl+Maj+S », « Alt+flèche droite », « F5 »: the modifiers and key names of a French
/// keyboard (egui's own names are English and its arrow symbols are missing from its fonts).
pub fn format_shortcut(shortcut: &KeyboardShortcut) -> String {
    let m = shortcut.modifiers;
    let mut parts: Vec<&str> = Vec::new();
    if m.command || m.ctrl || m.mac_cmd {
        parts.push("Ctrl");
    }
    if m.alt {
        parts.push("Alt");
    }
    if m.shift {
        parts.push("Maj");
    }
    let key = match shortcut.logical_key {
        Key::ArrowLeft => "flèche gauche",
        Key::ArrowRight => "flèche droite",
        Key::ArrowUp => "flèche haut",
        Key::ArrowDown => "flèche bas",
        Key::Plus => "+",
        Key::Minus => "-",
        Key::Equals => "=",
        other => other.symbol_or_name(),
    };
    parts.push(key);
    parts.join("+")
}

/// Every (command, shortcut) pair, those with more modifiers first: egui matches Ctrl+S
/// while Ctrl+Maj+S is held, so the longer combination must be tried before the shorter one.
fn shortcut_table() -> Vec<(KeyboardShortcut, UiCommand)> {
    let mut table: Vec<(KeyboardShortcut, UiCommand)> = UiCommand::iter()
        .flat_map(|c| c.spec().shortcuts.iter().map(move |s| (*s, c)))
        .collect();
    let weight = |s: &KeyboardShortcut| {
        let m = s.modifiers;
        usize::from(m.shift) + usize::from(m.alt) + usize::from(m.command || m.ctrl)
    };
    table.sort_by_key(|(s, _)| std::cmp::Reverse(weight(s)));
    table
}

/// The commands whose shortcut was pressed this frame (each consumed, so no widget sees it).
/// Function keys work everywhere; a shortcut without Ctrl or Alt would type into a text
/// field, and none is defined.
pub fn pressed(ctx: &egui::Context) -> Vec<UiCommand> {
    let mut pressed = Vec::new();
    for (shortcut, command) in shortcut_table() {
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
            pressed.push(command);
        }
    }
    pressed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let table = shortcut_table();
        for (i, (a, ca)) in table.iter().enumerate() {
            for (b, cb) in &table[i + 1..] {
                assert!(
                    a != b,
                    "{} is bound to both {ca:?} and {cb:?}",
                    format_shortcut(a)
                );
            }
        }
    }

    #[test]
    fn a_longer_combination_is_tried_before_the_one_it_contains() {
        let table = shortcut_table();
        let position = |s: KeyboardShortcut| table.iter().position(|(t, _)| *t == s).unwrap();
        assert!(position(ctrl_shift(Key::S)) < position(ctrl(Key::S)));
        assert!(position(ctrl_shift(Key::E)) < position(ctrl(Key::E)));
        assert!(position(ctrl_shift(Key::Z)) < position(ctrl(Key::Z)));
    }

    #[test]
    fn only_function_keys_go_without_a_modifier() {
        for (shortcut, command) in shortcut_table() {
            let m = shortcut.modifiers;
            let bare_function_key = !m.any()
                && matches!(
                    shortcut.logical_key,
                    Key::F1 | Key::F2 | Key::F3 | Key::F4 | Key::F5 | Key::F6
                );
            assert!(
                m.command || m.ctrl || m.alt || bare_function_key,
                "{command:?}: {} would type into a text field",
                format_shortcut(&shortcut)
            );
        }
    }

    #[test]
    fn every_command_has_a_label_a_tooltip_and_a_menu_entry() {
        for command in UiCommand::iter() {
            let spec = command.spec();
            assert!(
                !spec.text.is_empty() && !spec.tooltip.is_empty(),
                "{command:?}"
            );
            assert!(spec.menu.commands().any(|c| c == command));
        }
    }

    #[test]
    fn shortcuts_are_written_as_on_a_french_keyboard() {
        assert_eq!(UiCommand::SaveAs.shortcut_text(), "Ctrl+Maj+S");
        assert_eq!(UiCommand::NextStep.shortcut_text(), "Alt+flèche droite");
        assert_eq!(UiCommand::ZoomIn.shortcut_text(), "Ctrl++");
        assert_eq!(UiCommand::Present.shortcut_text(), "F5");
        assert_eq!(UiCommand::ShowScenarios.shortcut_text(), "");
    }
}
