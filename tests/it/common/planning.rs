//! Invented purchasing programmes and essential data (DECP) files, for the tests and the
//! benchmarks: no real buyer's data, every value made up, deterministic for a seed.
#![allow(dead_code)]

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

/// (title, nature as written, CPV, typical amount in euros)
const PURCHASES: [(&str, &str, &str, u64); 12] = [
    ("Nettoyage des locaux", "Services", "90911200-8", 180_000),
    ("Entretien des espaces verts", "S", "77310000", 95_000),
    ("Fournitures de bureau", "FCS", "30192000", 35_000),
    ("Réfection de toiture", "Travaux", "45261000", 420_000),
    ("Peinture des écoles", "TX", "45442100", 150_000),
    ("Restauration scolaire", "services", "55523100", 900_000),
    ("Étude de programmation", "PI", "71241000", 55_000),
    ("Mobilier", "Fournitures", "39130000", 70_000),
    ("Gardiennage", "Services", "79713000", 260_000),
    ("Voirie", "travaux", "45233140", 1_800_000),
    ("Déménagement des archives", "", "98392000", 25_000),
    ("Maintenance informatique", "TIC", "72253000", 140_000),
];

const SERVICES: [&str; 5] = [
    "Éducation",
    "Patrimoine",
    "Espaces publics",
    "Moyens généraux",
    "Culture",
];

/// A programme of `rows` lines with the headers a purchasing department writes (a title line,
/// an empty line, accents and capitals, `;`), every line valid.
pub fn programme_csv(rows: usize, seed: u64) -> String {
    let mut rng = Lcg(seed);
    let mut out = String::with_capacity(rows * 120);
    out.push_str("Programme prévisionnel des achats;;;;;;;\n;;;;;;;\n");
    out.push_str("INTITULÉ DE L'ACHAT;Nature;Montant estimé (€ HT);Date de lancement;Code CPV;Durée (mois);Lieu d'exécution;Direction\n");
    for n in 0..rows {
        let (title, nature, cpv, euros) = rng.pick(&PURCHASES);
        let factor = 50 + rng.next() % 100;
        let amount = euros * factor / 100;
        let month = 1 + rng.next() % 12;
        let day = 1 + rng.next() % 28;
        let months = [12, 24, 36, 48][(rng.next() % 4) as usize];
        out.push_str(&format!(
            "{title} n° {n};{nature};{};{day:02}/{month:02}/2027;{cpv};{months};Lyon 6900{};{}\n",
            thousands(amount),
            n % 9,
            rng.pick(&SERVICES)
        ));
    }
    out
}

/// « 1 234 567,00 », as French spreadsheets export amounts.
fn thousands(euros: u64) -> String {
    let digits = euros.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out + ",00"
}

/// The values `considerationsSociales` takes in published files, in every form.
const SOCIAL: [&str; 9] = [
    r#"["Clause sociale"]"#,
    r#"{"considerationSociale": ["Critère social"]}"#,
    r#"{"considerationSociale": ["Marché réservé"]}"#,
    r#"["Pas de considération sociale"]"#,
    r#"{"considerationSociale": ["Clause sociale", "Critère social"]}"#,
    r#""Clause sociale, Marché réservé""#,
    r#"{"considerationSociale": "NC"}"#,
    r#"[]"#,
    r#"null"#,
];

const CPVS: [&str; 6] = [
    "45210000-2",
    "90911200",
    "77310000",
    "30192000",
    "71241000",
    "55520000",
];

/// An essential-data file of `contracts` invented contracts in the regulatory form, with all
/// the fields of a published contract (titulaires, modifications…) so that reading it costs
/// what reading a real one does.
pub fn decp_json(contracts: usize, seed: u64) -> String {
    let mut rng = Lcg(seed);
    let mut out = String::with_capacity(contracts * 1100);
    out.push_str("{\"marches\": {\"marche\": [\n");
    for n in 0..contracts {
        if n > 0 {
            out.push_str(",\n");
        }
        let year = 2025 + (rng.next() % 3) as i32;
        let month = 1 + rng.next() % 12;
        let day = 1 + rng.next() % 28;
        let amount = [45_000, 120_000, 250_000, 900_000, 6_000_000][(rng.next() % 5) as usize];
        out.push_str(&format!(
            r#"{{"id": "{year}-{n:06}", "acheteur": {{"id": "21690123400011"}}, "nature": "Marché", "objet": "Marché inventé n° {n} pour les tests", "codeCPV": "{}", "techniques": {{"technique": ["Sans objet"]}}, "modalitesExecution": {{"modaliteExecution": ["Bons de commande"]}}, "idAccordCadre": null, "marcheInnovant": false, "ccag": "Fournitures courantes et services", "offresRecues": 3, "attributionAvance": true, "tauxAvance": 0.05, "typeGroupementOperateurs": "Pas de groupement", "sousTraitanceDeclaree": false, "procedure": "Procédure adaptée", "lieuExecution": {{"code": "69123", "typeCode": "Code commune"}}, "dureeMois": 24, "dateNotification": "{year}-{month:02}-{day:02}", "datePublicationDonnees": "{year}-{month:02}-{day:02}", "montant": {amount}, "typesPrix": {{"typePrix": ["Définitif ferme"]}}, "formePrix": "Unitaire", "titulaires": [{{"titulaire": {{"typeIdentifiant": "SIRET", "id": "{:014}"}}}}], "considerationsSociales": {}, "considerationsEnvironnementales": {{"considerationEnvironnementale": ["Clause environnementale"]}}, "modifications": []}}"#,
            rng.pick(&CPVS),
            10_000_000_000_000u64 + n as u64,
            rng.pick(&SOCIAL),
        ));
    }
    out.push_str("\n]}}\n");
    out
}
