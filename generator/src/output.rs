//! Writing the site: everything is built into a temporary folder beside the
//! output and swapped in with renames, so a failed or interrupted build never
//! leaves a half-written site, and the previous site stays until the new one
//! is complete.

use crate::a11y::Scanned;
use crate::paths::OutputFile;
use crate::paths::OutputPath;
use rayon::prelude::*;
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The site: rendered files in memory plus files copied as they are.
#[derive(Default)]
pub struct SiteOutput {
    pub files: Vec<OutputFile>,
    /// (source file, destination) for assets.
    pub copies: Vec<(PathBuf, OutputPath)>,
    /// Files already written by a [`Sink`] (not in `files`).
    pub streamed: usize,
}

impl SiteOutput {
    pub fn len(&self) -> usize {
        self.files.len() + self.copies.len() + self.streamed
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Turns every file into what readers get (see [`OutputFile::published`];
    /// writing does this on the way, files kept in memory are published here).
    pub fn publish(&mut self) {
        self.files
            .par_iter_mut()
            .for_each(|f| f.bytes = f.published().into_owned());
    }

    /// The same site moved into the sub-folder `dir` (one brand of several).
    pub fn under(self, dir: &str) -> SiteOutput {
        let move_path = |p: &OutputPath| OutputPath::new(Path::new(dir).join(p.as_path()));
        SiteOutput {
            files: self
                .files
                .into_iter()
                .map(|f| OutputFile {
                    path: move_path(&f.path),
                    bytes: f.bytes,
                })
                .collect(),
            copies: self
                .copies
                .iter()
                .map(|(src, dest)| (src.clone(), move_path(dest)))
                .collect(),
            streamed: self.streamed,
        }
    }
}

/// Refuses output folders whose replacement would destroy sources.
pub fn check_destination(site_root: &Path, out: &Path) -> Result<(), String> {
    let root = site_root.canonicalize().unwrap_or_else(|_| site_root.to_path_buf());
    let out_abs = absolute(out);
    if root.starts_with(&out_abs) {
        return Err(format!(
            "output folder {} contains the site itself; choose another --out",
            out.display()
        ));
    }
    for precious in ["content", "themes", "i18n", "static"] {
        if out_abs == root.join(precious) || out_abs.starts_with(root.join(precious)) {
            return Err(format!(
                "output folder {} is inside the site's {precious}/ folder; choose another --out",
                out.display()
            ));
        }
    }
    if out_abs.join("portico.yaml").exists() || out_abs.join(".git").exists() {
        return Err(format!(
            "output folder {} holds a site or repository; refusing to replace it",
            out.display()
        ));
    }
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    match (p.parent().and_then(|d| d.canonicalize().ok()), p.file_name()) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => p,
    }
}

/// A site written in full to a staging folder next to its destination; it
/// replaces the destination on `commit` and is deleted if dropped instead.
pub struct Staged {
    staging: tempfile::TempDir,
    out: PathBuf,
    parent: PathBuf,
    name: String,
}

impl Staged {
    /// An empty staging folder beside `out`.
    pub fn create(out: &Path) -> io::Result<Staged> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "public".into());
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.new-"))
            .tempdir_in(&parent)?;
        Ok(Staged {
            staging,
            out: out.to_path_buf(),
            parent,
            name,
        })
    }

    /// The staging folder, for a [`Sink`].
    pub fn path(&self) -> &Path {
        self.staging.path()
    }

    /// Writes every file of `site` into the staging folder.
    pub fn add(&self, site: &SiteOutput) -> io::Result<()> {
        write_all(self.staging.path(), site)
    }

    /// Swaps the staged site in for the destination.
    pub fn commit(self) -> io::Result<()> {
        let Staged {
            staging,
            out,
            parent,
            name,
        } = self;
        swap_in(staging.keep(), &out, &parent, &name)
    }
}

fn swap_in(staged: PathBuf, out: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if out.exists() {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        std::fs::rename(out, &old)?;
        if let Err(e) = std::fs::rename(&staged, out) {
            let _ = std::fs::rename(&old, out);
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e);
        }
        let _ = std::fs::remove_dir_all(&old);
    } else if let Err(e) = std::fs::rename(&staged, out) {
        let _ = std::fs::remove_dir_all(&staged);
        return Err(e);
    }
    Ok(())
}

