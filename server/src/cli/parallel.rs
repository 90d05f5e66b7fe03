//! `check`'s engine room: the walk feeds package roots to one worker per core as it finds them,
//! so analysis overlaps the walk. Each package gets its own facts cache, dropped when it is done:
//! memory stays flat however many packages there are.

use std::path::{Path, PathBuf};
use std::sync::{mpsc, Mutex};

use crate::analysis::{analyze_startos, config_for};
use crate::diagnostic::Diagnostic;
use crate::workspace::discover::{discover_streaming, Discovery};
use crate::workspace::{DiskSource, FactsCache, ReadError};

pub type PackageResult = (Vec<Diagnostic>, Vec<(PathBuf, ReadError)>);

pub struct Packages {
    pub count: usize,
    /// One entry per package, in no particular order.
    pub results: Vec<PackageResult>,
}

fn analyze_one(root: &Path) -> PackageResult {
    let source = DiskSource;
    let config = config_for(root, &source);
    if config.is_excluded(root) {
        return Default::default();
    }
    analyze_startos(root, &source, &FactsCache::default(), &config)
        .map(|r| (r.diagnostics, r.unreadable))
        .unwrap_or_default()
}

pub fn discover_and_analyze(paths: &[PathBuf]) -> (Discovery, Packages) {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (send, receive) = mpsc::channel::<PathBuf>();
    let receive = Mutex::new(receive);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let next = receive.lock().unwrap_or_else(|e| e.into_inner()).recv();
                        let Ok(root) = next else { break };
                        done.push(analyze_one(&root));
                    }
                    done
                })
            })
            .collect();
        let mut count = 0;
        let discovery = discover_streaming(paths, |root| {
            count += 1;
            // the workers outlive the walk: a send cannot fail before `send` is dropped
            let _ = send.send(root);
        });
        drop(send);
        let results = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect();
        (discovery, Packages { count, results })
    })
}
