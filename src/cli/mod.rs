//! Argument parsing (clap) with French messages, and dispatch to the subcommands.

mod args;
mod commands;
mod programme;
mod supply;
mod training;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches};
use std::ffi::OsString;

pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_INPUT: i32 = 2;

pub fn run(argv: Vec<OsString>) -> i32 {
    let parsed = command()
        .try_get_matches_from(argv)
        .and_then(|matches| args::Cli::from_arg_matches(&matches));
    match parsed {
        Ok(cli) => commands::dispatch(cli),
        Err(e) => report_clap_error(e),
    }
}

/// The grammar with clap's own English replaced: the help and version flags described in
/// French under the one « Options » heading, and the accepted values of an option listed in
/// its French description instead of clap's « [possible values: …] ».
fn command() -> clap::Command {
    french(args::Cli::command()).disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("Affiche la version du programme et de la bibliothèque de clauses")
            .help_heading(args::OPTIONS),
    )
}

fn french(command: clap::Command) -> clap::Command {
    command
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Affiche l'aide")
                .help_heading(args::OPTIONS),
        )
        .mut_args(|arg| {
            let takes_values = arg.get_action().takes_values();
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !takes_values || values.is_empty() || arg.is_hide_possible_values_set() {
                return arg;
            }
            let help = arg
                .get_help()
                .map(|h| h.to_string().trim_end_matches('.').to_string())
                .unwrap_or_default();
            let listed = format!("valeurs : {}", values.join(", "));
            let help = if help.is_empty() {
                crate::cli::capitalize(&listed)
            } else {
                format!("{help} ({listed})")
            };
            arg.hide_possible_values(true).help(help)
        })
        .mut_subcommands(french)
}

fn capitalize(text: &str) -> String {
    clausier::fr::capitalized(text)
}

fn context_text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// clap speaks English; buyers read French. Help and version go out as they are.
fn report_clap_error(e: clap::Error) -> i32 {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return EXIT_OK;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let _ = e.print();
            return EXIT_INPUT;
        }
        _ => {}
    }
    let arg = context_text(&e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context_text(&e, ContextKind::InvalidValue).unwrap_or_default();
    let valid = context_text(&e, ContextKind::ValidValue);
    let message = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("{arg} : valeur vide ; indiquez-en une")
        }
        ErrorKind::InvalidValue => format!(
            "valeur « {value} » invalide pour {arg}{}",
            valid
                .map(|v| format!(" ; valeurs admises : {v}"))
                .unwrap_or_default()
        ),
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(&e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            format!("valeur « {value} » refusée pour {arg} : {reason}")
        }
        ErrorKind::MissingRequiredArgument => format!("argument obligatoire manquant : {arg}"),
        ErrorKind::UnknownArgument => format!("argument inconnu : {arg}"),
        ErrorKind::InvalidSubcommand => format!(
            "commande inconnue : « {} » ; commandes : {}",
            context_text(&e, ContextKind::InvalidSubcommand).unwrap_or_default(),
            command_names()
        ),
        // `clausier generat x`: the mistyped command was taken for a project file, and the
        // word after it has nowhere to go.
        ErrorKind::ArgumentConflict if arg.is_empty() => format!(
            "argument en trop{} ; indiquez un fichier de projet seul, ou une commande parmi : {}",
            if value.is_empty() {
                String::new()
            } else {
                format!(" : « {value} »")
            },
            command_names()
        ),
        ErrorKind::ArgumentConflict => format!(
            "{arg} ne peut pas être utilisé avec {}",
            context_text(&e, ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::TooManyValues => {
            format!("{arg} est donné plusieurs fois ou avec trop de valeurs")
        }
        ErrorKind::NoEquals | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("nombre de valeurs incorrect pour {arg}")
        }
        ErrorKind::InvalidUtf8 => "un argument n'est pas du texte UTF-8 valide".to_string(),
        _ => "arguments invalides".to_string(),
    };
    eprintln!("clausier : {message}\nPour l'aide : clausier --help");
    EXIT_INPUT
}

/// The subcommands, in the order of the help, for the messages that list them: read from the
/// grammar so that a new command cannot be forgotten there.
pub(crate) fn command_names() -> String {
    args::Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
