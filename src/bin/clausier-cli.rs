//! `clausier-cli.exe`: the same commands as `clausier`, in a console-subsystem executable for
//! Windows scripts. `clausier.exe` is a GUI-subsystem program (no console window on a double
//! click); cmd.exe and PowerShell do not wait for such programs, so their exit codes are lost
//! in an interactive shell. This one is waited for like any console program: its output comes
//! before the next prompt and `%ERRORLEVEL%` / `$LASTEXITCODE` hold its exit code (see
//! src/main.rs). Elsewhere the console is never hidden, `clausier` is enough, and this binary
//! only points to it.

#[cfg(windows)]
#[path = "../cli/mod.rs"]
mod cli;

#[cfg(windows)]
fn main() {
    std::process::exit(cli::run(std::env::args_os().collect()));
}

#[cfg(not(windows))]
fn main() {
    eprintln!("clausier-cli ne sert que sous Windows : utilisez « clausier ».");
    std::process::exit(2);
}
