//! Writing the site: everything is built into a temporary folder beside the
//! output and swapped in with renames, so a failed or interrupted build never
//! leaves a half-written site, and the previous site stays until the new one
//! is complete.

use crate::paths::OutputPath;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

/// The whole site in memory: rendered files plus files copied as they are.
#[derive(Default)]
pub struct SiteOutput {
    pub files: Vec<OutputFile>,
    /// (source file, destination) for assets.
    pub copies: Vec<(PathBuf, OutputPath)>,
}

impl SiteOutput {
    pub fn len(&self) -> usize {
        self.files.len() + self.copies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Removes the accessibility checker's source markers from every page
    /// (writing does this on the way; `compile` callers get clean pages too).
    pub fn strip_markers(&mut self) {
        self.files
            .par_iter_mut()
            .filter(|f| f.path.as_path().extension().is_some_and(|e| e == "html"))
            .for_each(|f| f.bytes = crate::a11y::markers::strip(&f.bytes));
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

/// Writes `site` to `out`, replacing what was there only once all is written.
pub fn write_atomically(out: &Path, site: &SiteOutput) -> io::Result<()> {
    Staged::write(out, site)?.commit()
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
    /// Writes every file of `site` (source markers stripped from pages).
    pub fn write(out: &Path, site: &SiteOutput) -> io::Result<Staged> {
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
        write_all(staging.path(), site)?;
        Ok(Staged {
            staging,
            out: out.to_path_buf(),
            parent,
            name,
        })
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
    let target = |p: &OutputPath| -> io::Result<PathBuf> {
        let path = dir.join(p.as_path());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        Ok(path)
    };
    site.files.par_iter().try_for_each(|f| {
        let path = target(&f.path)?;
        if f.path.as_path().extension().is_some_and(|e| e == "html") {
            std::fs::write(path, crate::a11y::markers::strip(&f.bytes))
        } else {
            std::fs::write(path, &f.bytes)
        }
    })?;
    site.copies
        .par_iter()
        .try_for_each(|(src, dest)| std::fs::copy(src, target(dest)?).map(|_| ()))
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
            copies: vec![],
        }
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
