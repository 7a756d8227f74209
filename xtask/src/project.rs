//! The project as `[[workspace.metadata.leptos]]` in the root `Cargo.toml` describes it: the
//! one place cargo-leptos and this tool both read, so the two build the same thing.

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Debug,
    Release,
}

/// The keys of the metadata table this tool uses (cargo-leptos has more).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Metadata {
    name: String,
    bin_package: String,
    bin_target: String,
    lib_package: String,
    lib_features: Vec<String>,
    lib_profile_release: String,
    site_root: String,
    site_pkg_dir: String,
    style_file: String,
    assets_dir: String,
    site_addr: String,
    reload_port: u16,
    browserquery: String,
}

#[derive(Debug, Deserialize)]
struct Manifest {
    workspace: Workspace,
}

#[derive(Debug, Deserialize)]
struct Workspace {
    metadata: WorkspaceMetadata,
}

#[derive(Debug, Deserialize)]
struct WorkspaceMetadata {
    leptos: Vec<Metadata>,
}

#[derive(Debug)]
pub struct Project {
    pub mode: Mode,
    /// The workspace root (the folder holding this tool's folder).
    pub root: PathBuf,
    /// The name of the bundle's files (`rehearse.js`, `rehearse.wasm`, `rehearse.css`).
    pub output_name: String,
    pub site_root: PathBuf,
    pub pkg_dir: PathBuf,
    pub style_file: PathBuf,
    pub assets_dir: PathBuf,
    pub browserquery: String,
    meta: Metadata,
}

impl Project {
    pub fn load(mode: Mode) -> Result<Self> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("the tool's folder has no parent")?
            .to_path_buf();
        let manifest_path = root.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest_path)
            .with_context(|| format!("reading {}", manifest_path.display()))?;
        Self::from_manifest(mode, root, &text)
    }

    pub(crate) fn from_manifest(mode: Mode, root: PathBuf, text: &str) -> Result<Self> {
        let manifest: Manifest =
            toml::from_str(text).context("reading [[workspace.metadata.leptos]] in Cargo.toml")?;
        let mut projects = manifest.workspace.metadata.leptos;
        if projects.len() != 1 {
            bail!("Cargo.toml must describe exactly one [[workspace.metadata.leptos]] project");
        }
        let meta = projects.remove(0);
        let site_root = root.join(&meta.site_root);
        Ok(Project {
            mode,
            output_name: meta.name.clone(),
            pkg_dir: site_root.join(&meta.site_pkg_dir),
            site_root,
            style_file: root.join(&meta.style_file),
            assets_dir: root.join(&meta.assets_dir),
            browserquery: meta.browserquery.clone(),
            root,
            meta,
        })
    }

    pub fn relative<'a>(&self, path: &'a Path) -> std::path::Display<'a> {
        path.strip_prefix(&self.root).unwrap_or(path).display()
    }

    fn release(&self) -> bool {
        self.mode == Mode::Release
    }

    /// What cargo-leptos puts in the environment of both builds and of the server it runs.
    /// Some of it is read at compile time (`LEPTOS_OUTPUT_NAME` names the bundle the pages
    /// load).
    pub fn leptos_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("LEPTOS_OUTPUT_NAME", self.output_name.clone()),
            ("LEPTOS_SITE_ROOT", self.meta.site_root.clone()),
            ("LEPTOS_SITE_PKG_DIR", self.meta.site_pkg_dir.clone()),
            ("LEPTOS_SITE_ADDR", self.meta.site_addr.clone()),
            ("LEPTOS_RELOAD_PORT", self.meta.reload_port.to_string()),
            ("LEPTOS_LIB_DIR", self.meta.lib_package.clone()),
            ("LEPTOS_BIN_DIR", self.meta.bin_package.clone()),
            ("LEPTOS_JS_MINIFY", self.release().to_string()),
            ("LEPTOS_HASH_FILES", "false".to_owned()),
        ]
    }

    /// `cargo build` in the workspace. Where this sets RUSTFLAGS, cargo ignores rustflags
    /// from its config files: the workspace has none, and any added there must come here too.
    fn cargo(&self, target_dir: &str) -> Command {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command.current_dir(&self.root).args([
            "build",
            "--locked",
            &format!("--target-dir={target_dir}"),
        ]);
        command.envs(self.leptos_env());
        // Debug builds erase view types, as cargo-leptos does: the same flags as the tests
        // (scripts/test), so the two share their compiled dependencies.
        if !self.release() {
            let mut flags = std::env::var("RUSTFLAGS").unwrap_or_default();
            flags.push_str(" --cfg erase_components");
            command.env("RUSTFLAGS", flags.trim());
        }
        command
    }

    /// Downloads the dependencies of both builds (and only theirs: not every platform's).
    pub fn cargo_fetch(&self) -> Command {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command.current_dir(&self.root).args([
            "fetch",
            "--locked",
            "--target=wasm32-unknown-unknown",
            &format!("--target={}", host_target()),
        ]);
        command
    }

    /// The browser bundle: the library with its `hydrate` features, for wasm32.
    pub fn cargo_front(&self) -> Command {
        let mut command = self.cargo("target/front");
        command.args([
            &format!("--package={}", self.meta.lib_package),
            "--lib",
            "--target=wasm32-unknown-unknown",
            "--no-default-features",
            &format!("--features={}", self.meta.lib_features.join(",")),
        ]);
        if self.release() {
            command.arg(format!("--profile={}", self.meta.lib_profile_release));
            // Panic messages name the source file of each dependency, under CARGO_HOME:
            // `/root/.cargo/registry/src/index.crates.io-…/tachys-0.2.19/src/…` hundreds of
            // times. Cut to `tachys-0.2.19/src/…`, the bundle no longer depends on where cargo
            // keeps its downloads (the same bytes on every machine) and is smaller.
            let mut flags = std::env::var("RUSTFLAGS").unwrap_or_default();
            for source in registry_sources() {
                flags.push_str(&format!(" --remap-path-prefix={}/=", source.display()));
            }
            command.env("RUSTFLAGS", flags.trim());
        }
        command
    }

    /// The library cargo writes for the browser, before bindings.
    pub fn front_wasm(&self) -> PathBuf {
        let profile = match self.mode {
            Mode::Release => self.meta.lib_profile_release.as_str(),
            Mode::Debug => "debug",
        };
        self.root
            .join("target/front/wasm32-unknown-unknown")
            .join(profile)
            .join(format!("{}.wasm", self.meta.lib_package.replace('-', "_")))
    }

    pub fn cargo_server(&self) -> Command {
        // Named, so a CARGO_TARGET_DIR of the caller's cannot put the binary elsewhere.
        let mut command = self.cargo("target");
        command.args([
            &format!("--package={}", self.meta.bin_package),
            &format!("--bin={}", self.meta.bin_target),
            "--no-default-features",
        ]);
        if self.release() {
            command.arg("--release");
        }
        command
    }

    pub fn server_binary(&self) -> PathBuf {
        let profile = match self.mode {
            Mode::Release => "release",
            Mode::Debug => "debug",
        };
        self.root
            .join("target")
            .join(profile)
            .join(&self.meta.bin_target)
    }
}

