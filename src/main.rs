//! `clausier`: the command line. Subcommands run headless; scripts rely on the exit codes:
//! 0 fine, 1 error findings, 2 unreadable input or bad arguments.
//!
//! Windows: the executable is built for the GUI subsystem, so that a double click (or a file
//! association) opens the window without a black console beside it. A GUI-subsystem process
//! has no console of its own, so when it is asked to work headless (a subcommand, `--help`,
//! `--version`, or an argument that is not a project to open) it attaches to the console of
//! the terminal that started it (`AttachConsole(ATTACH_PARENT_PROCESS)`) and prints there.
//! Redirections (`> fichier.txt`, pipes) keep working: they hand the process real handles,
//! which attaching leaves alone. The limit of the approach: an interactive cmd.exe or
//! PowerShell does not wait for a GUI-subsystem program, so the prompt may come back before
//! the output and `%ERRORLEVEL%` / `$LASTEXITCODE` are not set. Scripts that need the exit
//! code therefore use `clausier-cli.exe` (src/bin/clausier-cli.rs): the same commands in a
//! console-subsystem executable, which every shell waits for. Both ship in the Windows zip.

#![cfg_attr(windows, windows_subsystem = "windows")]

mod cli;

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    #[cfg(windows)]
    if runs_headless(&args) {
        attach_parent_console();
    }
    std::process::exit(cli::run(args));
}

/// True when the arguments ask for headless work rather than the window: anything but
/// nothing at all or a single existing file (a double click, or a file association).
#[cfg_attr(not(windows), allow(dead_code))]
fn runs_headless(args: &[std::ffi::OsString]) -> bool {
    match args.get(1..).unwrap_or_default() {
        [] => false,
        [one] => !std::path::Path::new(one).is_file(),
        _ => true,
    }
}

/// Borrows the console of the terminal that started us, if any (none after a double click:
/// the call then fails and output goes nowhere, as for any GUI program).
#[cfg(windows)]
#[allow(unsafe_code)] // The one Win32 call of the crate; see the SAFETY note.
fn attach_parent_console() {
    use windows_sys::Win32::System::Console::{AttachConsole, ATTACH_PARENT_PROCESS};
    // SAFETY: plain Win32 call without pointers; failure only means "no parent console".
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}