fn write_all(dir: &Path, site: &SiteOutput) -> io::Result<()> {
    let folders = Folders::default();
    site.files
        .par_iter()
        .try_for_each(|f| write_to(folders.target(dir, &f.path)?, f))?;
    site.copies
        .par_iter()
        .try_for_each(|(src, dest)| std::fs::copy(src, folders.target(dir, dest)?).map(|_| ()))
}

/// The folders made under one staging folder so far: asking the file system
/// again for every file cost more than writing small pages.
#[derive(Default)]
struct Folders(Mutex<HashSet<PathBuf>>);

impl Folders {
    /// `dir`'s file for `p`, its folders created.
    fn target(&self, dir: &Path, p: &OutputPath) -> io::Result<PathBuf> {
        let path = dir.join(p.as_path());
        if let Some(folder) = path.parent() {
            let made = self.0.lock().unwrap_or_else(|e| e.into_inner()).contains(folder);
            if !made {
                std::fs::create_dir_all(folder)?;
                self.0
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(folder.to_path_buf());
            }
        }
        Ok(path)
    }
}

/// Writes `f` to `path` as readers get it.
fn write_to(path: PathBuf, f: &OutputFile) -> io::Result<()> {
    std::fs::write(path, f.published())
}

/// Where `build` sends files as they are rendered: each page is checked for
/// accessibility and written to the staging folder at once, so the whole
/// site never sits in memory (at 10,000 pages that was most of the build's
/// peak memory). `compile` and live preview keep files in memory instead.
pub struct Sink<'a> {
    staging: &'a Path,
    a11y: bool,
    state: Mutex<SinkState>,
    folders: Folders,
}

#[derive(Default)]
struct SinkState {
    scanned: Vec<Scanned>,
    paths: Vec<OutputPath>,
    failed: Option<io::Error>,
}

impl<'a> Sink<'a> {
    pub fn new(staging: &'a Path, a11y: crate::a11y::Mode) -> Self {
        Sink {
            staging,
            a11y: a11y != crate::a11y::Mode::Off,
            state: Mutex::default(),
            folders: Folders::default(),
        }
    }

    /// Checks and writes `file`, under the brand folder `prefix` if any.
    pub fn take(&self, file: OutputFile, prefix: Option<&str>) {
        let in_site = file.path.clone();
        let file = match prefix {
            Some(dir) => OutputFile {
                path: OutputPath::new(Path::new(dir).join(file.path.as_path())),
                bytes: file.bytes,
            },
            None => file,
        };
        let scanned = if self.a11y {
            crate::a11y::scan(&file, prefix)
        } else {
            None
        };
        let wrote = self
            .folders
            .target(self.staging, &file.path)
            .and_then(|path| write_to(path, &file));
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.scanned.extend(scanned);
        state.paths.push(in_site);
        if let Err(e) = wrote {
            state.failed.get_or_insert(e);
        }
    }

    /// The pages checked and the paths written (in their site, without the
    /// brand folder) since the last call.
    pub fn drain(&self) -> (Vec<Scanned>, Vec<OutputPath>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        (std::mem::take(&mut state.scanned), std::mem::take(&mut state.paths))
    }

    /// The first write error, if any.
    pub fn finish(self) -> io::Result<()> {
        let state = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        state.failed.map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(text: &str) -> SiteOutput {
        SiteOutput {
            files: vec![OutputFile {
                path: OutputPath::new("a/index.html"),
                bytes: text.as_bytes().to_vec(),
            }],
            ..SiteOutput::default()
        }
    }

    /// Stages `site` for `out` and swaps it in, as `build` does.
    fn write_atomically(out: &Path, site: &SiteOutput) -> io::Result<()> {
        let staged = Staged::create(out)?;
        staged.add(site)?;
        staged.commit()
    }

    #[test]
    fn replaces_previous_output_and_leaves_no_temporaries() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_atomically(&out, &site("one")).unwrap();
        std::fs::write(out.join("stale.html"), "x").unwrap();
        write_atomically(&out, &site("two")).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert!(!out.join("stale.html").exists());
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn refuses_to_replace_the_site_or_its_sources() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("content")).unwrap();
        assert!(check_destination(tmp.path(), tmp.path()).is_err());
        assert!(check_destination(tmp.path(), &tmp.path().join("content")).is_err());
        assert!(check_destination(tmp.path(), &tmp.path().join("public")).is_ok());
    }
}
