//! Lots typed or pasted as a table: one row a lot, columns separated by tabs as a
//! spreadsheet copies them (title, amount, trade).

use clausier::fr::parse_amount_cents;
use clausier::reference::TradePreset;

/// One pasted row.
#[derive(Debug, Clone, PartialEq)]
pub struct PastedLot {
    pub title: String,
    /// The amount as typed, when it is not a valid amount (kept so the user sees and fixes it).
    pub amount: Result<i64, String>,
    /// Id of the trade preset named in the third column, if one matches.
    pub trade: Option<String>,
}

/// true when a pasted text holds more than one cell: it is a table, not a title.
pub fn is_table(text: &str) -> bool {
    text.contains('\t') || text.trim_end().contains('\n')
}

/// The rows of a pasted table. A first row whose amount is not a number is taken for a
/// header and skipped; blank rows are dropped.
pub fn parse(text: &str, trades: &[TradePreset]) -> Vec<PastedLot> {
    let mut rows: Vec<PastedLot> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut cells = line.split('\t').map(str::trim);
            let title = cells.next().unwrap_or("").to_string();
            let amount_text = cells.next().unwrap_or("");
            let amount = if amount_text.is_empty() {
                Ok(0)
            } else {
                parse_amount_cents(amount_text).map_err(|_| amount_text.to_string())
            };
            let trade = cells.next().and_then(|t| trade_named(t, trades));
            PastedLot {
                title,
                amount,
                trade,
            }
        })
        .collect();
    if rows.len() > 1 && rows[0].amount.is_err() {
        rows.remove(0);
    }
    rows
}

/// The preset whose label or id is `name`, ignoring case.
fn trade_named(name: &str, trades: &[TradePreset]) -> Option<String> {
    let name = name.trim().to_lowercase();
    if name.is_empty() {
        return None;
    }
    trades
        .iter()
        .find(|t| t.label.to_lowercase() == name || t.id.to_lowercase() == name)
        .map(|t| t.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clausier::reference::ReferenceData;

    #[test]
    fn a_spreadsheet_selection_becomes_lots_without_its_header() {
        let trades = &ReferenceData::bundled().insertion.trades;
        let label = trades[0].label.clone();
        let text = format!(
            "Intitulé\tMontant\tMétier\r\nGros œuvre\t520 000\t{label}\r\nPeinture\t120 000,50\t\r\nMenuiseries\tdouze\n"
        );
        let rows = parse(&text, trades);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].title, "Gros œuvre");
        assert_eq!(rows[0].amount, Ok(52_000_000));
        assert_eq!(rows[0].trade.as_deref(), Some(trades[0].id.as_str()));
        assert_eq!(rows[1].amount, Ok(12_000_050));
        assert_eq!(rows[1].trade, None);
        assert_eq!(rows[2].amount, Err("douze".to_string()));
        assert!(is_table(&text));
        assert!(!is_table("Gros œuvre"));
    }
}
