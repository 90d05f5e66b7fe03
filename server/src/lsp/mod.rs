//! The language server: translates LSP to the analysis core and back. No rule logic here.

mod convert;
mod guard;
mod lifecycle;
mod server;
pub mod transport;
mod workspace_edit;

pub use server::Backend;

/// Serve over stdin/stdout until the client says `exit` (or goes away). Returns the process's
/// exit status: 0 after `shutdown` and `exit`, 1 for `exit` without `shutdown`, for a refused
/// frame, or when the editor process named at `initialize` is gone.
pub fn serve_stdio() -> i32 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // analyses run on these threads (and its blocking ones): the stack `check`'s workers get,
        // a margin far past what the nesting limits let any parser or walk reach
        .thread_stack_size(crate::analysis::ANALYSIS_STACK)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("manifest-lsp: cannot start the async runtime: {e}");
            return 1;
        }
    };
    let status = runtime.block_on(lifecycle::serve(tokio::io::stdin(), tokio::io::stdout()));
    // tokio reads stdin on a blocking thread that stays parked in read(2) until the client closes
    // the pipe; dropping the runtime would wait for it and keep the process alive after `exit`.
    runtime.shutdown_background();
    status
}
