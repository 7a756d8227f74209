//! The site directory the server serves files from: the bundle (`pkg/NAME.js`, `NAME.wasm`,
//! `NAME.css`) and the assets. It is written beside the old one and swapped in at the end,
//! so a server running from it never sees half a build, and a file deleted from `assets/`
//! does not live on.

use crate::compress;
use crate::project::{Mode, Project};
use crate::tools::Tools;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn build(project: &Project, tools: &Tools) -> Result<()> {
    let staging = project.site_root.with_extension("next");
    remove_if_there(&staging)?;
    let pkg_rel = project
        .pkg_dir
        .strip_prefix(&project.site_root)
        .context("the pkg folder is inside the site")?;
    let pkg = staging.join(pkg_rel);
    std::fs::create_dir_all(&pkg).with_context(|| format!("creating {}", pkg.display()))?;
    let scratch = project.root.join("target/xtask");
    remove_if_there(&scratch)?;
    std::fs::create_dir_all(&scratch).context("creating target/xtask")?;

    bindings(project, &scratch)?;
    let name = &project.output_name;
    let bg_wasm = scratch.join(format!("{name}_bg.wasm"));
    // cargo-leptos names it NAME.wasm, the name the pages load.
    let wasm = pkg.join(format!("{name}.wasm"));
    match &tools.wasm_opt {
        Some(wasm_opt) => run(Command::new(wasm_opt)
            .args([
                "-Oz",
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
            ])
            .arg(&bg_wasm)
            .arg("-o")
            .arg(&wasm))?,
        None => copy(&bg_wasm, &wasm)?,
    }
    let js = scratch.join(format!("{name}.js"));
    match &tools.minifier {
        Some((node, script)) => run(Command::new(node)
            .arg(script)
            .arg(&js)
            .arg(pkg.join(format!("{name}.js"))))?,
        None => copy(&js, &pkg.join(format!("{name}.js")))?,
    }
    let snippets = scratch.join("snippets");
    if snippets.is_dir() {
        copy_dir(&snippets, &pkg.join("snippets"))?;
    }

    stylesheet(project, tools, &scratch, &pkg.join(format!("{name}.css")))?;
    copy_dir(&project.assets_dir, &staging)?;
    if project.mode == Mode::Release {
        compress::precompress_dir(&staging)?;
    }

    remove_if_there(&project.site_root)?;
    std::fs::rename(&staging, &project.site_root)
        .with_context(|| format!("moving the new site to {}", project.site_root.display()))
}

/// JavaScript bindings for the wasm library, as `wasm-bindgen --target web` makes them with
/// its default flags (the flags cargo-leptos passes), without TypeScript declarations.
fn bindings(project: &Project, out: &Path) -> Result<()> {
    let input = project.front_wasm();
    if !input.is_file() {
        bail!("cargo did not write {}", input.display());
    }
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&input)
        .web(true)?
        .out_name(&project.output_name)
        .debug(false)
        .demangle(true)
        .keep_lld_exports(false)
        .keep_debug(false)
        .split_debug_info(false)
        .remove_name_section(false)
        .remove_producers_section(false)
        .typescript(false)
        .omit_imports(false)
        .omit_default_module_path(false)
        .split_linked_modules(false)
        .js_string_builtins(false)
        .generate(out)
        .context("making the JavaScript bindings")
}

/// The stylesheet through Lightning CSS for the browsers of `browserquery`, minified in
/// release. The input ends with a newline, as the file cargo-leptos passes does.
fn stylesheet(project: &Project, tools: &Tools, scratch: &Path, out: &Path) -> Result<()> {
    let mut css = std::fs::read_to_string(&project.style_file)
        .with_context(|| format!("reading {}", project.style_file.display()))?;
    css.push('\n');
    let input = scratch.join("style.css");
    std::fs::write(&input, css).context("writing the stylesheet's input")?;
    let mut command = Command::new(&tools.lightningcss);
    if project.mode == Mode::Release {
        command.arg("--minify");
    }
    run(command
        .args(["--targets", &project.browserquery])
        .arg(&input)
        .arg("-o")
        .arg(out))
}

fn run(command: &mut Command) -> Result<()> {
    let program = PathBuf::from(command.get_program());
    let name = program
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let status = command
        .status()
        .with_context(|| format!("starting {}", program.display()))?;
    if !status.success() {
        bail!("{name} failed ({status})");
    }
    Ok(())
}

fn remove_if_there(path: &Path) -> Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
            Err(err).with_context(|| format!("removing {}", path.display()))
        }
        _ => Ok(()),
    }
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .map(drop)
        .with_context(|| format!("copying {} to {}", from.display(), to.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let path = entry?.path();
        let target = to.join(path.file_name().context("a file name")?);
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            copy(&path, &target)?;
        }
    }
    Ok(())
}
