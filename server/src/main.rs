#![deny(clippy::unwrap_used, clippy::expect_used)]
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use manifest_lsp::cli::{check_command, CheckOptions, Format};
use manifest_lsp::rules;

/// manifest-lsp: keeps package version manifests consistent, in the editor and in CI.
#[derive(Parser)]
#[command(name = "manifest-lsp", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the language server over stdio (the default).
    Serve {
        /// Accepted for clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Check packages under the given paths (default: the current directory) and print diagnostics.
    Check {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Apply every safe fix first (atomic writes, only to files under the given paths), then
        /// report what is left.
        #[arg(long)]
        fix: bool,
        /// With --fix: apply the unsafe fixes too (they change a version, a range's meaning, a
        /// docker tag or a dependency specifier); each is still verified to leave the tree better.
        #[arg(long, requires = "fix")]
        unsafe_fixes: bool,
        /// Exit 0 when the paths hold nothing manifest-lsp understands (default: exit 2).
        #[arg(long)]
        allow_empty: bool,
        /// Exit 1 when more than this many warnings are found.
        #[arg(long, value_name = "N")]
        max_warnings: Option<usize>,
    },
    /// List every rule.
    Rules,
    /// Print a rule's documentation.
    Explain {
        /// A code (SO002) or a name (version-file-name-mismatch).
        code: String,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    // stdout is locked only by the commands that print: the server writes to it from tokio
    let out = || std::io::stdout().lock();
    match cli.command.unwrap_or(Command::Serve { stdio: true }) {
        Command::Serve { .. } => ExitCode::from(manifest_lsp::lsp::serve_stdio() as u8),
        Command::Check {
            paths,
            format,
            fix,
            unsafe_fixes,
            allow_empty,
            max_warnings,
        } => {
            let options = CheckOptions {
                format: Some(format),
                fix,
                unsafe_fixes,
                allow_empty,
                max_warnings,
            };
            let code = check_command(&paths, &options, &mut out(), &mut std::io::stderr());
            ExitCode::from(code as u8)
        }
        Command::Rules => {
            let mut out = out();
            for r in rules::all() {
                let _ = writeln!(
                    out,
                    "{}  {:<32} {:<11} {}",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    r.summary
                );
            }
            ExitCode::SUCCESS
        }
        Command::Explain { code } => match rules::find(&code) {
            Some(r) => {
                let _ = writeln!(
                    out(),
                    "# {} {} ({})\n\n{}",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    r.docs
                );
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("manifest-lsp: unknown rule `{code}` (see `manifest-lsp rules`)");
                ExitCode::from(2)
            }
        },
    }
}
