//! The git-aware rules (SO012 downstream-not-reset, SO013 missing-release-tag, SO014
//! version-decreased) on real repositories built in a temporary folder with the `git` binary:
//! commits, annotated and light tags in both spellings, a worktree, a detached HEAD, a shallow
//! clone, a repository with no commit, a package in a subfolder, an archive without `.git`.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// A copy of the ghost package (current 6.57.1:0; historical 6.0.0:2 and 5.9.0-rc.1:0) as a
/// repository with one commit, tagged with `tags`.
fn repo(tags: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = common::copy_fixture("clean/ghost-startos");
    common::git(&root, &["init", "-q"]);
    common::git(&root, &["add", "-A"]);
    common::git(&root, &["commit", "-q", "-m", "ghost"]);
    for t in tags {
        common::git(&root, &["tag", "-a", t, "-m", t]);
    }
    (tmp, root)
}

/// `check --format json` in `dir`: the git rules' findings as (code, file name, message), and
/// stderr. (Retagging the manifest's image is another rule's business: SO007 is left out.)
fn check(dir: &Path, args: &[&str]) -> (Vec<(String, String, String)>, String) {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let (code, out, err) = common::run_cli(&all, dir);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let found = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| ["SO012", "SO013", "SO014"].contains(&d["code"].as_str().unwrap()))
        .map(|d| {
            let file = d["path"].as_str().unwrap();
            (
                d["code"].as_str().unwrap().to_string(),
                Path::new(file)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (found, err)
}

fn codes(found: &[(String, String, String)]) -> Vec<&str> {
    found.iter().map(|f| f.0.as_str()).collect()
}

/// Writes `version` over the version literal of `current.ts`.
fn set_current(root: &Path, version: &str) {
    let path = root.join("startos/versions/current.ts");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("version: '").unwrap() + "version: '".len();
    let end = start + text[start..].find('\'').unwrap();
    std::fs::write(
        &path,
        format!("{}{version}{}", &text[..start], &text[end..]),
    )
    .unwrap();
}

#[test]
fn a_historical_version_without_its_tag_is_reported_with_the_expected_name() {
    // 5.9.0-rc.1:0 tagged the convention's way; 6.0.0:2 not at all; an older release first
    let (_tmp, root) = repo(&["v5.0.0_0", "v5.9.0-rc.1_0", "v6.57.1_0"]);
    let (found, _) = check(&root, &[]);
    assert_eq!(codes(&found), ["SO013"], "{found:?}");
    assert_eq!(found[0].1, "v6.0.0_2.ts");
    assert!(found[0].2.contains("expected `v6.0.0_2`"), "{}", found[0].2);

    // the tag, pushed late, clears it
    common::git(&root, &["tag", "v6.0.0_2"]);
    assert_eq!(check(&root, &[]).0, []);
}

/// The commit named in `message`'s `git tag <name> <commit>`.
fn named_commit(message: &str) -> String {
    let after = &message[message.find("git tag ").expect(message) + "git tag ".len()..];
    after.split_whitespace().nth(1).unwrap().to_string()
}

#[test]
fn the_message_names_the_commit_that_released_the_version() {
    // one commit: 6.0.0:2 was never current here, so its file's first commit released it
    let (_tmp, root) = repo(&["v5.0.0_0", "v5.9.0-rc.1_0", "v6.57.1_0"]);
    let (found, _) = check(&root, &[]);
    let head = common::git(&root, &["rev-parse", "HEAD"]);
    let named = named_commit(&found[0].2);
    assert!(
        named.len() >= 7 && head.starts_with(&named),
        "{named} vs {head}"
    );

    // a history: 6.0.0:2 released from current.ts, then spun off, then other work
    let (_tmp2, root) = common::copy_fixture("clean/ghost-startos");
    let original = std::fs::read_to_string(root.join("startos/versions/current.ts")).unwrap();
    common::git(&root, &["init", "-q"]);
    set_current(&root, "6.0.0:2");
    common::git(&root, &["add", "-A"]);
    common::git(&root, &["commit", "-q", "-m", "release 6.0.0:2"]);
    let released = common::git(&root, &["rev-parse", "HEAD"]);
    std::fs::write(root.join("startos/versions/current.ts"), original).unwrap();
    common::git(
        &root,
        &["commit", "-qam", "spin off 6.0.0:2, start 6.57.1:0"],
    );
    std::fs::write(root.join("NOTES.md"), "later work\n").unwrap();
    common::git(&root, &["add", "-A"]);
    common::git(&root, &["commit", "-qm", "later work"]);
    for t in ["v5.0.0_0", "v5.9.0-rc.1_0", "v6.57.1_0"] {
        common::git(&root, &["tag", t]);
    }
    let (found, _) = check(&root, &[]);
    assert_eq!(codes(&found), ["SO013"], "{found:?}");
    let named = named_commit(&found[0].2);
    assert!(
        released.starts_with(&named),
        "{named} vs {released}: {}",
        found[0].2
    );
    assert!(found[0].2.contains(&format!("commit {named} released it")));
}

#[test]
fn older_tag_spellings_count_and_set_the_expected_name() {
    // a repository that only ever tagged `v6.0.0.2`-style (and `v5.0.0` for a downstream 0)
    let (_tmp, root) = repo(&["v5.0.0", "v6.0.0.2"]);
    let (found, _) = check(&root, &[]);
    // 6.0.0:2 is tagged (`v6.0.0.2`); 5.9.0-rc.1:0 is not, and a prerelease keeps the convention
    assert_eq!(codes(&found), ["SO013"], "{found:?}");
    assert!(
        found[0].2.contains("expected `v5.9.0-rc.1_0`"),
        "{}",
        found[0].2
    );
}

#[test]
fn hyphen_spelled_downstreams_count_too() {
    // seen in a real package: `v1.96.5-2` for 1.96.5:2 (a hyphen and digits: not a prerelease)
    let (_tmp, root) = repo(&["v5.0.0-0", "v6.0.0-2"]);
    let (found, _) = check(&root, &[]);
    assert_eq!(codes(&found), ["SO013"], "{found:?}");
    assert_eq!(found[0].1, "v5.9.0-rc.1_0.ts");
    assert!(
        found[0].2.contains("expected `v5.9.0-rc.1-0`"),
        "{}",
        found[0].2
    );
}

#[test]
fn versions_older_than_the_first_tag_and_untagged_repositories_are_not_reported() {
    let (_tmp, root) = repo(&["v6.57.1_0"]);
    assert_eq!(check(&root, &[]).0, []);
    let (_tmp, root) = repo(&["latest", "nightly"]);
    assert_eq!(check(&root, &[]).0, []);
}

#[test]
fn a_new_upstream_with_an_old_downstream_warns_until_committed() {
    let (_tmp, root) = repo(&[]);
    set_current(&root, "6.58.0:1");
    let (found, _) = check(&root, &[]);
    assert_eq!(codes(&found), ["SO012"], "{found:?}");
    assert!(
        found[0]
            .2
            .contains("from 6.57.1 (committed at HEAD) to 6.58.0"),
        "{}",
        found[0].2
    );
    // a new downstream of the same upstream is fine
    set_current(&root, "6.57.1:1");
    assert_eq!(check(&root, &[]).0, []);
    // committing the new upstream makes it the reference
    set_current(&root, "6.58.0:1");
    assert_eq!(codes(&check(&root, &[]).0), ["SO012"]);
    common::git(&root, &["commit", "-q", "-am", "6.58.0:1"]);
    assert_eq!(check(&root, &[]).0, []);
}

#[test]
fn a_version_lower_than_the_committed_one_is_reported_with_its_release() {
    let (_tmp, root) = repo(&["v5.0.0_0", "v6.0.0_2", "v5.9.0-rc.1_0", "v6.57.1_0"]);
    set_current(&root, "6.5.1:0");
    let (found, _) = check(&root, &[]);
    assert_eq!(codes(&found), ["SO014"], "{found:?}");
    assert!(
        found[0].2.contains("6.5.1:0 is lower than 6.57.1:0 committed at HEAD, released as `v6.57.1_0` on 2025-03-04"),
        "{}",
        found[0].2
    );
}

#[test]
fn worktrees_and_detached_heads_are_read_like_the_main_tree() {
    let (tmp, root) = repo(&["v5.0.0_0", "v5.9.0-rc.1_0"]);
    let wt = tmp.path().canonicalize().unwrap().join("wt");
    common::git(
        &root,
        &["worktree", "add", "-q", "--detach", wt.to_str().unwrap()],
    );
    let (found, _) = check(&wt, &[]);
    assert_eq!(codes(&found), ["SO013"], "{found:?}");
    set_current(&wt, "6.58.0:1");
    assert_eq!(codes(&check(&wt, &[]).0), ["SO012", "SO013"]);
}

#[test]
fn archives_shallow_clones_and_empty_repositories_are_quiet() {
    // no repository at all (an archive)
    let (_tmp, archive) = common::copy_fixture("clean/ghost-startos");
    set_current(&archive, "6.58.0:1");
    let (found, err) = check(&archive, &[]);
    assert_eq!(found, []);
    assert!(
        err.contains("git rules (SO012-SO014) off for ghost-startos: not in a git repository")
            || err.contains("git rules (SO012-SO014) off for .: not in a git repository"),
        "{err}"
    );

    // a shallow clone: no findings although a tag is missing and the upstream changed
    let (tmp, root) = repo(&["v5.0.0_0"]);
    common::git(&root, &["commit", "-q", "--allow-empty", "-m", "second"]);
    let shallow = tmp.path().canonicalize().unwrap().join("shallow");
    let url = format!("file://{}", root.display());
    common::git(
        tmp.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &url,
            shallow.to_str().unwrap(),
        ],
    );
    set_current(&shallow, "6.58.0:1");
    let (found, err) = check(&shallow, &[]);
    assert_eq!(found, []);
    assert!(err.contains("a shallow clone"), "{err}");

    // a repository with no commit yet
    let (_tmp, fresh) = common::copy_fixture("clean/ghost-startos");
    common::git(&fresh, &["init", "-q"]);
    let (found, err) = check(&fresh, &[]);
    assert_eq!(found, []);
    assert!(err.contains("no commit yet"), "{err}");
}

#[test]
fn a_package_in_a_subfolder_compares_with_head_but_leaves_the_tags_alone() {
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path().canonicalize().unwrap();
    common::copy_dir(
        &common::fixture("clean/ghost-startos"),
        &top.join("services/ghost"),
    );
    common::git(&top, &["init", "-q"]);
    common::git(&top, &["add", "-A"]);
    common::git(&top, &["commit", "-q", "-m", "all"]);
    common::git(&top, &["tag", "v1.0.0_0"]); // the repository's own release, not ghost's
    let pkg = top.join("services/ghost");
    assert_eq!(check(&top, &[]).0, []);
    set_current(&pkg, "6.58.0:1");
    // from the repository's root, from the package, and from a subfolder with `..`
    assert_eq!(codes(&check(&top, &[]).0), ["SO012"]);
    assert_eq!(codes(&check(&pkg, &[]).0), ["SO012"]);
    let (found, _) = check(&pkg.join("startos"), &[".."]);
    assert_eq!(codes(&found), ["SO012"]);
}

/// Issue 28: a `.git` *file* in a cloned folder, naming another repository's git directory, made
/// SO014 compare against that repository (and offer to "restore" its version). Such a file is not
/// followed; a worktree's (which its git directory names back) still is (see the worktree test).
#[test]
fn a_git_file_naming_another_repository_is_not_followed() {
    let (_other_tmp, other) = repo(&["v6.57.1_0"]);
    let (_tmp, pkg) = common::copy_fixture("clean/ghost-startos");
    set_current(&pkg, "6.5.1:0"); // lower than the other repository's committed version
    std::fs::write(
        pkg.join(".git"),
        format!("gitdir: {}\n", other.join(".git").display()),
    )
    .unwrap();
    let (found, err) = check(&pkg, &[]);
    assert_eq!(found, [], "{err}");
    assert!(err.contains("does not name this folder back"), "{err}");
}