/// The machine's own target triple, as rustc reports it.
fn host_target() -> String {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    Command::new(rustc)
        .arg("-vV")
        .output()
        .ok()
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("host: ").map(str::to_owned))
        })
        .unwrap_or_else(|| "x86_64-unknown-linux-gnu".to_owned())
}

/// The folders cargo unpacks downloaded crates into, one per registry.
fn registry_sources() -> Vec<PathBuf> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    let Some(src) = cargo_home.map(|home| home.join("registry/src")) else {
        return Vec::new();
    };
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&src)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.is_dir())
                .collect()
        })
        .unwrap_or_default();
    sources.sort();
    sources
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace_file(path: &str) -> String {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        std::fs::read_to_string(root.join(path)).expect("a workspace file")
    }

    #[test]
    fn reads_the_projects_leptos_metadata() {
        let project = Project::from_manifest(
            Mode::Release,
            PathBuf::from("/r"),
            &workspace_file("Cargo.toml"),
        )
        .expect("the metadata reads");
        assert_eq!(project.output_name, "rehearse");
        assert_eq!(project.pkg_dir, PathBuf::from("/r/target/site/pkg"));
        assert_eq!(
            project.front_wasm(),
            PathBuf::from("/r/target/front/wasm32-unknown-unknown/wasm-release/app.wasm")
        );
        assert_eq!(
            project.server_binary(),
            PathBuf::from("/r/target/release/rehearse")
        );
    }

    /// The bindings are made by the crate this tool is built with; the app's `wasm-bindgen`
    /// must be the same version, or the browser bundle would not load.
    #[test]
    fn bindings_are_made_at_the_apps_wasm_bindgen_version() {
        let version_in = |lock: &str| {
            let lock = workspace_file(lock);
            let at = lock
                .find("name = \"wasm-bindgen\"\nversion = \"")
                .expect("wasm-bindgen in the lock file");
            lock[at..].lines().nth(1).expect("its version").to_owned()
        };
        let cli_support = {
            let lock = workspace_file("xtask/Cargo.lock");
            let at = lock
                .find("name = \"wasm-bindgen-cli-support\"\nversion = \"")
                .expect("cli-support in the lock file");
            lock[at..].lines().nth(1).expect("its version").to_owned()
        };
        assert_eq!(version_in("Cargo.lock"), cli_support);
    }
}
