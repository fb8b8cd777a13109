//! Writes the invented files of `scripts/bench-planning.sh` into the folder given: a
//! 2 000-line programme and a 50 000-contract essential-data file.

#[path = "../tests/it/common/planning.rs"]
mod planning;

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("a folder"));
    std::fs::write(dir.join("programme.csv"), planning::programme_csv(2_000, 1)).unwrap();
    std::fs::write(dir.join("decp.json"), planning::decp_json(50_000, 1)).unwrap();
}
