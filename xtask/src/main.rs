//! `cargo xtask`: builds and serves Rehearse with nothing but cargo and npm packages.
//!
//! ```text
//! cargo xtask build [--release]   the server binary and the site directory (target/site)
//! cargo xtask serve [--release]   the same, then runs the server
//! ```
//!
//! It does what `cargo leptos build` does for this project, reading the same
//! `[[workspace.metadata.leptos]]` table: the server binary; the `hydrate` library for wasm32;
//! its JavaScript bindings, made in process by `wasm-bindgen-cli-support`; then, in release,
//! binaryen's `wasm-opt`, SWC's minifier and Lightning CSS (npm's prebuilt packages in
//! `xtask/node_modules`), and precompressed `.br` and `.gz` copies of every file served. The
//! release bundle is the bytes cargo-leptos writes, without its half-hour install; nothing is
//! downloaded. `cargo leptos watch` keeps working for development, for those who install it.
//!
//! A missing tool stops the build with one line that names the script installing it.

mod compress;
mod project;
mod site;
mod tools;

use anyhow::{Context, Result, bail};
use project::{Mode, Project};
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask build [--release] | cargo xtask serve [--release]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A missing tool is one line; anything else shows its chain of causes.
            if err.downcast_ref::<tools::Missing>().is_some() {
                eprintln!("error: {err}");
            } else {
                eprintln!("error: {err:#}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<()> {
    let (command, flags) = args.split_first().context(USAGE)?;
    let mode = match flags {
        [] => Mode::Debug,
        [flag] if flag == "--release" => Mode::Release,
        _ => bail!("{USAGE}"),
    };
    let project = Project::load(mode)?;
    match command.as_str() {
        "build" => build(&project).map(drop),
        "serve" => serve(&project),
        _ => bail!("{USAGE}"),
    }
}

/// Builds the server and the site; returns the server binary's path.
fn build(project: &Project) -> Result<std::path::PathBuf> {
    let tools = tools::Tools::find(project)?;
    // Every crate downloaded and unpacked first, once: the two builds below would otherwise
    // both wait on the download, and the bundle's flags name the folders it lands in.
    if !project
        .cargo_fetch()
        .status()
        .context("starting cargo")?
        .success()
    {
        bail!("cargo could not fetch the dependencies");
    }
    // The two cargo builds use different target directories, so they run side by side: one
    // links or optimises while the other compiles.
    let mut front = project.cargo_front().spawn().context("starting cargo")?;
    let mut server = project.cargo_server().spawn().context("starting cargo")?;
    let front_built = front.wait().context("waiting for cargo")?.success();
    let site = match server.try_wait() {
        Ok(Some(status)) if !status.success() => Err(anyhow::anyhow!("the server did not build")),
        _ if !front_built => Err(anyhow::anyhow!("the browser bundle did not build")),
        _ => site::build(project, &tools),
    };
    // The server's build is always waited for, never killed: killing cargo would leave its
    // compilers running on their own, racing the next build.
    let server_built = server.wait().context("waiting for cargo")?.success();
    site?;
    if !server_built {
        bail!("the server did not build");
    }
    let binary = project.server_binary();
    println!(
        "built {} and {}",
        project.relative(&binary),
        project.relative(&project.site_root)
    );
    Ok(binary)
}

fn serve(project: &Project) -> Result<()> {
    let binary = build(project)?;
    let mut command = Command::new(&binary);
    command.current_dir(&project.root);
    for (name, value) in project.leptos_env() {
        // The caller may choose the address; the bundle's name and place are the build's.
        if name == "LEPTOS_SITE_ADDR" && std::env::var_os(name).is_some() {
            continue;
        }
        command.env(name, value);
    }
    use std::os::unix::process::CommandExt;
    Err(command.exec()).with_context(|| format!("running {}", binary.display()))
}
