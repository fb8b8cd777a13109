//! A synthetic supplier pack: invented structures in the documented CSV format, reproducible
//! from a seed. No real firm: every SIRET starts with 000, which no SIREN does, and still
//! passes the Luhn key; names, contacts and websites are made up.

/// (département, communes with their Insee codes).
const PLACES: [(&str, &[(&str, &str)]); 8] = [
    (
        "69",
        &[
            ("69123", "Lyon"),
            ("69266", "Villeurbanne"),
            ("69259", "Vénissieux"),
        ],
    ),
    (
        "01",
        &[("01053", "Bourg-en-Bresse"), ("01004", "Ambérieu-en-Bugey")],
    ),
    ("38", &[("38185", "Grenoble"), ("38544", "Vienne")]),
    ("42", &[("42218", "Saint-Étienne"), ("42187", "Roanne")]),
    (
        "13",
        &[("13055", "Marseille"), ("13001", "Aix-en-Provence")],
    ),
    ("75", &[("75056", "Paris")]),
    ("2A", &[("2A004", "Ajaccio")]),
    ("974", &[("97411", "Saint-Denis")]),
];

/// (type, NAF codes it is registered under). Associations often register as social action
/// (88.99B) rather than by trade: those rows carry a marketplace sector instead.
const KINDS: [(&str, &[&str]); 10] = [
    ("EI", &["81.21Z", "81.30Z", "43.34Z", "49.42Z", "56.29A"]),
    ("ACI", &["81.30Z", "88.99B", "81.21Z"]),
    ("AI", &["78.30Z", "88.99B"]),
    ("ETTI", &["78.20Z"]),
    ("EITI", &["43.34Z", "81.21Z"]),
    ("GEIQ", &["78.30Z"]),
    ("EA", &["81.21Z", "81.30Z", "82.92Z", "95.11Z"]),
    ("EATT", &["78.20Z"]),
    ("ESAT", &["81.30Z", "82.92Z", "81.21Z"]),
    ("ESS", &["88.99B", "56.29B", "90.01Z"]),
];

const SECTORS: [&str; 4] = [
    "Espaces verts & extérieurs : Création et entretien des espaces verts",
    "Hygiène et Propreté : Nettoyage de locaux",
    "Bâtiments et Travaux publics : Peinture & Revêtement des murs",
    "Déménagements, Livraisons & Transports : Déménagement",
];

/// Headcounts as counts or ranges; empty: unknown.
const BANDS: [&str; 9] = [
    "", "2", "5", "8", "12", "10 à 19", "20 à 49", "50 à 99", "150",
];

pub const HEADER: &str =
    "siret;raison_sociale;type;naf;secteurs;code_commune;departement;effectif;site_web;contact";

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next() % items.len()]
    }
}

/// A SIRET « 000 » + 10 digits from `n`, with the last digit chosen to satisfy Luhn.
pub fn fake_siret(n: usize) -> String {
    let body = format!("000{n:010}");
    for last in 0..10 {
        let candidate = format!("{body}{last}");
        let sum: u32 = candidate
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, b)| {
                let d = u32::from(b - b'0');
                if i % 2 == 1 {
                    let x = d * 2;
                    if x > 9 {
                        x - 9
                    } else {
                        x
                    }
                } else {
                    d
                }
            })
            .sum();
        if sum.is_multiple_of(10) {
            return candidate;
        }
    }
    unreachable!("one of ten last digits always satisfies Luhn")
}

/// `rows` invented structures in the documented format (`;`, UTF-8, no BOM).
pub fn pack_csv(rows: usize, seed: u64) -> String {
    let mut rng = Lcg(seed);
    let mut out = String::with_capacity(rows * 160);
    out.push_str(HEADER);
    out.push('\n');
    for n in 0..rows {
        let (dep, communes) = rng.pick(&PLACES);
        let (code, commune) = rng.pick(communes);
        let (kind, nafs) = rng.pick(&KINDS);
        let naf = rng.pick(nafs);
        let sectors = if *naf == "88.99B" {
            *rng.pick(&SECTORS)
        } else {
            ""
        };
        let band = rng.pick(&BANDS);
        out.push_str(&format!(
            "{};{kind} {commune} solidaire n° {n};{kind};{naf};{sectors};{code};{dep};{band};https://structure-{n}.example;contact-{n}@example.org\n",
            fake_siret(n)
        ));
    }
    out
}
