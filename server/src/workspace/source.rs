//! Where file contents come from: the disk, or the editor's open buffers over the disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// Files larger than this are not read: no manifest or version file comes near it.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Why a file's text is not available.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    Missing,
    TooLarge(u64),
    NotUtf8,
    /// A FIFO, a socket, a device (`/dev/stdin` behind a link): reading it could block forever
    /// or take another process's input, so it is never read.
    NotRegular(&'static str),
    /// Named by a manifest but outside the package's folder (`../../elsewhere`, an absolute path,
    /// a symbolic link out): never read, so nothing of the runner's files reaches a report.
    Outside,
    /// A symbolic link in `startos/versions`: neither `check` nor the editor reads it (it could
    /// lead anywhere), and both say so.
    Symlink,
    /// A symbolic link to a file outside the folders being checked (or the editor's workspace):
    /// never read, so nothing of the machine's other files reaches a report.
    LinkOutside,
    /// Read, but beyond what is analysed (a JSON manifest too large or too deep): why.
    NotAnalysed(String),
    Io(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Missing => write!(f, "file not found"),
            ReadError::TooLarge(n) => write!(
                f,
                "file is {n} bytes, over the {MAX_FILE_BYTES}-byte limit; skipped"
            ),
            ReadError::NotUtf8 => write!(f, "file is not valid UTF-8; skipped"),
            ReadError::NotRegular(kind) => write!(f, "not a regular file ({kind}); not read"),
            ReadError::Outside => write!(f, "outside the package's folder; not read"),
            ReadError::LinkOutside => write!(
                f,
                "a symbolic link to a file outside the folders being checked; not read"
            ),
            ReadError::Symlink => write!(f, "a symbolic link; not read (only regular files are)"),
            ReadError::NotAnalysed(why) => write!(f, "{why}"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

pub trait Source: Send + Sync {
    fn read(&self, path: &Path) -> Result<Arc<str>, ReadError>;
    /// Hands the text of `path` to `f` without keeping it: what reads a file once for its facts
    /// and drops it (the disk reads into a buffer each thread reuses, not a fresh allocation).
    fn visit(&self, path: &Path, f: &mut dyn FnMut(&str)) -> Result<(), ReadError> {
        f(&self.read(path)?);
        Ok(())
    }
    /// [`Source::visit`] before the bytes are known to be UTF-8 (the disk does not check them:
    /// a search for a few ASCII bytes needs no valid text).
    fn visit_bytes(&self, path: &Path, f: &mut dyn FnMut(&[u8])) -> Result<(), ReadError> {
        self.visit(path, &mut |t| f(t.as_bytes()))
    }
    /// The files directly inside `dir` (sorted), including unsaved open buffers.
    fn list_files(&self, dir: &Path) -> Vec<PathBuf>;
    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }
    /// Where the feed of changed paths stands now; `None` when the source keeps none (the disk:
    /// `check` reads each file once) or cannot vouch for one (changes on disk go unreported).
    fn change_seq(&self) -> Option<u64> {
        None
    }
    /// The paths whose text may have changed since `seq` (a folder stands for what is below it);
    /// `None` when the feed no longer reaches back that far.
    fn changed_since(&self, _seq: u64) -> Option<Vec<PathBuf>> {
        None
    }
}

/// The feed of changed paths: the last [`Journal::KEEP`] changes, each with its sequence number.
#[derive(Default)]
struct Journal {
    next: u64,
    entries: std::collections::VecDeque<(u64, PathBuf)>,
    /// The newest change no longer kept.
    dropped: u64,
}

impl Journal {
    const KEEP: usize = 4096;

    fn record(&mut self, path: &Path) {
        self.next += 1;
        // a path typed into again and again is kept once, at its latest change
        if self.entries.back().is_some_and(|(_, p)| p == path) {
            self.entries.pop_back();
        }
        self.entries.push_back((self.next, path.to_path_buf()));
        if self.entries.len() > Self::KEEP {
            if let Some((n, _)) = self.entries.pop_front() {
                self.dropped = n;
            }
        }
    }

    fn since(&self, seq: u64) -> Option<Vec<PathBuf>> {
        if self.dropped > seq {
            return None;
        }
        Some(
            self.entries
                .iter()
                .filter(|(n, _)| *n > seq)
                .map(|(_, p)| p.clone())
                .collect(),
        )
    }
}

/// The folders this process works in (the paths given to `check`, the editor's workspace
/// folders): a symbolic link whose target lies outside all of them is not read, so a repository
/// cannot make a report print lines of other files on the machine. Empty: no such rule (a
/// library caller, a server with no folder).
static SEALED: RwLock<Vec<PathBuf>> = RwLock::new(Vec::new());

/// Seals reads to `roots` (see [`SEALED`]).
pub fn seal_to(roots: &[PathBuf]) {
    let canonical = roots.iter().filter_map(|r| r.canonicalize().ok()).collect();
    *SEALED.write().unwrap_or_else(|e| e.into_inner()) = canonical;
}

/// Whether `path` is a symbolic link (as its last component) to a file outside the sealed
/// folders.
fn link_leaves_workspace(path: &Path) -> bool {
    let roots = SEALED.read().unwrap_or_else(|e| e.into_inner());
    if roots.is_empty() {
        return false;
    }
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return false;
    }
    path.canonicalize()
        .is_ok_and(|real| !roots.iter().any(|r| real.starts_with(r)))
}

pub fn read_disk(path: &Path) -> Result<Arc<str>, ReadError> {
    let mut text = Err(ReadError::NotUtf8);
    read_disk_with(path, &mut |b| {
        text = std::str::from_utf8(b)
            .map(Arc::from)
            .map_err(|_| ReadError::NotUtf8)
    })?;
    text
}

/// [`read_disk_with`] for a text: `ReadError::NotUtf8` unless it is one.
pub fn read_disk_text_with(path: &Path, f: &mut dyn FnMut(&str)) -> Result<(), ReadError> {
    let mut result = Ok(());
    read_disk_with(path, &mut |b| match std::str::from_utf8(b) {
        Ok(text) => f(text),
        Err(_) => result = Err(ReadError::NotUtf8),
    })?;
    result
}

/// Reads `path` as [`read_disk`] does, and hands its bytes (not checked to be UTF-8) to `f` from
/// a buffer this thread reuses.
pub fn read_disk_with(path: &Path, f: &mut dyn FnMut(&[u8])) -> Result<(), ReadError> {
    thread_local! {
        static BUFFER: crate::text::ReusedBuffer = const { std::cell::RefCell::new(Vec::new()) };
    }
    crate::text::with_reused(&BUFFER, |bytes| {
        read_disk_bytes(path, bytes).map(|()| f(bytes))
    })
}

/// The bytes of `path` (a regular file, at most [`MAX_FILE_BYTES`]) appended to `bytes`.
fn read_disk_bytes(path: &Path, bytes: &mut Vec<u8>) -> Result<(), ReadError> {
    use std::io::Read;
    let io = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::IsADirectory => ReadError::Missing,
        _ => ReadError::Io(e.to_string()),
    };
    // opened without blocking (a FIFO with no writer would hang the open), then the opened
    // handle itself is asked what it is: only a regular file is read, whatever links led to it
    let open = |flags: i32| {
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | flags);
        }
        let _ = flags;
        options.open(path)
    };
    // most files are no link: opened without following one, they need no look at the path
    // itself (one system call less a file); a link (ELOOP) is opened again, and checked
    #[cfg(unix)]
    let (file, linked) = match open(libc::O_NOFOLLOW) {
        Ok(file) => (file, false),
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => (open(0).map_err(io)?, true),
        Err(e) => return Err(io(e)),
    };
    #[cfg(not(unix))]
    let (file, linked) = (open(0).map_err(io)?, true);
    let kind = file.metadata().map_err(io)?.file_type();
    if kind.is_dir() {
        return Err(ReadError::Missing);
    }
    if !kind.is_file() {
        return Err(ReadError::NotRegular(file_kind(&kind)));
    }
    if linked && link_leaves_workspace(path) {
        return Err(ReadError::LinkOutside);
    }
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(ReadError::TooLarge(size));
    }
    Ok(())
}

