//! Argument parsing (clap) with French messages, and dispatch to the subcommands.

mod args;
mod commands;
mod supply;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Parser;
use std::ffi::OsString;

pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_INPUT: i32 = 2;

pub fn run(argv: Vec<OsString>) -> i32 {
    let cli = match args::Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => return report_clap_error(e),
    };
    commands::dispatch(cli)
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
        ErrorKind::InvalidValue => format!(
            "valeur « {value} » invalide pour {arg}{}",
            valid.map(|v| format!(" ; valeurs admises : {v}")).unwrap_or_default()
        ),
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(&e).map(|s| s.to_string()).unwrap_or_default();
            format!("valeur « {value} » refusée pour {arg} : {reason}")
        }
        ErrorKind::MissingRequiredArgument => format!("argument obligatoire manquant : {arg}"),
        ErrorKind::UnknownArgument => format!("argument inconnu : {arg}"),
        ErrorKind::InvalidSubcommand => format!(
            "commande inconnue : « {} » ; commandes : generate, check, hours, procedure, new, export, templates, scenarios",
            context_text(&e, ContextKind::InvalidSubcommand).unwrap_or_default()
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
        _ => format!("arguments invalides ({})", e.kind()),
    };
    eprintln!("clausier : {message}\nPour l'aide : clausier --help");
    EXIT_INPUT
}
