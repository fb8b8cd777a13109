//! Writers of a Document (DOCX, Markdown) and, later, data exports.

mod articles;
pub mod docx;
mod docx_body;
pub mod into_model;
pub mod markdown;
mod package;
pub mod redline;
