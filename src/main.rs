//! `clausier`: the command line. Subcommands run headless; scripts rely on the exit codes:
//! 0 fine, 1 error findings, 2 unreadable input or bad arguments.

mod cli;

fn main() {
    std::process::exit(cli::run(std::env::args_os().collect()));
}