/// Whether `path` (lexically normalized) stays inside `root`, symbolic links resolved too.
pub fn stays_inside(root: &Path, path: &Path) -> bool {
    if !path.starts_with(root) {
        return false;
    }
    match (root.canonicalize(), path.canonicalize()) {
        (Ok(r), Ok(p)) => p.starts_with(r),
        // not there (yet): nothing to read, nothing to escape through
        _ => true,
    }
}

/// What a file that is not a regular one is, in words.
fn file_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
    }
    let _ = kind;
    "not a regular file"
}

fn list_disk(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// The files on disk, as `check` sees them.
#[derive(Default)]
pub struct DiskSource;

impl Source for DiskSource {
    fn read(&self, path: &Path) -> Result<Arc<str>, ReadError> {
        read_disk(path)
    }
    fn visit(&self, path: &Path, f: &mut dyn FnMut(&str)) -> Result<(), ReadError> {
        read_disk_text_with(path, f)
    }
    fn visit_bytes(&self, path: &Path, f: &mut dyn FnMut(&[u8])) -> Result<(), ReadError> {
        read_disk_with(path, f)
    }
    fn list_files(&self, dir: &Path) -> Vec<PathBuf> {
        list_disk(dir)
    }
}

/// Open buffers first, then the disk, whose texts are kept once read, up to
/// [`OverlaySource::KEEP_BYTES`] in all (the facts of a tree are kept elsewhere; its texts are
/// not, so memory follows the facts, not the bytes): while the client reports every change on
/// disk (`trust_events`), a kept text is used until `forget` drops it; otherwise each read
/// compares the file's modification time and size first. A text beyond the budget is read
/// again when asked for.
#[derive(Default)]
pub struct OverlaySource {
    open: RwLock<HashMap<PathBuf, Arc<str>>>,
    disk: RwLock<HashMap<PathBuf, DiskEntry>>,
    /// The bytes of the texts in `disk`.
    disk_bytes: std::sync::atomic::AtomicUsize,
    /// A budget other than [`OverlaySource::KEEP_BYTES`] (tests).
    budget: Option<usize>,
    trust_events: std::sync::atomic::AtomicBool,
    journal: std::sync::Mutex<Journal>,
}

struct DiskEntry {
    stamp: Option<(std::time::SystemTime, u64)>,
    text: Result<Arc<str>, ReadError>,
}

fn stamp(path: &Path) -> Option<(std::time::SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

fn entry_bytes(e: &DiskEntry) -> usize {
    e.text.as_ref().map_or(0, |t| t.len())
}

impl OverlaySource {
    /// How many bytes of disk texts are kept: the files a package's analysis reads again on
    /// every keystroke (a StartOS package, the manifests) fit many times over; a monorepo's
    /// hundred thousand sources do not, and need not (their facts are kept).
    pub const KEEP_BYTES: usize = 32 * 1024 * 1024;

    /// The client reports every file change on disk (its watcher is registered).
    pub fn trust_events(&self, trust: bool) {
        self.trust_events
            .store(trust, std::sync::atomic::Ordering::Relaxed);
    }

    /// The file changed on disk (or appeared, or went away): its kept text goes, and so do those
    /// of the files below it when it is a folder.
    pub fn forget_disk(&self, path: &Path) {
        self.record(path);
        let mut disk = self.disk.write().unwrap_or_else(|e| e.into_inner());
        let mut freed = 0;
        disk.retain(|p, e| {
            let keep = !p.starts_with(path);
            if !keep {
                freed += entry_bytes(e);
            }
            keep
        });
        self.disk_bytes
            .fetch_sub(freed, std::sync::atomic::Ordering::Relaxed);
    }

    fn read_kept(&self, path: &Path) -> Result<Arc<str>, ReadError> {
        let trusted = self.trust_events.load(std::sync::atomic::Ordering::Relaxed);
        let now = if trusted { None } else { stamp(path) };
        if let Some(e) = self
            .disk
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
        {
            if trusted || (now.is_some() && e.stamp == now) {
                return e.text.clone();
            }
        }
        let text = read_disk(path);
        // with the client's events, the kept text is trusted without a stamp (one stat less
        // per file); a stamp-less entry is read again should the events stop
        let stamp = if trusted { None } else { now };
        // only what a later read can trust: with events, anything; without, a file with a stamp
        if trusted || stamp.is_some() {
            let entry = DiskEntry {
                stamp,
                text: text.clone(),
            };
            let size = entry_bytes(&entry);
            let mut disk = self.disk.write().unwrap_or_else(|e| e.into_inner());
            let before = disk.get(path).map_or(0, entry_bytes);
            let kept = self.disk_bytes.load(std::sync::atomic::Ordering::Relaxed) - before;
            if kept + size <= self.budget.unwrap_or(Self::KEEP_BYTES) {
                disk.insert(path.to_path_buf(), entry);
                self.disk_bytes
                    .store(kept + size, std::sync::atomic::Ordering::Relaxed);
            } else if before > 0 {
                disk.remove(path);
                self.disk_bytes
                    .store(kept, std::sync::atomic::Ordering::Relaxed);
            }
        }
        text
    }

    fn record(&self, path: &Path) {
        self.journal
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .record(path);
    }

    pub fn set(&self, path: PathBuf, text: Arc<str>) {
        self.record(&path);
        self.open
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, text);
    }
    pub fn remove(&self, path: &Path) {
        self.record(path);
        self.open
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(path);
    }
    pub fn open_paths(&self) -> Vec<PathBuf> {
        self.open
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .keys()
            .cloned()
            .collect()
    }
}

impl Source for OverlaySource {
    fn read(&self, path: &Path) -> Result<Arc<str>, ReadError> {
        if let Some(t) = self
            .open
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
        {
            return Ok(t.clone());
        }
        self.read_kept(path)
    }
    fn change_seq(&self) -> Option<u64> {
        // without the client's file events, a change on disk would go unseen
        self.trust_events
            .load(std::sync::atomic::Ordering::Relaxed)
            .then(|| self.journal.lock().unwrap_or_else(|e| e.into_inner()).next)
    }
    fn changed_since(&self, seq: u64) -> Option<Vec<PathBuf>> {
        if !self.trust_events.load(std::sync::atomic::Ordering::Relaxed) {
            return None;
        }
        self.journal
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .since(seq)
    }
    fn list_files(&self, dir: &Path) -> Vec<PathBuf> {
        let mut out = list_disk(dir);
        for p in self.open.read().unwrap_or_else(|e| e.into_inner()).keys() {
            if p.parent() == Some(dir) && !out.contains(p) {
                out.push(p.clone());
            }
        }
        out.sort();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_journal_answers_what_changed_or_that_it_no_longer_knows() {
        let mut j = Journal::default();
        assert_eq!(j.since(0), Some(vec![]));
        j.record(Path::new("/a"));
        j.record(Path::new("/b"));
        j.record(Path::new("/b")); // typed into again: kept once, at its latest change
        assert_eq!(j.next, 3);
        assert_eq!(
            j.since(0),
            Some(vec![PathBuf::from("/a"), PathBuf::from("/b")])
        );
        assert_eq!(j.since(1), Some(vec![PathBuf::from("/b")]));
        assert_eq!(j.since(3), Some(vec![]));
        for n in 0..Journal::KEEP {
            j.record(Path::new(&format!("/f{n}")));
        }
        // the oldest changes were dropped: from before them, nobody can say
        assert_eq!(j.since(1), None);
        let last = j.next;
        j.record(Path::new("/z"));
        assert_eq!(j.since(last), Some(vec![PathBuf::from("/z")]));
    }

    #[test]
    fn the_overlay_keeps_disk_texts_up_to_its_budget_and_reads_the_rest_again() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.ts"), dir.path().join("b.ts"));
        std::fs::write(&a, "aaaaaa").unwrap();
        std::fs::write(&b, "bbbbbb").unwrap();
        let s = OverlaySource {
            budget: Some(10),
            ..OverlaySource::default()
        };
        s.trust_events(true);
        assert_eq!(&*s.read(&a).unwrap(), "aaaaaa");
        assert_eq!(&*s.read(&b).unwrap(), "bbbbbb"); // over the budget: not kept
        assert_eq!(s.disk_bytes.load(std::sync::atomic::Ordering::Relaxed), 6);
        // a kept text is trusted until forgotten; one not kept is read again
        std::fs::write(&a, "AAAAAA").unwrap();
        std::fs::write(&b, "BBBBBB").unwrap();
        assert_eq!(&*s.read(&a).unwrap(), "aaaaaa");
        assert_eq!(&*s.read(&b).unwrap(), "BBBBBB");
        s.forget_disk(&a);
        assert_eq!(s.disk_bytes.load(std::sync::atomic::Ordering::Relaxed), 0);
        assert_eq!(&*s.read(&a).unwrap(), "AAAAAA");
    }

    #[test]
    fn the_overlay_vouches_for_its_feed_only_with_the_clients_file_events() {
        let s = OverlaySource::default();
        assert_eq!(s.change_seq(), None);
        s.trust_events(true);
        let at = s.change_seq().unwrap();
        s.set(PathBuf::from("/x.ts"), Arc::from("x"));
        s.forget_disk(Path::new("/y.ts"));
        s.remove(Path::new("/x.ts"));
        assert_eq!(
            s.changed_since(at),
            Some(vec![
                PathBuf::from("/x.ts"),
                PathBuf::from("/y.ts"),
                PathBuf::from("/x.ts")
            ])
        );
        s.trust_events(false);
        assert_eq!(s.changed_since(at), None);
    }
}
