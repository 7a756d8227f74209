//! Splits a content file into TOML front matter and `## ` sections, keeping line numbers so
//! that errors can point at the offending line. Fenced code blocks are respected: a `## ` or
//! `+++` inside a fence is content, not structure.

use super::ContentError;
use serde::de::DeserializeOwned;
use std::path::Path;

/// (line, message): the caller adds the file name.
pub(crate) type Located = (Option<usize>, String);

pub(crate) struct Document {
    front: String,
    /// Line number of the first front-matter line.
    front_line: usize,
    pub(crate) body: String,
    /// Line number of the first body line.
    pub(super) body_line: usize,
}

#[derive(Debug)]
pub(super) struct Section {
    pub(super) body: String,
    pub(super) body_line: usize,
}

impl Document {
    pub(crate) fn split(text: &str) -> Result<Self, Located> {
        let mut lines = text.split('\n');
        if lines.next().map(str::trim_end) != Some("+++") {
            return Err((
                Some(1),
                "the file must begin with TOML front matter: a line `+++`, the fields, and another `+++`"
                    .into(),
            ));
        }
        let mut front = Vec::new();
        let mut closed = false;
        for line in lines.by_ref() {
            if line.trim_end() == "+++" {
                closed = true;
                break;
            }
            front.push(line);
        }
        if !closed {
            return Err((
                Some(1),
                "the front matter opened on line 1 is never closed with `+++`".into(),
            ));
        }
        let body_line = front.len() + 3;
        Ok(Self {
            front: front.join("\n"),
            front_line: 2,
            body: lines.collect::<Vec<_>>().join("\n"),
            body_line,
        })
    }

    /// The front matter's TOML, as written.
    pub(crate) fn front_text(&self) -> &str {
        &self.front
    }

    pub(super) fn front_matter<T: DeserializeOwned>(&self, path: &Path) -> Result<T, ContentError> {
        toml::from_str(&self.front).map_err(|e| {
            let line = e.span().map(|span| self.line_of_offset(span.start));
            ContentError::new(
                path,
                line.or(Some(self.front_line)),
                format!("front matter: {}", e.message().trim_end()),
            )
        })
    }

    fn line_of_offset(&self, offset: usize) -> usize {
        let offset = offset.min(self.front.len());
        self.front_line + self.front[..offset].matches('\n').count()
    }

    /// An error pointing at the front-matter line that sets `key`.
    pub(super) fn error_at_key(
        &self,
        path: &Path,
        key: &str,
        message: impl Into<String>,
    ) -> ContentError {
        let line = self
            .front
            .lines()
            .position(|l| {
                l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            })
            .map(|i| self.front_line + i);
        ContentError::new(path, line, message)
    }

    /// Every `## ` section in file order, with its heading as written. Text before the first
    /// heading is an error; a `## ` inside a code fence is content, not a heading.
    pub(super) fn headed_sections(&self) -> Result<Vec<Headed>, Located> {
        let mut sections: Vec<Headed> = Vec::new();
        let mut fence: Option<(char, usize)> = None;
        for (i, line) in self.body.split('\n').enumerate() {
            let number = self.body_line + i;
            fence = next_fence_state(fence, line);
            let heading = if fence.is_none() {
                line.strip_prefix("## ")
            } else {
                None
            };
            if let Some(heading) = heading {
                sections.push(Headed {
                    heading: heading.trim().to_owned(),
                    line: number,
                    lines: Vec::new(),
                });
                continue;
            }
            match sections.last_mut() {
                Some(section) => section.lines.push(line.to_owned()),
                None if !line.trim().is_empty() => {
                    return Err((
                        Some(number),
                        "text before the first section; start with `## Prompt`".to_owned(),
                    ));
                }
                None => {}
            }
        }
        Ok(sections)
    }
}

/// One `## ` section as written.
#[derive(Debug)]
pub(super) struct Headed {
    pub(super) heading: String,
    /// Line number of the heading.
    pub(super) line: usize,
    lines: Vec<String>,
}

impl Headed {
    /// The section's text; an error naming the section when there is none.
    pub(super) fn body(&self, name: &str) -> Result<Section, Located> {
        let body = self.lines.join("\n");
        if body.trim().is_empty() {
            return Err((Some(self.line), format!("section `## {name}` is empty")));
        }
        Ok(Section {
            body,
            body_line: self.line + 1,
        })
    }

    /// Splits the section at its `### {name}` line (outside code fences) into the text before
    /// and the text after, both required.
    pub(super) fn split_at(&self, name: &str) -> Result<(Section, Section), Located> {
        let mut fence: Option<(char, usize)> = None;
        let mut at = None;
        for (i, line) in self.lines.iter().enumerate() {
            fence = next_fence_state(fence, line);
            if fence.is_none()
                && line
                    .strip_prefix("### ")
                    .is_some_and(|h| normalise(h) == normalise(name))
            {
                if at.is_some() {
                    return Err((
                        Some(self.line + 1 + i),
                        format!("`### {name}` appears twice in `## {}`", self.heading),
                    ));
                }
                at = Some(i);
            }
        }
        let at = at.ok_or_else(|| {
            (
                Some(self.line),
                format!("`## {}` needs a `### {name}` subsection", self.heading),
            )
        })?;
        let before = self.lines[..at].join("\n");
        let after = self.lines[at + 1..].join("\n");
        if before.trim().is_empty() {
            return Err((
                Some(self.line),
                format!("`## {}` has no text before `### {name}`", self.heading),
            ));
        }
        if after.trim().is_empty() {
            return Err((
                Some(self.line + 1 + at),
                format!("`### {name}` in `## {}` is empty", self.heading),
            ));
        }
        Ok((
            Section {
                body: before,
                body_line: self.line + 1,
            },
            Section {
                body: after,
                body_line: self.line + 2 + at,
            },
        ))
    }
}

/// Tracks CommonMark code fences: an opening run of three or more backticks or tildes, closed
/// by a run of the same character at least as long.
fn next_fence_state(fence: Option<(char, usize)>, line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 {
        return fence;
    }
    let Some(ch) = trimmed.chars().next().filter(|c| *c == '`' || *c == '~') else {
        return fence;
    };
    let run = trimmed.chars().take_while(|c| *c == ch).count();
    if run < 3 {
        return fence;
    }
    match fence {
        None => Some((ch, run)),
        Some((open, len)) if open == ch && run >= len && trimmed[run..].trim().is_empty() => None,
        Some(open) => Some(open),
    }
}

/// Headings compare without case, surrounding space or typographic apostrophes.
pub(super) fn normalise(heading: &str) -> String {
    heading.trim().replace('\u{2019}', "'").to_lowercase()
}
