//! Writers of a Document (DOCX, Markdown) and, later, data exports.

pub mod docx;
pub mod markdown;
mod package;
pub mod redline;
