//! French text at the bottom of the module graph: every formatter and parser of what users type
//! and read (amounts, numbers, hours, percentages, articles, dates, capitals), shared by the
//! model, the rules, the clause filters, the documents and the window. It depends on nothing
//! else of the crate.

mod articles;
mod dates;
mod money;
mod numbers;
mod text;
mod typography;

pub use articles::{format_article, format_references};
pub use dates::{date_courte, date_longue, month_from_name, month_name, parse_date};
pub use money::{format_amount, format_euros, group_thousands, parse_amount_cents, AmountError};
pub use numbers::{format_hours, format_number, format_percent, parse_decimal, parse_whole};
pub use text::{capitalized, count_of, enumeration, fold_for_search, quantity_of};
pub use typography::typeset;
