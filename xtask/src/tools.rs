//! The tools a build runs besides cargo, found where the scripts install them, never
//! downloaded. Each missing one is named in one line with the script that installs it.

use crate::project::{Mode, Project};
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A tool the build needs is not installed.
#[derive(Debug)]
pub struct Missing(&'static str);

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is missing: ./scripts/run installs it (or ./scripts/test)",
            self.0
        )
    }
}

impl std::error::Error for Missing {}

pub struct Tools {
    /// binaryen's optimiser: npm's, since Debian's older one makes a bundle that fails to
    /// hydrate. Release only.
    pub wasm_opt: Option<PathBuf>,
    pub lightningcss: PathBuf,
    /// Node, with the script that runs SWC's minifier. Release only.
    pub minifier: Option<(PathBuf, PathBuf)>,
}

impl Tools {
    pub fn find(project: &Project) -> Result<Self> {
        if !wasm_target_installed() {
            return Err(Missing("the wasm32-unknown-unknown Rust target").into());
        }
        let tools = project.root.join("xtask");
        let bin = tools.join("node_modules/.bin");
        let release = project.mode == Mode::Release;
        let lightningcss = existing(bin.join("lightningcss"))
            .ok_or(Missing("Lightning CSS (xtask/node_modules)"))?;
        let wasm_opt = if release {
            Some(
                existing(bin.join("wasm-opt"))
                    .ok_or(Missing("binaryen's wasm-opt (xtask/node_modules)"))?,
            )
        } else {
            None
        };
        let minifier = if release {
            existing(tools.join("node_modules/@swc/core/package.json"))
                .ok_or(Missing("SWC (xtask/node_modules/@swc/core)"))?;
            let node = on_path("node").ok_or(Missing("Node.js"))?;
            Some((node, tools.join("minify.mjs")))
        } else {
            None
        };
        Ok(Tools {
            wasm_opt,
            lightningcss,
            minifier,
        })
    }
}

fn existing(path: PathBuf) -> Option<PathBuf> {
    path.exists().then_some(path)
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
}

/// Whether the standard library for wasm32 is installed (rustup prints the folder it would
/// be in either way).
fn wasm_target_installed() -> bool {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    Command::new(rustc)
        .args([
            "--print",
            "target-libdir",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .is_some_and(|dir| {
            std::fs::read_dir(Path::new(dir.trim())).is_ok_and(|mut entries| {
                entries.any(|entry| {
                    entry.is_ok_and(|e| e.file_name().to_string_lossy().starts_with("libcore-"))
                })
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A checkout whose npm tools were never installed: the build stops with one line that
    /// says which script installs them, before cargo starts.
    #[test]
    fn a_missing_tool_is_one_line_naming_the_script() {
        let manifest =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml"))
                .expect("the workspace manifest");
        let root = std::env::temp_dir().join(format!("xtask-tools-{}", std::process::id()));
        for mode in [Mode::Release, Mode::Debug] {
            let project = Project::from_manifest(mode, root.clone(), &manifest).expect("read");
            let Err(err) = Tools::find(&project) else {
                panic!("no tool is installed under {}", root.display());
            };
            assert!(err.downcast_ref::<Missing>().is_some(), "{err:#}");
            let message = err.to_string();
            assert!(!message.contains('\n'), "{message}");
            assert!(message.contains("./scripts/run installs it"), "{message}");
        }
    }
}
