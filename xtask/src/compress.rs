//! Precompressed copies of the files served, which the server's `ServeDir` sends to browsers
//! that accept them: `.br` at brotli's best (quality 11, window 22, as cargo-leptos writes
//! them) and `.gz` at zlib's best. Both are reproducible: the gzip header carries no time.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// Writes `FILE.br` and `FILE.gz` beside every file under `dir`.
pub fn precompress_dir(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            precompress_dir(&path)?;
            continue;
        }
        if path
            .extension()
            .is_some_and(|ext| ext == "br" || ext == "gz")
        {
            continue;
        }
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        write_beside(&path, "br", &brotli_best(&bytes)?)?;
        write_beside(&path, "gz", &gzip_best(&bytes)?)?;
    }
    Ok(())
}

fn write_beside(path: &Path, ext: &str, bytes: &[u8]) -> Result<()> {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    std::fs::write(&name, bytes).with_context(|| format!("writing {}", name.display()))
}

pub fn brotli_best(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams::default();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

pub fn gzip_best(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn both_copies_decompress_to_the_file_and_are_reproducible() {
        let text = "a stylesheet, a script and a bundle ".repeat(200);
        let br = brotli_best(text.as_bytes()).expect("brotli");
        let gz = gzip_best(text.as_bytes()).expect("gzip");
        assert!(br.len() < text.len() / 10 && gz.len() < text.len() / 10);

        let mut unbrotli = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut unbrotli).expect("valid brotli");
        assert_eq!(unbrotli, text.as_bytes());
        let mut ungzip = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut ungzip)
            .expect("valid gzip");
        assert_eq!(ungzip, text);

        assert_eq!(
            gzip_best(text.as_bytes()).expect("gzip"),
            gz,
            "no time in it"
        );
        assert_eq!(&br[..], &brotli_best(text.as_bytes()).expect("brotli")[..]);
    }

    #[test]
    fn every_file_gets_both_copies_and_copies_get_none() {
        let dir = std::env::temp_dir().join(format!("xtask-compress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("pkg")).expect("a folder");
        std::fs::write(dir.join("favicon.svg"), "<svg/>").expect("a file");
        std::fs::write(dir.join("pkg/app.js"), "export {}").expect("a file");
        precompress_dir(&dir).expect("compressed");
        precompress_dir(&dir).expect("again, over its own output");
        let mut names: Vec<String> = walk(&dir);
        names.sort();
        assert_eq!(
            names,
            [
                "favicon.svg",
                "favicon.svg.br",
                "favicon.svg.gz",
                "pkg/app.js",
                "pkg/app.js.br",
                "pkg/app.js.gz"
            ]
        );
        std::fs::remove_dir_all(&dir).expect("cleaned up");
    }

    fn walk(dir: &Path) -> Vec<String> {
        let mut names = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(at) = stack.pop() {
            for entry in std::fs::read_dir(&at).expect("readable") {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path.strip_prefix(dir).expect("inside");
                    names.push(rel.to_string_lossy().into_owned());
                }
            }
        }
        names
    }
}
